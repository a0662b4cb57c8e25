// The typed wrappers build the expected argv (recording Exec) and the parsers read the real client's samples.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { recorder } from '../helpers/recording-exec.js';
import { createHelm } from '../../src/tools/helm.js';
import { createKubectl } from '../../src/tools/kubectl.js';
import { clusterCreateArgv, createOpenStack } from '../../src/tools/openstack.js';
import { parseHelmVersion } from '../../src/tools/parse/helm.js';
import { compareTemplates, isNotFound, newestTemplate, parseCluster, parseClusterConfig, parseClusterCreate, parseServer, parseServerList, parseTemplateList } from '../../src/tools/parse/openstack.js';

const SAMPLES = new URL('../sim/fixtures/openstack-cli-samples/', import.meta.url).pathname;
const sample = (name: string) => readFileSync(`${SAMPLES}${name}`, 'utf8');

test('cluster create argv matches the seed command (no -f), labels in one --labels with --merge-labels', () => {
  assert.deepEqual(
    clusterCreateArgv({ name: 'PanDA-DOMA-k8s', template: 'kubernetes-1.29.2-2', keypair: 'lxplus', nodeCount: 4, flavor: 'm2.xlarge', masterFlavor: 'm2.xlarge', labels: { cern_enabled: 'true', ingress_controller: 'nginx', cinder_csi_enabled: 'True' } }),
    ['coe', 'cluster', 'create', 'PanDA-DOMA-k8s', '--keypair', 'lxplus', '--cluster-template', 'kubernetes-1.29.2-2', '--node-count', '4', '--flavor', 'm2.xlarge', '--master-flavor', 'm2.xlarge', '--merge-labels', '--labels', 'cern_enabled=true,ingress_controller=nginx,cinder_csi_enabled=True'],
  );
});

test('openstack lookups: a not-found answer is undefined, mutating calls are marked', async () => {
  const { exec, calls } = recorder((_f, args) => (args[1] === 'show' ? { exitCode: 1, stderr: sample('keypair-show-missing.err') } : { stdout: sample('keypair-create.out') }));
  const os = createOpenStack(exec);
  assert.equal(await os.keypairShow('lxplus'), undefined);
  assert.equal((await os.keypairCreate('lxplus', '/k.pub')).fingerprint, 'ff:7b:8e:8e:cb:a4:e0:dc:93:29:b6:16:b5:e1:3a:ec');
  assert.deepEqual(calls.map((c) => [c.args.join(' '), c.options.mutating]), [['keypair show lxplus -f json', false], ['keypair create --public-key /k.pub lxplus -f json', true]]);
});

test('kubectl passes --kubeconfig/--context explicitly on every call', async () => {
  const { exec, calls } = recorder(() => ({ stdout: '{"apiVersion":"v1","items":[],"kind":"List"}' }));
  const k = createKubectl(exec, { kubeconfig: '/ws/config', context: 'default' });
  await k.getNodes();
  await k.label('node', 'n1', { role: 'ingress' });
  await k.patchConfigMap('kube-system', 'cm', { 'allow-snippet-annotations': 'true' });
  assert.deepEqual(calls.map((c) => c.args.slice(0, 4)), [['--kubeconfig', '/ws/config', '--context', 'default'], ['--kubeconfig', '/ws/config', '--context', 'default'], ['--kubeconfig', '/ws/config', '--context', 'default']]);
  assert.deepEqual(calls[1]!.args.slice(4), ['label', 'node', 'n1', 'role=ingress', '--overwrite']);
  assert.deepEqual(calls[2]!.args.slice(4), ['patch', 'configmap', 'cm', '--namespace', 'kube-system', '--type', 'merge', '-p', '{"data":{"allow-snippet-annotations":"true"}}']);
});

for (const [version, flag] of [['v3.17.2', '--atomic'], ['v4.1.4', '--rollback-on-failure']] as const) {
  test(`helm ${version}: the major is asked once and upgradeInstall uses ${flag}`, async () => {
    const { exec, calls } = recorder((_f, args) => (args[0] === 'version' ? { stdout: version } : {}));
    const helm = createHelm(exec, { kubeconfig: '/ws/config', context: 'default' });
    await helm.upgradeInstall({ release: 'test-panda', chart: 'charts/panda', namespace: 'panda', valuesFiles: ['v.yaml'], set: { 'global.deploymentName': 'test-' } });
    await helm.upgradeInstall({ release: 'test-idds', chart: 'charts/idds', namespace: 'panda' });
    assert.equal(calls.filter((c) => c.args[0] === 'version').length, 1);
    assert.deepEqual(calls[1]!.args, ['upgrade', '--install', 'test-panda', 'charts/panda', '--namespace', 'panda', '--create-namespace', '-f', 'v.yaml', '--set', 'global.deploymentName=test-', '--wait', flag, '--timeout', '10m', '--kubeconfig', '/ws/config', '--kube-context', 'default']);
    assert.equal(calls[1]!.options.mutating, true);
  });
}

test('parsers read the real client samples', () => {
  const c = parseCluster(sample('cluster-show-complete-json.out'));
  assert.deepEqual([c.status, c.nodeCount, c.apiAddress, c.labels['cinder_csi_enabled']], ['CREATE_COMPLETE', 4, 'https://188.185.73.247:6443', 'True']);
  assert.equal(parseCluster(sample('cluster-show-failed-json.out')).statusReason?.startsWith('Resource CREATE failed'), true);
  assert.equal(parseClusterCreate(sample('cluster-create.out')), '05973670-f289-42cc-9272-4432a80c29d3');
  assert.equal(parseClusterConfig(sample('cluster-config.out')), '/home/op/cfg/config');
  assert.deepEqual(parseServerList(sample('server-list-json.out'))[0], { id: '4c718863-a280-4bb9-9bb6-95152a8817a6', name: 'panda-doma-k8s-igdlfcl4llgt-node-3', status: 'ACTIVE', addresses: ['188.185.79.79'], flavor: 'm2.xlarge' });
  assert.equal(parseServer(sample('server-show-properties-json.out')).properties['landb-alias'], 'a--load-1-,b--load-1-');
  assert.equal(newestTemplate(parseTemplateList(sample('template-list-json.out')))?.name, 'kubernetes-1.30.1-1');
  for (const err of ['cluster-show-nosuch-json.err', 'keypair-show-missing.err', 'server-show-nosuch.err', 'template-show-missing.err']) assert.ok(isNotFound(sample(err)), err);
  assert.equal(isNotFound(sample('cluster-list-wrong-password.err')), false);
  assert.equal(parseHelmVersion('v3.17.2+gcc0bbbd')?.major, 3);
});

test('template names compare by version, not as strings', () => {
  const names = ['kubernetes-1.30.1-1', 'kubernetes-1.9.6-1', 'kubernetes-1.29.10-1', 'kubernetes-1.29.2-2', 'kubernetes-1.29.2-10'];
  assert.deepEqual([...names].sort(compareTemplates), ['kubernetes-1.9.6-1', 'kubernetes-1.29.2-2', 'kubernetes-1.29.2-10', 'kubernetes-1.29.10-1', 'kubernetes-1.30.1-1']);
});

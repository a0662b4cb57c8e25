// The cluster phase against the stand-ins as real child processes, through the product's wrappers and parsers.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createOpenStack } from '../../src/tools/openstack.js';
import { createKubectl } from '../../src/tools/kubectl.js';
import { ingressControllerInfo, versionAtLeast } from '../../src/tools/parse/kubectl.js';
import { newestTemplate } from '../../src/tools/parse/openstack.js';
import { readCalls } from '../../src/sim/calls.js';
import { simFixture, type SimFixture } from './helpers.js';

let sim: SimFixture;
before(() => {
  sim = simFixture('0');
});
after(() => sim.cleanup());

test('create → show polling → CREATE_COMPLETE → config → nodes Ready, all through the wrappers', async () => {
  const os = createOpenStack(sim.exec);
  assert.equal(await os.keypairShow('lxplus'), undefined, 'a missing keypair is an answer, not an error');
  const kp = await os.keypairCreate('lxplus', sim.publicKey);
  assert.match(kp.fingerprint, /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);

  const template = newestTemplate(await os.templateList());
  assert.equal(template?.name, 'kubernetes-1.30.1-1', 'version order, not string order or list order');

  const uuid = await os.clusterCreate({
    name: 'PanDA-DOMA-k8s', template: template!.name, keypair: 'lxplus', nodeCount: 3, flavor: 'm2.large', masterFlavor: 'm2.medium',
    labels: { cern_enabled: 'true', ingress_controller: 'nginx', cinder_csi_enabled: 'True' },
  });
  assert.match(uuid, /^[0-9a-f-]{36}$/);
  const first = await os.clusterShow('PanDA-DOMA-k8s');
  assert.equal(first?.status, 'CREATE_IN_PROGRESS');
  assert.equal(first?.apiAddress, null);
  const second = await os.clusterShow(uuid);
  assert.equal(second?.status, 'CREATE_COMPLETE');
  assert.equal(second?.labels['ingress_controller'], 'nginx');
  assert.match(second!.apiAddress!, /^https:\/\/188\.185\.\d+\.\d+:6443$/);

  mkdirSync(sim.work, { recursive: true });
  const kubeconfig = await os.clusterConfig('PanDA-DOMA-k8s', sim.work);
  assert.equal(kubeconfig, join(sim.work, 'config'));
  assert.match(readFileSync(kubeconfig, 'utf8'), /client-key-data: /);

  const kubectl = createKubectl(sim.exec, { kubeconfig });
  const nodes1 = await kubectl.getNodes();
  assert.deepEqual(nodes1.map((n) => n.ready), [false, false, false, false], 'nodes come up NotReady first');
  const nodes = await kubectl.getNodes();
  assert.ok(nodes.every((n) => n.ready));
  const workers = nodes.filter((n) => !n.master);
  assert.deepEqual(workers.map((n) => n.name.replace(/-[a-z0-9]{12}-/, '-ID-')), ['panda-doma-k8s-ID-node-0', 'panda-doma-k8s-ID-node-1', 'panda-doma-k8s-ID-node-2']);
  assert.equal(workers[0]!.allocatable.cpuMilli, 3800);
  assert.ok(workers[0]!.allocatable.memBytes > 6.5 * 2 ** 30 && workers[0]!.allocatable.memBytes < 7.3 * 2 ** 30);

  for (const w of workers) await kubectl.label('node', w.name, { role: 'ingress' });
  const ds = await kubectl.getDaemonSet('kube-system', 'cern-magnum-ingress-nginx-controller');
  const info = ingressControllerInfo(ds!);
  assert.ok(info.sslPassthrough);
  assert.ok(versionAtLeast(info.version!, '1.12.0'));
  assert.equal(ds!.desired, 3, 'the DaemonSet follows the role=ingress label');

  assert.deepEqual((await kubectl.getConfigMap('kube-system', 'cern-magnum-ingress-nginx-controller'))?.data, { 'allow-snippet-annotations': 'false' });
  await kubectl.patchConfigMap('kube-system', 'cern-magnum-ingress-nginx-controller', { 'allow-snippet-annotations': 'true', 'annotations-risk-level': 'Critical' });
  assert.equal((await kubectl.getConfigMap('kube-system', 'cern-magnum-ingress-nginx-controller'))?.data['annotations-risk-level'], 'Critical');
  assert.equal(await kubectl.getConfigMap('kube-system', 'nosuch'), undefined);

  const servers = await os.serverList('panda-doma-k8s');
  assert.equal(servers.length, 4);
  const node0 = servers.find((s) => s.name.endsWith('-node-0'))!;
  await os.serverSetProperty(node0.name, 'landb-alias', 'c--load-1-,c-panda--load-1-');
  const shown = await os.serverShow(node0.name);
  assert.equal(shown?.properties['landb-alias'], 'c--load-1-,c-panda--load-1-', 'the comma stays inside one value');
  assert.ok(shown?.properties['metering.server_group'], 'set merges, other properties survive');
  assert.equal(await os.serverShow('nosuch-server'), undefined);

  const calls = readCalls(sim.dir);
  const VALUE_FLAGS = /^--(kubeconfig|public-key|property|namespace|type|-p)$|^-p$/;
  const verb = (argv: string[]) => argv.filter((a, i) => !a.startsWith('-') && !VALUE_FLAGS.test(argv[i - 1] ?? '')).slice(0, 3).join(' ');
  assert.deepEqual(
    calls.filter((c) => c.mutating).map((c) => `${c.tool} ${verb(c.argv)}`),
    ['openstack keypair create lxplus', 'openstack coe cluster create', 'openstack coe cluster config',
      ...workers.map((w) => `kubectl label node ${w.name}`), 'kubectl patch configmap cern-magnum-ingress-nginx-controller', `openstack server set ${node0.name}`],
  );
  assert.ok(existsSync(join(sim.dir, 'state.json')));
});

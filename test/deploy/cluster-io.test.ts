// createClusterIo over a recording Exec: the argv each verb sends (the deploy's, through the typed wrappers),
// helm's major asked once, and the answers a failure or a not-found gives.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createClusterIo } from '../../src/deploy/cluster-io.js';
import { ToolError } from '../../src/tools/exec/index.js';
import { recorder } from '../helpers/recording-exec.js';

const KUBE = ['--kubeconfig', '/ws/config', '--context', 'default'];
const HELM = ['--kubeconfig', '/ws/config', '--kube-context', 'default'];
const LIST = '{"apiVersion":"v1","kind":"List","items":[{"metadata":{"name":"x"}}]}';

test('the deploy verbs send the same argv as before, connection flags on every cluster call', async () => {
  const { exec, calls } = recorder((file, args) => {
    if (file === 'helm' && args[0] === 'version') return { stdout: 'v4.1.4' };
    if (file === 'helm' && args[0] === 'list') return { stdout: '[{"name":"test-idds","namespace":"panda","revision":"2","status":"deployed","chart":"idds-1.2.3","app_version":"2.1"}]' };
    if (file === 'helm' && args[0] === 'status') return { stdout: '{"name":"test-idds","version":2,"info":{"status":"deployed","description":"pk:abc"},"chart":{"metadata":{"name":"idds","version":"1.2.3"}}}' };
    if (file === 'kubectl' && args[4] === 'logs') return { stdout: 'one\n\ntwo\n' };
    if (file === 'kubectl' && args[5] === '--raw') return { stdout: 'ok' };
    return { stdout: LIST };
  });
  const io = createClusterIo({ exec, kubeconfig: '/ws/config', kubeContext: 'default' });
  const up = ['upgrade', '--install', 'test-idds', 'charts/idds', '--namespace', 'panda', '--set-string', 'a=b'];
  await io.upgradeInstall({ args: up, timeout: '10m', description: 'pk:abc' });
  assert.equal(await io.helmMajor(), 4);
  assert.equal(await io.template(['template', 'test-idds', 'charts/idds', '--namespace', 'panda']), LIST);
  assert.deepEqual(await io.status('test-idds', 'panda'), { name: 'test-idds', status: 'deployed', revision: 2, description: 'pk:abc', chart: 'idds', chartVersion: '1.2.3', appVersion: undefined, updated: undefined });
  assert.deepEqual(await io.list('panda'), [{ name: 'test-idds', status: 'deployed', revision: 2, description: '', chart: 'idds', chartVersion: '1.2.3', appVersion: '2.1', updated: undefined }]);
  await io.uninstall('test-idds', 'panda');
  assert.equal(await io.namespaceExists('panda'), true);
  await io.createNamespace('panda');
  assert.deepEqual(await io.pods('panda', 'app=x'), [{ metadata: { name: 'x' } }]);
  await io.allPods();
  await io.events('panda');
  await io.pvcs('panda');
  await io.deletePvcs('panda', []);
  await io.deletePvcs('panda', ['data-0', 'data-1']);
  await io.nodes();
  assert.deepEqual(await io.logs('panda', 'p-0', 'main', { previous: true, tail: 20 }), ['one', 'two']);
  assert.equal(await io.getRaw('/healthz', undefined, { timeoutSeconds: 3 }), 'ok');
  assert.deepEqual(calls.map((c) => [c.file, ...c.args].join(' ')), [
    'helm version --template {{.Version}}',
    `helm ${[...up, '--wait', '--timeout', '10m', '--rollback-on-failure', '--description', 'pk:abc', ...HELM].join(' ')}`,
    `helm template test-idds charts/idds --namespace panda ${HELM.join(' ')}`,
    `helm status test-idds --namespace panda -o json ${HELM.join(' ')}`,
    // helm 4 lists every status by default and refuses --all.
    `helm list --namespace panda -o json ${HELM.join(' ')}`,
    `helm uninstall test-idds --namespace panda --wait ${HELM.join(' ')}`,
    `kubectl ${KUBE.join(' ')} get namespace panda -o json`,
    `kubectl ${KUBE.join(' ')} create namespace panda`,
    `kubectl ${KUBE.join(' ')} get pods --namespace panda -l app=x -o json`,
    `kubectl ${KUBE.join(' ')} get pods --all-namespaces -o json`,
    `kubectl ${KUBE.join(' ')} get events --namespace panda -o json`,
    `kubectl ${KUBE.join(' ')} get pvc --namespace panda -o json`,
    `kubectl ${KUBE.join(' ')} delete pvc --namespace panda --ignore-not-found data-0 data-1`,
    `kubectl ${KUBE.join(' ')} get nodes -o json`,
    `kubectl ${KUBE.join(' ')} logs --namespace panda p-0 -c main --tail 20 --previous`,
    `kubectl ${KUBE.join(' ')} get --raw /healthz --request-timeout 3s`,
  ]);
  const mutating = calls.filter((c) => c.options.mutating).map((c) => `${c.file} ${c.args[c.file === 'kubectl' ? 4 : 0]}`);
  assert.deepEqual(mutating, ['helm upgrade', 'helm uninstall', 'kubectl create', 'kubectl delete']);
  assert.equal(calls.at(-1)!.options.timeoutMs, 8000);
});

test('not found is an answer, other failures are ToolErrors; a failed log read shows kubectl\'s complaint', async () => {
  const { exec } = recorder((file, args) => {
    if (file === 'helm' && args[0] === 'status') return { exitCode: 1, stderr: 'Error: release: not found\n' };
    if (file === 'helm' && args[0] === 'uninstall') return { exitCode: 1, stderr: 'Error: uninstall: Release not loaded: x: release: not found\n' };
    if (file === 'helm' && args[0] === 'version') return { stdout: 'v3.17.2' };
    if (file === 'helm' && args[0] === 'list') return { exitCode: 1, stderr: 'Error: Kubernetes cluster unreachable\n' };
    if (args.includes('namespace')) return { exitCode: 1, stderr: 'Error from server (NotFound): namespaces "panda" not found\n' };
    if (args.includes('logs')) return { exitCode: 1, stderr: 'container "main" in pod "p-0" is waiting to start: ContainerCreating\n' };
    return { exitCode: 1, stderr: 'Error from server (ServiceUnavailable): no endpoints available\n' };
  });
  const io = createClusterIo({ exec });
  assert.equal(await io.status('x', 'panda'), undefined);
  await io.uninstall('x', 'panda');
  assert.equal(await io.namespaceExists('panda'), false);
  await assert.rejects(io.list('panda'), (e: unknown) => e instanceof ToolError && /cluster unreachable/.test(e.stderr));
  assert.deepEqual(await io.logs('panda', 'p-0', 'main', { previous: false, tail: 5 }), ['container "main" in pod "p-0" is waiting to start: ContainerCreating']);
  await assert.rejects(io.getRaw('/api/v1/namespaces/panda/services/x:80/proxy/'), (e: unknown) => e instanceof ToolError && /no endpoints/.test(e.stderr));
});

test('helm 3: --atomic, and the version is asked once for many upgrades', async () => {
  const { exec, calls } = recorder((_f, args) => (args[0] === 'version' ? { stdout: 'v3.17.2' } : {}));
  const io = createClusterIo({ exec });
  await Promise.all(['a', 'b', 'c'].map((r) => io.upgradeInstall({ args: ['upgrade', '--install', r, 'charts/x'], timeout: '5m', description: 'd' })));
  assert.equal(await io.helmMajor(), 3);
  assert.equal(calls.filter((c) => c.args[0] === 'version').length, 1);
  assert.ok(calls.filter((c) => c.args[0] === 'upgrade').every((c) => c.args.includes('--atomic') && !c.args.includes('--rollback-on-failure')));
  // helm 3 lists only deployed and failed releases unless told --all: pending ones must show.
  await io.list('panda');
  assert.deepEqual(calls.at(-1)!.args.slice(0, 4), ['list', '--namespace', 'panda', '--all']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCapacity, nodeRooms, parseCpu, parseMemory, podsOfManifest } from '../../src/deploy/capacity.js';
import { node, pod } from '../helpers/deploy-k8s.js';

test('CPU and memory quantities', () => {
  for (const [q, milli] of [['200m', 200], ['1', 1000], ['1.5', 1500], [2, 2000], ['0.25', 250]] as const) assert.equal(parseCpu(q), milli, String(q));
  for (const [q, bytes] of [['768Mi', 768 * 2 ** 20], ['1Gi', 2 ** 30], ['1G', 1e9], ['129e6', 129e6], ['1024', 1024], ['64Ki', 65536], ['500M', 5e8]] as const) {
    assert.equal(parseMemory(q), bytes, String(q));
  }
  assert.throws(() => parseCpu('lots'), /not a CPU quantity: "lots"/);
});

const manifest = `
apiVersion: v1
kind: Service
metadata: {name: x}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: test-panda-server}
spec:
  replicas: 2
  template:
    metadata: {labels: {app.kubernetes.io/component: server}}
    spec:
      initContainers:
        - name: init
          resources: {requests: {cpu: "3", memory: 1Gi}}
      containers:
        - name: a
          resources: {requests: {cpu: 500m, memory: 2Gi}}
        - name: b
          resources: {requests: {cpu: 500m, memory: 1Gi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: test-panda-postgres}
spec:
  template:
    metadata: {labels: {app.kubernetes.io/component: postgres}}
    spec:
      containers:
        - name: pg
          resources: {requests: {memory: 512Mi}}
---
apiVersion: v1
kind: Pod
metadata:
  name: test-panda-server-test
  annotations: {helm.sh/hook: test, helm.sh/hook-delete-policy: before-hook-creation}
spec:
  containers:
    - name: test
      resources: {requests: {cpu: 50m, memory: 64Mi}}
`;

test('rendered workloads give one demand per pod: replicas × (containers, or the largest init container); helm test hooks none', () => {
  const pods = podsOfManifest(manifest);
  assert.deepEqual(pods.map((p) => [p.name, p.sub, p.cpuMilli, p.memBytes / 2 ** 20]), [
    ['test-panda-server-0', 'server', 3000, 3072],
    ['test-panda-server-1', 'server', 3000, 3072],
    ['test-panda-postgres', 'postgres', 0, 512],
  ]);
});

test('masters, cordoned and NotReady nodes give no room; pods already running take theirs', () => {
  const rooms = nodeRooms(
    [node('m', '4', '8Gi', { master: true }), node('n0', '4', '8Gi'), node('n1', '4', '8Gi', { notReady: true })],
    [pod({ name: 'kube-dns', nodeName: 'n0', ready: true, requests: { cpu: '1', memory: '1Gi' } }), pod({ name: 'ours', nodeName: 'n0', ready: true, requests: { cpu: '1' } })],
    (p) => p.metadata.name === 'ours',
  );
  assert.deepEqual(rooms, [{ name: 'n0', cpuMilli: 3000, memBytes: 7 * 2 ** 30 }]);
});

test('everything fits: no next steps', () => {
  const r = checkCapacity([{ release: 'test-panda', component: 'panda', pods: podsOfManifest(manifest) }], [
    { name: 'n0', cpuMilli: 4000, memBytes: 8 * 2 ** 30 },
    { name: 'n1', cpuMilli: 4000, memBytes: 8 * 2 ** 30 },
  ]);
  assert.equal(r.fits, true);
  assert.deepEqual(r.nextSteps, []);
  assert.match(r.lines[0]!, /requested 6 CPU, 6.5Gi; schedulable nodes \(2\) have 8 CPU, 16Gi/);
});

test('what does not fit is named, with more nodes, a smaller overlay and the sub-component to disable', () => {
  const r = checkCapacity([
    { release: 'test-msgsvc', component: 'msgsvc', pods: [{ name: 'test-msgsvc-activemq-0', workload: 'test-msgsvc-activemq', kind: 'StatefulSet', sub: 'activemq', cpuMilli: 1000, memBytes: 2 ** 30 }] },
    { release: 'test-harvester', component: 'harvester', pods: [{ name: 'test-harvester-harvester-0', workload: 'w', kind: 'StatefulSet', sub: 'harvester', cpuMilli: 4000, memBytes: 16 * 2 ** 30 }] },
  ], [{ name: 'n0', cpuMilli: 4000, memBytes: 8 * 2 ** 30 }]);
  assert.equal(r.fits, false);
  assert.deepEqual(r.perRelease.map((p) => [p.release, p.placed]), [['test-msgsvc', true], ['test-harvester', false]]);
  assert.ok(r.lines.some((l) => /test-harvester: pod test-harvester-harvester-0 \(4 CPU, 16Gi\) will not fit: larger than any node/.test(l)), r.lines.join('\n'));
  assert.match(r.nextSteps[0]!, /Add nodes or use a larger flavor.*1 CPU, 9Gi more/);
  assert.match(r.nextSteps[1]!, /smaller overlay/);
  assert.match(r.nextSteps[2]!, /--disable harvester\.harvester \(frees 4 CPU, 16Gi\)/);
});

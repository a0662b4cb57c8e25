import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, formatPodState, logsWanted, podState, splitImage } from '../../src/deploy/diagnose.js';
import { pod, pvc, warning } from '../helpers/deploy-k8s.js';

const base = { namespace: 'panda', release: 'test-idds' };

test('ImagePullBackOff names the image, its tag and the pull secret situation', () => {
  const d = diagnose({
    ...base,
    pods: [
      pod({ name: 'test-idds-postgres-0', ready: true }),
      pod({ name: 'test-idds-rest-0', sub: 'rest', image: 'ghcr.io/hsf/idds:2.2.49', waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } }),
    ],
    events: [warning('Pod', 'test-idds-rest-0', 'Failed', 'Failed to pull image "ghcr.io/hsf/idds:2.2.49": manifest unknown')],
  })!;
  assert.equal(d.reason, 'ImagePullBackOff');
  assert.equal(d.pod, 'test-idds-rest-0');
  assert.match(d.summary, /ghcr\.io\/hsf\/idds:2\.2\.49/);
  assert.match(d.summary, /tag 2\.2\.49/);
  assert.match(d.summary, /no image pull secret/);
  assert.deepEqual(d.details, ['Failed to pull image "ghcr.io/hsf/idds:2.2.49": manifest unknown']);
  assert.ok(d.nextSteps.some((s) => s.includes('--set rest.image.tag=')));
});

test('CrashLoopBackOff shows the last log lines', () => {
  const pods = [pod({ name: 'test-panda-server-0', waiting: { reason: 'CrashLoopBackOff' }, restarts: 4, lastExit: 1 })];
  assert.deepEqual(logsWanted(pods), [{ pod: 'test-panda-server-0', container: 'main', previous: true }]);
  const d = diagnose({ ...base, pods, events: [], logs: { 'test-panda-server-0/main': ['starting', 'ERROR: database password missing'] } })!;
  assert.equal(d.reason, 'CrashLoopBackOff');
  assert.match(d.summary, /restarted 4 times, last exit code 1/);
  assert.ok(d.details.includes('  ERROR: database password missing'));
  assert.match(d.nextSteps[0]!, /logs test-panda-server-0 -c main --previous/);
});

test('FailedScheduling passes on the scheduler\'s message and the capacity fixes', () => {
  const msg = '0/3 nodes are available: 3 Insufficient memory.';
  const d = diagnose({ ...base, pods: [pod({ name: 'test-harvester-0', unscheduled: msg })], events: [warning('Pod', 'test-harvester-0', 'FailedScheduling', msg)] })!;
  assert.equal(d.reason, 'FailedScheduling');
  assert.match(d.summary, /enough free memory/);
  assert.deepEqual(d.details, [msg]);
  assert.ok(d.nextSteps.some((s) => /larger flavor/.test(s)));
});

test('a Pending claim is reported with its storage class', () => {
  const msg = '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.';
  const d = diagnose({
    ...base,
    pods: [pod({ name: 'test-msgsvc-activemq-0', unscheduled: msg, claims: ['data-test-msgsvc-activemq-0'] })],
    events: [warning('Pod', 'test-msgsvc-activemq-0', 'FailedScheduling', msg), warning('PersistentVolumeClaim', 'data-test-msgsvc-activemq-0', 'ProvisioningFailed', 'storageclass.storage.k8s.io "fast" not found')],
    pvcs: [pvc('data-test-msgsvc-activemq-0', 'Pending', 'fast')],
  })!;
  assert.equal(d.reason, 'PvcPending');
  assert.match(d.summary, /storage class "fast"/);
  assert.deepEqual(d.details, ['storageclass.storage.k8s.io "fast" not found']);
  assert.match(d.nextSteps.join('\n'), /global\.storageClass/);
});

test('a missing Secret points at the secrets release', () => {
  const d = diagnose({ ...base, pods: [pod({ name: 'x-0', waiting: { reason: 'CreateContainerConfigError', message: 'secret "panda-secrets-idds-envs" not found' } })], events: [] })!;
  assert.equal(d.reason, 'CreateContainerConfigError');
  assert.match(d.summary, /panda-secrets-idds-envs/);
});

test('all pods Ready: no diagnosis', () => {
  assert.equal(diagnose({ ...base, pods: [pod({ name: 'a', ready: true })], events: [] }), undefined);
});

test('pod state: phase, ready x/y, restarts, waiting reason', () => {
  const s = podState(pod({ name: 'p', waiting: { reason: 'CrashLoopBackOff' }, restarts: 2, phase: 'Running' }));
  assert.deepEqual(s, { name: 'p', phase: 'Running', ready: 0, total: 1, restarts: 2, reason: 'CrashLoopBackOff' });
  assert.equal(formatPodState(s), 'p Running 0/1 CrashLoopBackOff restarts 2');
});

test('image references split into repository and tag', () => {
  for (const [ref, repository, tag] of [
    ['ghcr.io/hsf/idds:2.2.49', 'ghcr.io/hsf/idds', '2.2.49'],
    ['localhost:5000/x', 'localhost:5000/x', 'latest'],
    ['postgres@sha256:abc', 'postgres', 'sha256:abc'],
  ] as const) assert.deepEqual(splitImage(ref), { repository, tag });
});

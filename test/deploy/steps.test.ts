import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Journal, runPlan, type RunEvent } from '../../src/engine/index.js';
import { deployCommands, deploySteps, diagnosisOf, secretsValuesFile } from '../../src/deploy/steps.js';
import { decodeReleaseState } from '../../src/deploy/release-state.js';
import { FakeCluster, fakeRunData, filledValuesText } from '../helpers/deploy-fakes.js';
import { node, pod, warning } from '../helpers/deploy-k8s.js';
import type { Answers } from '../../src/config/answers.js';

async function deploy(io: FakeCluster, answers: Answers, workspace?: string, events: RunEvent[] = []) {
  const data = fakeRunData(answers, { workspace });
  const journal = Journal.open(data.workspace);
  const summary = await runPlan({ steps: deploySteps(data, { io, pollMs: 5, probeAttempts: 1 }), data, journal, onEvent: (e) => events.push(e) });
  return { summary, data, events };
}

test('a full deploy installs secrets, then each tier, then verifies', async () => {
  const io = new FakeCluster();
  const { summary } = await deploy(io, {});
  assert.equal(summary.status, 'done', JSON.stringify(summary.errors));
  assert.deepEqual(io.upgrades().slice(0, 1), ['panda-secrets']);
  assert.deepEqual(new Set(io.upgrades().slice(1, 3)), new Set(['test-msgsvc', 'test-iam']));
  assert.equal(io.upgrades()[3], 'test-panda');
  assert.deepEqual(new Set(io.upgrades().slice(4)), new Set(['test-harvester', 'test-idds', 'test-bigmon']));
  const up = (r: string) => io.calls.find((c) => c.verb === 'upgrade' && c.release === r)!;
  assert.ok(up('test-iam').start < up('test-msgsvc').end! && up('test-msgsvc').start < up('test-iam').end!, 'tier 1 releases overlap');
  assert.ok(up('test-panda').start >= Math.max(up('test-iam').end!, up('test-msgsvc').end!), 'tier 2 starts after tier 1 ended');
  assert.equal(summary.steps['verify'], 'done');
});

test('a second run upgrades nothing; a changed value upgrades exactly its release', async () => {
  const io = new FakeCluster();
  const first = await deploy(io, {});
  const ws = first.data.workspace;
  io.calls = [];
  const again = await deploy(io, {}, ws);
  assert.equal(again.summary.status, 'done');
  assert.deepEqual(io.upgrades(), []);
  assert.equal(io.calls.filter((c) => c.verb === 'template').length, 0, 'capacity is not re-rendered for unchanged inputs');

  io.calls = [];
  const changed = await deploy(io, { deploy: { disable: ['panda.jedi'] } }, ws);
  assert.equal(changed.summary.status, 'done');
  assert.deepEqual(io.upgrades(), ['test-panda']);

  io.calls = [];
  fs.writeFileSync(secretsValuesFile(first.data), filledValuesText('another'));
  await deploy(io, { deploy: { disable: ['panda.jedi'] } }, ws);
  assert.deepEqual(io.upgrades(), ['panda-secrets']);
});

test('without our description on the release, the journal and the revision decide', async () => {
  const io = new FakeCluster();
  io.keepDescription = false;
  const first = await deploy(io, {});
  io.calls = [];
  await deploy(io, {}, first.data.workspace);
  assert.deepEqual(io.upgrades(), [], 'unchanged: nothing upgraded');
  const panda = io.releases.get('test-panda')!;
  io.releases.set('test-panda', { ...panda, revision: panda.revision + 1 });
  await deploy(io, {}, first.data.workspace);
  assert.deepEqual(io.upgrades(), ['test-panda'], 'a revision made by hand is replaced');
});

test('a failed release is diagnosed; its tier siblings finish; what needs it is not started', async () => {
  const io = new FakeCluster();
  io.failing.set('test-idds', {
    pods: [pod({ name: 'test-idds-rest-0', sub: 'rest', image: 'ghcr.io/hsf/idds:9.9.9', waiting: { reason: 'ImagePullBackOff' } })],
    events: [warning('Pod', 'test-idds-rest-0', 'Failed', 'Failed to pull image "ghcr.io/hsf/idds:9.9.9": not found')],
  });
  const { summary, events } = await deploy(io, {});
  assert.equal(summary.status, 'failed');
  assert.equal(summary.steps['release:test-idds'], 'failed');
  assert.equal(summary.steps['release:test-harvester'], 'done');
  assert.equal(summary.steps['release:test-bigmon'], 'done');
  assert.equal(summary.steps['verify'], 'skipped');
  const error = summary.errors['release:test-idds']!;
  assert.match(error.message, /ghcr\.io\/hsf\/idds:9\.9\.9/);
  assert.match(error.message, /rolled it back \(--atomic\)/);
  assert.equal(diagnosisOf(error)?.reason, 'ImagePullBackOff');
  const states = events.flatMap((e) => (e.type === 'progress' && e.stepId === 'release:test-idds' ? [decodeReleaseState(e.message)] : [])).filter(Boolean);
  assert.ok(states.length > 0, 'the release panel got states');
  assert.ok(events.some((e) => e.type === 'line' && /Warning Failed Pod\/test-idds-rest-0/.test(e.line)), 'warning events are logged');
});

test('helm 4 gets --rollback-on-failure in the failure message', async () => {
  const io = new FakeCluster();
  io.major = 4;
  io.failing.set('test-msgsvc', { pods: [], events: [] });
  const { summary } = await deploy(io, { deploy: { enable: ['msgsvc'] } });
  assert.match(summary.errors['release:test-msgsvc']!.message, /--rollback-on-failure/);
});

test('the secrets preflight refuses while a FIXME remains, and nothing is installed', async () => {
  const io = new FakeCluster();
  const data = fakeRunData({}, { fixmes: true });
  const summary = await runPlan({ steps: deploySteps(data, { io, pollMs: 5 }), data });
  assert.equal(summary.status, 'failed');
  assert.match(summary.errors['secrets-preflight']!.message, /msgsvc\.basePasswd/);
  assert.deepEqual(io.upgrades(), []);
});

test('a missing or public-only IAM keystore stops the deploy before anything is installed, naming it; without IAM it is not needed', async () => {
  for (const [label, text, message] of [
    ['missing', 'msgsvc:\n  basePasswd: s3cret\niam:\n  keystore: FIXME\n', /iam\.keystore \(iam\): not generated yet \("FIXME" in .*\); run panda-k8s bootstrap, which generates it/],
    ['public only', `msgsvc:\n  basePasswd: s3cret\niam:\n  keystore: '${JSON.stringify({ keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB' }] })}'\n`, /iam\.keystore \(iam\) cannot be IAM's keystore: its first key has no private part/],
  ] as const) {
    const io = new FakeCluster();
    const data = fakeRunData({});
    fs.writeFileSync(secretsValuesFile(data), text);
    const summary = await runPlan({ steps: deploySteps(data, { io, pollMs: 5 }), data });
    assert.equal(summary.status, 'failed', label);
    assert.match(summary.errors['secrets-preflight']!.message, message, label);
    assert.deepEqual(io.upgrades(), [], label);
  }
  const io = new FakeCluster();
  const data = fakeRunData({ deploy: { disable: ['iam'] } });
  fs.writeFileSync(secretsValuesFile(data), 'msgsvc:\n  basePasswd: s3cret\niam:\n  keystore: FIXME\n');
  const summary = await runPlan({ steps: deploySteps(data, { io, pollMs: 5 }), data });
  assert.equal(summary.steps['secrets-preflight'], 'already-done', 'nothing to refuse without IAM');
  assert.equal(summary.status, 'done');
});

test('capacity names what will not fit before anything is installed', async () => {
  const io = new FakeCluster();
  io.nodeList = [node('m', '8', '16Gi', { master: true }), node('n0', '500m', '1Gi')];
  const { summary } = await deploy(io, {});
  assert.equal(summary.steps['capacity'], 'failed');
  const err = summary.errors['capacity'] as Error & { nextSteps: string[] };
  assert.match(err.message, /Not enough room on the cluster for .*test-/);
  assert.match(err.nextSteps.join('\n'), /larger flavor/);
  assert.deepEqual(io.upgrades(), []);
});

test('verify runs helm test of every release but the secrets, once their pods are Ready, with the test timeout', async () => {
  const io = new FakeCluster();
  const events: RunEvent[] = [];
  const { summary } = await deploy(io, {}, undefined, events);
  assert.equal(summary.steps['verify'], 'done', JSON.stringify(summary.errors));
  assert.deepEqual(io.tests().sort(), ['test-bigmon', 'test-harvester', 'test-iam', 'test-idds', 'test-msgsvc', 'test-panda']);
  assert.ok(io.calls.filter((c) => c.verb === 'test').every((c) => c.args?.[0] === '5m'));
  const lastUpgrade = Math.max(...io.calls.filter((c) => c.verb === 'upgrade').map((c) => c.end!));
  assert.ok(io.calls.filter((c) => c.verb === 'test').every((c) => c.start >= lastUpgrade), 'tests run after every release is deployed');
  const logs = events.flatMap((e) => (e.type === 'line' && e.stepId === 'verify' ? [e.line] : []));
  assert.ok(logs.includes('ok: helm test test-panda: test-panda-main-test Succeeded'), logs.join('\n'));
});

test('a failed helm test fails verify with the test\'s name and its log, and says what to run next', async () => {
  const io = new FakeCluster();
  io.testRuns.set('test-msgsvc', {
    tests: [{ name: 'test-msgsvc-activemq-test', phase: 'Failed', log: ['ok:   STOMP CONNECT as panda: STOMP 1.2', 'FAIL: STOMP CONNECT as pilot: CONNECT as pilot refused: User name [pilot] or password is invalid.', 'result: 1 of 2 checks failed'] }],
    exitCode: 1, error: 'pod test-msgsvc-activemq-test failed',
  });
  const { summary } = await deploy(io, {});
  assert.equal(summary.steps['verify'], 'failed');
  const err = summary.errors['verify'] as Error & { nextSteps: string[] };
  assert.match(err.message, /helm test test-msgsvc: test test-msgsvc-activemq-test Failed \(pod test-msgsvc-activemq-test failed\)\n {6}ok: {3}STOMP CONNECT as panda: STOMP 1\.2\n {6}FAIL: STOMP CONNECT as pilot: CONNECT as pilot refused: User name \[pilot\] or password is invalid\.\n {6}result: 1 of 2 checks failed/);
  assert.doesNotMatch(err.message, /test-panda/, 'only the failing release is named');
  assert.ok(err.nextSteps.includes('kubectl -n panda logs test-msgsvc-activemq-test'));
  assert.ok(err.nextSteps.some((s) => s.includes('panda-k8s status --check')));
});

test('helm that cannot run the tests fails verify with helm\'s reason', async () => {
  const io = new FakeCluster();
  io.test = async () => {
    throw Object.assign(new Error('helm failed'), { result: { stderr: 'Error: Kubernetes cluster unreachable: Get "https://10.0.0.1:6443/version": dial tcp: i/o timeout\n' } });
  };
  const { summary } = await deploy(io, {});
  assert.equal(summary.steps['verify'], 'failed');
  assert.match(summary.errors['verify']!.message, /helm test test-bigmon could not run: Kubernetes cluster unreachable/);
});

test('finished test Pods (Completed, Error) are not service pods that verify waits for', async () => {
  const io = new FakeCluster();
  await deploy(io, {});
  const finished = (name: string, phase: string) => ({ ...pod({ name, ready: false }), metadata: { name, labels: { 'app.kubernetes.io/instance': 'test-panda' }, annotations: { 'helm.sh/hook': 'test', 'helm.sh/hook-delete-policy': 'before-hook-creation' } }, status: { phase } });
  io.podsByRelease.set('test-panda', [...io.podsByRelease.get('test-panda')!, finished('test-panda-server-test', 'Failed')]);
  const { summary } = await deploy(io, {});
  assert.equal(summary.steps['verify'], 'done', JSON.stringify(summary.errors));
});

test('verify after a failed test: the next run upgrades nothing, tests again, and passes once the service is fixed', async () => {
  const io = new FakeCluster();
  io.testRuns.set('test-idds', { tests: [{ name: 'test-idds-rest-test', phase: 'Failed', log: ['FAIL: iDDS answers ping: iDDS refused the panda_dev token: Signature has expired'] }], exitCode: 1, error: 'pod test-idds-rest-test failed' });
  const first = await deploy(io, {});
  assert.equal(first.summary.steps['verify'], 'failed');
  io.testRuns.delete('test-idds');
  const upgradesBefore = io.upgrades().length;
  const again = await deploy(io, {}, first.data.workspace);
  assert.equal(again.summary.status, 'done', JSON.stringify(again.summary.errors));
  assert.equal(io.upgrades().length, upgradesBefore, 'nothing was redeployed');
  assert.equal(io.tests().filter((r) => r === 'test-idds').length, 2);
});

test('the workspace secrets file defaults to .panda-k8s/secrets.values.yaml', () => {
  assert.equal(secretsValuesFile({ workspace: '/w', answers: {} }), path.join('/w', '.panda-k8s', 'secrets.values.yaml'));
  assert.equal(secretsValuesFile({ workspace: '/w', answers: { secrets: { valuesFile: '/abs/v.yaml' } } }), '/abs/v.yaml');
});

test('the plan shows the exact helm commands, tier by tier, with the helm major\'s rollback flag', () => {
  const data = fakeRunData({ deploy: { experiment: 'lsst', affix: '-dev' } });
  const lines = deployCommands({ ...data, kubeconfig: '/w/config' }, 4);
  assert.equal(lines[0], '# tier 0: the secrets');
  assert.match(lines[1]!, /^helm upgrade --install panda-secrets \S+\/\.panda-k8s\/secrets-chart --namespace panda -f \S+\/secrets-chart\/values\.yaml -f \S+secrets\.values\.yaml --set-string affix=-dev --wait --timeout 10m --rollback-on-failure --description 'panda-k8s inputs [0-9a-f]{16}' --kubeconfig \/w\/config$/);
  assert.equal(lines[2], '# tier 1 (in parallel)');
  assert.match(lines[3]!, /helm upgrade --install msgsvc-dev \S+\/charts\/msgsvc .* -f \S+\/charts\/msgsvc\/values\/values-lsst\.yaml --set-string global\.affix=-dev --set-string global\.deploymentName=msgsvc-dev --set-string global\.experiment=lsst /);
  assert.ok(deployCommands(data, 3).every((l) => l.startsWith('#') || l.startsWith('helm test ') || l.includes(' --atomic ')));
  // verify's helm test of every release but the secrets, after the tiers.
  const upgraded = lines.filter((l) => l.startsWith('helm upgrade ')).map((l) => l.split(' ')[3]).filter((r) => r !== 'panda-secrets');
  const tests = lines.slice(lines.indexOf('# verify: each chart\'s tests exercise its service') + 1);
  assert.deepEqual(tests.map((l) => l.split(' ')[2]), upgraded);
  assert.equal(tests[0], 'helm test msgsvc-dev --namespace panda --timeout 5m --logs --kubeconfig /w/config');
});

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

test('verify names a failing health probe', async () => {
  const io = new FakeCluster();
  io.rawAnswers['isAlive'] = 'alive=no';
  const { summary } = await deploy(io, { deploy: { enable: ['panda'] } }).catch((e) => { throw e; });
  // -c panda alone: msgsvc and iam are external and must already be deployed.
  assert.match(summary.errors['release:test-panda']!.message, /needs msgsvc, which this run does not install/);
  const full = await deploy(io, {});
  assert.equal(full.summary.steps['verify'], 'failed');
  assert.match(full.summary.errors['verify']!.message, /PanDA server is alive: isAlive answered "alive=no"/);
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
  assert.ok(deployCommands(data, 3).every((l) => l.startsWith('#') || l.includes(' --atomic ')));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Journal, runPlan } from '../../src/engine/index.js';
import { deploySteps } from '../../src/deploy/steps.js';
import { collectStatus, renderStatus } from '../../src/deploy/status.js';
import { FakeCluster, fakeRunData } from '../helpers/deploy-fakes.js';
import { pod } from '../helpers/deploy-k8s.js';
import type { Answers } from '../../src/config/answers.js';

async function deployInto(io: FakeCluster, answers: Answers, workspace?: string) {
  const data = fakeRunData(answers, { workspace });
  await runPlan({ steps: deploySteps(data, { io, pollMs: 5, probeAttempts: 1 }), data, journal: Journal.open(data.workspace) });
  return data;
}

test('status after a clean deploy: every release deployed, nothing changed', async () => {
  const io = new FakeCluster();
  const data = await deployInto(io, {});
  const report = await collectStatus(data, { io, now: new Date('2026-01-01') });
  assert.equal(report.overall, 'deployed');
  assert.deepEqual(report.releases.map((r) => `${r.release}:${r.status}:${r.podsReady}/${r.podsTotal}`), [
    'panda-secrets:deployed:1/1', 'test-msgsvc:deployed:1/1', 'test-iam:deployed:1/1', 'test-panda:deployed:1/1',
    'test-harvester:deployed:1/1', 'test-idds:deployed:1/1', 'test-bigmon:deployed:1/1',
  ]);
  assert.ok(report.lastDeploy);
  assert.equal(report.answersChanged, false);
});

test('status shows a failed release with its error, and the change a new answer brings', async () => {
  const io = new FakeCluster();
  io.failing.set('test-idds', { pods: [pod({ name: 'test-idds-rest-0', waiting: { reason: 'ImagePullBackOff' } })], events: [] });
  const data = await deployInto(io, {});
  const report = await collectStatus(data, { io });
  assert.equal(report.overall, 'failed');
  const idds = report.releases.find((r) => r.release === 'test-idds')!;
  assert.equal(idds.status, undefined, 'a failed first install was rolled back');
  assert.match(idds.lastError!, /did not become ready/);
  assert.match(renderStatus(report), /test-idds +not installed .*test-idds-rest-0 Pending 0\/1 ImagePullBackOff; last error: Release test-idds did not become ready/);

  io.failing.clear();
  await deployInto(io, {}, data.workspace);
  const changedData = fakeRunData({ deploy: { disable: ['panda.jedi'] } }, { workspace: data.workspace });
  const after = await collectStatus(changedData, { io });
  assert.equal(after.overall, 'changed');
  assert.equal(after.answersChanged, true);
  assert.deepEqual(after.releases.filter((r) => r.changed).map((r) => r.release), ['test-panda']);
});

test('an unreachable cluster still gives a report that says so', async () => {
  const io = new FakeCluster();
  io.list = async () => { throw Object.assign(new Error('x'), { result: { stderr: 'Error: Kubernetes cluster unreachable: connection refused' } }); };
  const report = await collectStatus(fakeRunData({}), { io });
  assert.equal(report.clusterError, 'Error: Kubernetes cluster unreachable: connection refused');
  assert.match(renderStatus(report), /cluster +not reachable/);
});

test('plain status runs no helm test; status --check tests every deployed release and reports each result', async () => {
  const io = new FakeCluster();
  const data = await deployInto(io, {});
  const testsBefore = io.tests().length;
  const plain = await collectStatus(data, { io });
  assert.equal(io.tests().length, testsBefore, 'plain status runs no test');
  assert.equal(plain.tests, undefined);
  const checked = await collectStatus(data, { io, check: true });
  assert.deepEqual(io.tests().slice(testsBefore).sort(), ['test-bigmon', 'test-harvester', 'test-iam', 'test-idds', 'test-msgsvc', 'test-panda']);
  assert.deepEqual(checked.tests!.map((t) => `${t.release}:${t.state}`), ['test-msgsvc:passed', 'test-iam:passed', 'test-panda:passed', 'test-harvester:passed', 'test-idds:passed', 'test-bigmon:passed']);
  assert.equal(checked.overall, 'deployed');
  assert.match(renderStatus(checked), /TESTS \(helm test\)\nRELEASE +RESULT +TESTS\ntest-msgsvc +passed +test-msgsvc-main-test Succeeded/);
});

test('status --check: a failing test makes the deployment failed, with the test\'s log; a skipped check is shown', async () => {
  const io = new FakeCluster();
  const data = await deployInto(io, {});
  io.testRuns.set('test-bigmon', { tests: [{ name: 'test-bigmon-main-test', phase: 'Failed', log: ['FAIL: BigMon front page: the front page is not BigMon\'s: its title is "Welcome to nginx!"', 'result: 1 of 1 checks failed'] }], exitCode: 1, error: 'pod test-bigmon-main-test failed' });
  io.testRuns.set('test-panda', { tests: [{ name: 'test-panda-server-test', phase: 'Succeeded', log: ['ok:   PanDA server is alive: GET /api/v1/system/is_alive answered success', 'skip: an authenticated call: the deployment holds no ID token for its services (auth.authIdToken) to call with'] }], exitCode: 0 });
  const report = await collectStatus(data, { io, check: true });
  assert.equal(report.overall, 'failed');
  const text = renderStatus(report);
  assert.match(text, /test-bigmon +failed +test-bigmon-main-test Failed/);
  assert.match(text, /^ {2}helm test test-bigmon: test test-bigmon-main-test Failed \(pod test-bigmon-main-test failed\)\n {6}FAIL: BigMon front page: the front page is not BigMon's: its title is "Welcome to nginx!"/m);
  assert.match(text, /^ {2}test-panda: skip: an authenticated call: the deployment holds no ID token/m);
});

test('status --check: a release helm does not list is not tested', async () => {
  const io = new FakeCluster();
  const data = await deployInto(io, {});
  await io.uninstall('test-idds');
  const before = io.tests().length;
  const report = await collectStatus(data, { io, check: true });
  assert.ok(!io.tests().slice(before).includes('test-idds'));
  assert.equal(report.tests!.find((t) => t.release === 'test-idds')!.state, 'not-installed');
});

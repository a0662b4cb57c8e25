// verify and status --check run each release's `helm test` against the simulated cloud, with both helm
// majors: the test Pods appear in the cluster, a test-fail fault fails verify with the test's name and log
// lines (exit 1), and once it is cleared the next run redeploys nothing, tests again and is done.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Journal, exitCodeOf, runPlan, type RunSummary } from '../../src/engine/index.js';
import { deploySteps } from '../../src/deploy/steps.js';
import { collectStatus, renderStatus } from '../../src/deploy/status.js';
import type { RunData } from '../../src/app/run-data.js';
import { createSimCluster, helmUpgrades } from '../helpers/deploy-sim.js';

const FAST = { pollMs: 20, probeAttempts: 5, probeIntervalMs: 20 };

function deploy(data: RunData): Promise<RunSummary> {
  return runPlan({ steps: deploySteps(data, FAST), data, journal: Journal.open(data.workspace) });
}

for (const major of [3, 4] as const) {
  test(`helm ${major}: verify runs helm test of every release; a failing test fails it with its name and log; cleared, the next run only tests`, async () => {
    const sim = await createSimCluster();
    await sim.setHelmMajor(major);
    sim.setFaults([{ name: 'test-fail', target: 'test-panda' }]);
    const data = await sim.runData({});
    const first = await deploy(data);
    assert.equal(first.status, 'failed');
    assert.equal(first.steps['verify'], 'failed');
    const error = first.errors['verify']!;
    assert.equal(exitCodeOf(error), 1);
    const said = major === 3 ? 'pod test-panda-server-test failed' : 'resource Pod/panda/test-panda-server-test not ready. status: Failed, message: pod test-panda-server-test failed';
    assert.match(error.message, new RegExp(`helm test test-panda: test test-panda-server-test Failed \\(${said.replace(/[./()]/g, '\\$&')}\\)`));
    assert.match(error.message, /^ {6}FAIL: an authenticated call: the server refused the panda_dev token: HTTP 403 ERROR : Token authentication failed\./m);
    assert.match(error.message, /^ {6}ok: {3}PanDA server is alive/m);
    assert.doesNotMatch(error.message, /test-msgsvc|test-bigmon/, 'the passing releases are not named');

    const tests = sim.calls().filter((c) => c.tool === 'helm' && c.argv[0] === 'test');
    assert.deepEqual(tests.map((c) => c.argv[1]).sort(), ['test-bigmon', 'test-harvester', 'test-iam', 'test-idds', 'test-msgsvc', 'test-panda']);
    for (const c of tests) assert.deepEqual(c.argv.slice(2, 7), ['--namespace', 'panda', '--timeout', '5m', '--logs'], c.argv.join(' '));
    const pods = await sim.run('kubectl', ['--kubeconfig', sim.kubeconfig, 'get', 'pods', '--namespace', 'panda']);
    assert.match(pods.out, /^test-panda-server-test +0\/1 +Error /m);
    assert.match(pods.out, /^test-msgsvc-activemq-test +0\/1 +Completed /m);

    sim.setFaults([]);
    const mark = sim.calls().length;
    const again = await deploy(data);
    assert.equal(again.status, 'done', Object.values(again.errors).map((e) => e.message).join('\n'));
    assert.deepEqual(helmUpgrades(sim.calls().slice(mark)), [], 'nothing redeployed');
    assert.equal(sim.calls().slice(mark).filter((c) => c.tool === 'helm' && c.argv[0] === 'test').length, 6);
    const report = await collectStatus(data);
    assert.equal(report.overall, 'deployed', renderStatus(report));
  });
}

test('status --check against the sim: passes on a working deployment, fails naming the test under a fault; plain status tests nothing', async () => {
  const sim = await createSimCluster();
  const data = await sim.runData({ deploy: { enable: ['msgsvc', 'iam'] } });
  assert.equal((await deploy(data)).status, 'done');
  let mark = sim.calls().length;
  const plain = await collectStatus(data);
  assert.equal(plain.overall, 'deployed');
  assert.deepEqual(sim.calls().slice(mark).filter((c) => c.argv[0] === 'test'), [], 'plain status runs no helm test');

  mark = sim.calls().length;
  const checked = await collectStatus(data, { check: true });
  assert.deepEqual(checked.tests?.map((t) => `${t.release} ${t.state}`), ['test-msgsvc passed', 'test-iam passed']);
  assert.equal(checked.overall, 'deployed');

  sim.setFaults([{ name: 'test-fail', target: 'test-iam' }]);
  const failing = await collectStatus(data, { check: true });
  assert.equal(failing.overall, 'failed');
  assert.match(renderStatus(failing), /helm test test-iam: test test-iam-main-test Failed[\s\S]*FAIL: a token for the configured client: IAM refused client pilot_server/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Journal, runPlan, UsageError } from '../../src/engine/index.js';
import { deploySteps } from '../../src/deploy/steps.js';
import { claimsAtRisk, describeClaims, refreshSecretsSteps, reinstallSteps, uninstallSteps } from '../../src/deploy/reinstall.js';
import { planDeploy } from '../../src/deploy/plan.js';
import { secretsValuesFile } from '../../src/deploy/steps.js';
import fs from 'node:fs';
import { FakeCluster, fakeRunData, filledValuesText } from '../helpers/deploy-fakes.js';
import { pvc } from '../helpers/deploy-k8s.js';

async function deployed() {
  const io = new FakeCluster();
  const data = fakeRunData({});
  await runPlan({ steps: deploySteps(data, { io, pollMs: 5, probeAttempts: 1 }), data, journal: Journal.open(data.workspace) });
  io.pvcList = [pvc('data-test-idds-postgres-0', 'Bound', 'standard'), pvc('data-test-msgsvc-activemq-0', 'Bound'), pvc('panda-shared-logs', 'Bound')];
  io.calls = [];
  return { io, data };
}

test('reinstalling a component uninstalls it, deletes its claims when asked, and installs only it again', async () => {
  const { io, data } = await deployed();
  const steps = reinstallSteps(data, { io, components: ['idds'], pvcs: 'delete', pollMs: 5, probeAttempts: 1 });
  const summary = await runPlan({ steps, data, journal: Journal.open(data.workspace) });
  assert.equal(summary.status, 'done', JSON.stringify(summary.errors));
  assert.deepEqual(io.calls.filter((c) => ['uninstall', 'upgrade', 'delete-pvc'].includes(c.verb)).map((c) => `${c.verb} ${c.release ?? c.args!.join(',')}`), [
    'uninstall test-idds', 'delete-pvc data-test-idds-postgres-0', 'upgrade test-idds',
  ]);
  assert.deepEqual(io.pvcList.map((p) => p.metadata.name), ['data-test-msgsvc-activemq-0', 'panda-shared-logs']);
});

test('the claims warning names each claim and what it holds; the choice is required', async () => {
  const { io, data } = await deployed();
  const plan = planDeploy({});
  const risks = await claimsAtRisk(io, plan, plan.releases.filter((r) => r.kind === 'idds'));
  assert.deepEqual(describeClaims(risks).slice(0, 2), ['test-idds keeps data on 1 volume claim(s) (idds.postgres):', '  data-test-idds-postgres-0 (standard)']);
  assert.throws(() => reinstallSteps(data, { io, components: ['idds'], pvcs: undefined as never }), UsageError);
});

test('refresh secrets upgrades panda-secrets and nothing else', async () => {
  const { io, data } = await deployed();
  fs.writeFileSync(secretsValuesFile(data), filledValuesText('rotated'));
  const summary = await runPlan({ steps: refreshSecretsSteps(data, { io, pollMs: 5 }), data, journal: Journal.open(data.workspace) });
  assert.equal(summary.status, 'done');
  assert.deepEqual(io.upgrades(), ['panda-secrets']);
});

test('uninstall goes top tier first; -c keeps the rest and the secrets', async () => {
  const { io, data } = await deployed();
  await runPlan({ steps: uninstallSteps(data, { io, components: ['msgsvc', 'bigmon'], pvcs: 'keep' }), data });
  assert.deepEqual(io.calls.filter((c) => c.verb === 'uninstall').map((c) => c.release), ['test-bigmon', 'test-msgsvc']);
  io.calls = [];
  const summary = await runPlan({ steps: uninstallSteps(data, { io, pvcs: 'keep' }), data, concurrency: 4 });
  assert.equal(summary.status, 'done');
  const order = io.calls.filter((c) => c.verb === 'uninstall').map((c) => c.release);
  assert.deepEqual(order.slice(-1), ['panda-secrets']);
  assert.ok(order.indexOf('test-panda') > order.indexOf('test-idds') && order.indexOf('test-iam') > order.indexOf('test-panda'));
  assert.equal(io.releases.size, 0);
});

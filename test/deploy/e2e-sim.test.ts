// End to end against the simulated cloud: the deploy steps drive the sim's helm and kubectl stand-ins
// (in-process for speed; one test through real processes on PATH); assertions read the sim's call log.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Journal, exitCodeOf, runPlan, type RunSummary } from '../../src/engine/index.js';
import { deploySteps, diagnosisOf, secretsValuesFile } from '../../src/deploy/steps.js';
import { collectStatus, renderStatus } from '../../src/deploy/status.js';
import { planDeploy } from '../../src/deploy/plan.js';
import type { RunData } from '../../src/app/run-data.js';
import type { Answers } from '../../src/config/answers.js';
import { createSimCluster, helmUpgrades, type SimCluster } from '../helpers/deploy-sim.js';
import { REPO_ROOT } from '../helpers/deploy-fakes.js';

const FAST = { pollMs: 20, probeAttempts: 5, probeIntervalMs: 20 };

async function deploy(data: RunData, options = FAST): Promise<RunSummary> {
  return runPlan({ steps: deploySteps(data, options), data, journal: Journal.open(data.workspace) });
}

function upgradesSince(sim: SimCluster, from: number): string[] {
  return helmUpgrades(sim.calls().slice(from)).map((u) => u.release);
}

/** Tier of each release of the plan, from the plan itself. */
function tiersOf(answers: Answers): Map<string, number> {
  return new Map(planDeploy(answers).releases.map((r) => [r.release, r.tier]));
}

/** Releases of one tier overlap in time; no release of tier n+1 starts before tier n ended. */
function assertTierSchedule(sim: SimCluster, answers: Answers): void {
  const tiers = tiersOf(answers);
  const ups = helmUpgrades(sim.calls());
  const byTier = new Map<number, typeof ups>();
  for (const u of ups) byTier.set(tiers.get(u.release)!, [...(byTier.get(tiers.get(u.release)!) ?? []), u]);
  const levels = [...byTier.keys()].sort();
  for (const t of levels) {
    const group = byTier.get(t)!;
    if (group.length > 1) {
      const latestStart = Math.max(...group.map((u) => u.start));
      const earliestEnd = Math.min(...group.map((u) => u.end));
      assert.ok(latestStart < earliestEnd, `tier ${t} releases overlap: ${group.map((u) => `${u.release} ${u.start}-${u.end}`).join(', ')}`);
    }
    const next = byTier.get(t + 1);
    if (next) {
      const tierEnd = Math.max(...group.map((u) => u.end));
      for (const u of next) assert.ok(u.start >= tierEnd, `${u.release} (tier ${t + 1}) started at ${u.start}, before tier ${t} ended at ${tierEnd}`);
    }
  }
}

for (const [name, answers, expected] of [
  ['no experiment', {}, ['panda-secrets', 'test-msgsvc', 'test-iam', 'test-panda', 'test-harvester', 'test-idds', 'test-bigmon']],
  ['lsst', { deploy: { experiment: 'lsst', affix: '-dev' } }, ['panda-secrets', 'msgsvc-dev', 'iam-dev', 'panda-dev', 'harvester-dev', 'idds-dev', 'bigmon-dev']],
  ['sphenix with IAM disabled', { deploy: { experiment: 'sphenix', disable: ['iam'] } }, ['panda-secrets', 'test-msgsvc', 'test-panda', 'test-harvester', 'test-idds', 'test-bigmon']],
] as const) {
  test(`full deploy (${name}) against the sim: tiers in order, parallel inside a tier, verified; a second run upgrades nothing`, async () => {
    const sim = await createSimCluster();
    const data = await sim.runData(answers as Answers);
    const first = await deploy(data);
    assert.equal(first.status, 'done', Object.values(first.errors).map((e) => e.message).join('\n'));
    assert.equal(first.steps['verify'], 'done');
    assert.deepEqual(new Set(upgradesSince(sim, 0)), new Set(expected));
    assertTierSchedule(sim, answers as Answers);
    const report = await collectStatus(data);
    assert.equal(report.overall, 'deployed', renderStatus(report));

    const mark = sim.calls().length;
    const second = await deploy(data);
    assert.equal(second.status, 'done');
    assert.deepEqual(upgradesSince(sim, mark), [], 'second run: zero helm upgrades');
  });
}

test('changing one value upgrades exactly the affected release(s)', async () => {
  // A private copy of the charts, so a value can be changed the way an operator edits one.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-root-'));
  for (const dir of ['charts', 'secrets']) fs.cpSync(path.join(REPO_ROOT, dir), path.join(root, dir), { recursive: true });
  const sim = await createSimCluster();
  const data = { ...(await sim.runData({})), projectRoot: root };
  assert.equal((await deploy(data)).status, 'done');

  const values = path.join(root, 'charts', 'bigmon', 'values.yaml');
  fs.writeFileSync(values, fs.readFileSync(values, 'utf8').replace(/replicaCount: 1/, 'replicaCount: 2'));
  let mark = sim.calls().length;
  assert.equal((await deploy(data)).status, 'done');
  assert.deepEqual(upgradesSince(sim, mark), ['test-bigmon'], 'a chart value: only its release');

  mark = sim.calls().length;
  const changed = { ...data, answers: { deploy: { disable: ['panda.jedi'] } } };
  assert.equal((await deploy(changed)).status, 'done');
  assert.deepEqual(upgradesSince(sim, mark), ['test-panda'], 'a sub-component switched off: only its release');
});

/** The pods of each workload (`<release>/<component>`), as the sim's kubectl lists them. */
async function podsByWorkload(sim: SimCluster): Promise<Map<string, string[]>> {
  const r = await sim.run('kubectl', ['--kubeconfig', sim.kubeconfig, '-n', 'panda', 'get', 'pods', '-o', 'json']);
  const items = (JSON.parse(r.out) as { items: Array<{ metadata: { name: string; uid: string; labels: Record<string, string>; annotations?: Record<string, string> } }> }).items;
  const out = new Map<string, string[]>();
  // verify's helm test makes its test Pods anew on every run: they are no restarted service pods.
  for (const p of items.filter((x) => !x.metadata.annotations?.['helm.sh/hook'])) {
    const key = `${p.metadata.labels['app.kubernetes.io/instance']}/${p.metadata.labels['app.kubernetes.io/component']}`;
    out.set(key, [...(out.get(key) ?? []), `${p.metadata.name} ${p.metadata.uid}`].sort());
  }
  return out;
}

function restarted(before: Map<string, string[]>, after: Map<string, string[]>): string[] {
  return [...after.keys()].filter((k) => JSON.stringify(after.get(k)) !== JSON.stringify(before.get(k))).sort();
}

test('a changed secret value restarts exactly the pods that read that Secret; a changed ConfigMap exactly the pods that mount it', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-root-'));
  for (const dir of ['charts', 'secrets']) fs.cpSync(path.join(REPO_ROOT, dir), path.join(root, dir), { recursive: true });
  const sim = await createSimCluster();
  const data = { ...(await sim.runData({})), projectRoot: root };
  assert.equal((await deploy(data)).status, 'done');
  const first = await podsByWorkload(sim);
  assert.ok(first.size >= 12, [...first.keys()].join(', '));

  // Harvester's id lives in harvester-envs, which Harvester and its MariaDB read as environment.
  const values = secretsValuesFile(data);
  const text = fs.readFileSync(values, 'utf8');
  assert.match(text, /harvesterID: my-harvester/);
  fs.writeFileSync(values, text.replace('harvesterID: my-harvester', 'harvesterID: another-harvester'), { mode: 0o600 });
  let mark = sim.calls().length;
  assert.equal((await deploy(data)).status, 'done');
  assert.deepEqual(upgradesSince(sim, mark).sort(), ['panda-secrets', 'test-harvester'], 'the Secret and its readers\' release');
  const second = await podsByWorkload(sim);
  assert.deepEqual(restarted(first, second), ['test-harvester/harvester', 'test-harvester/mariadb']);

  // JEDI's configuration is a ConfigMap of the panda chart that only JEDI mounts.
  const chartValues = path.join(root, 'charts', 'panda', 'values.yaml');
  const chartText = fs.readFileSync(chartValues, 'utf8');
  const jediConfig = /(## @param jedi\.config [^\n]*\n\s*config: )\{\}/;
  assert.match(chartText, jediConfig);
  fs.writeFileSync(chartValues, chartText.replace(jediConfig, '$1{daemon: {loglevel: debug}}'));
  mark = sim.calls().length;
  assert.equal((await deploy(data)).status, 'done');
  assert.deepEqual(upgradesSince(sim, mark), ['test-panda']);
  assert.deepEqual(restarted(second, await podsByWorkload(sim)), ['test-panda/jedi']);
});

test('ImagePullBackOff in idds: diagnosed with the image, tier-3 siblings finish, the run fails, status shows it; after the fix only idds is installed', async () => {
  const sim = await createSimCluster();
  sim.env['PANDA_K8S_SIM_SPEED'] = '0.001'; // helm waits (--timeout 10m → 600 ms) while the pods are watched
  sim.setFaults([{ name: 'image-pull', target: 'test-idds/rest' }]);
  const data = await sim.runData({ deploy: { timeout: '10m' } });
  const run = await deploy(data);
  assert.equal(run.status, 'failed');
  assert.equal(run.steps['release:test-harvester'], 'done');
  assert.equal(run.steps['release:test-bigmon'], 'done');
  assert.equal(run.steps['verify'], 'skipped');
  const error = run.errors['release:test-idds']!;
  assert.equal(exitCodeOf(error), 1);
  assert.equal(diagnosisOf(error)?.reason, 'ImagePullBackOff');
  assert.match(error.message, /Image ghcr\.io\/hsf\/idds:[\w.]+ cannot be pulled/);
  assert.match(error.message, /Failed to pull image "ghcr\.io\/hsf\/idds:/);

  const report = await collectStatus(data);
  assert.equal(report.overall, 'failed');
  assert.match(renderStatus(report), /test-idds +not installed .*last error: Release test-idds did not become ready/);

  sim.setFaults([]);
  const mark = sim.calls().length;
  const again = await deploy(data);
  assert.equal(again.status, 'done', Object.values(again.errors).map((e) => e.message).join('\n'));
  assert.deepEqual(upgradesSince(sim, mark), ['test-idds'], 'only what was missing');
  assert.equal((await collectStatus(data)).overall, 'deployed');
});

for (const major of [3, 4] as const) {
  test(`helm timeout: rollback is requested with ${major === 3 ? '--atomic' : '--rollback-on-failure'} (helm ${major})`, async () => {
    const sim = await createSimCluster();
    await sim.setHelmMajor(major);
    sim.setFaults([{ name: 'helm-timeout', target: 'test-msgsvc' }]);
    const data = await sim.runData({ deploy: { enable: ['msgsvc'] } });
    const run = await deploy(data);
    assert.equal(run.status, 'failed');
    const up = helmUpgrades(sim.calls()).find((u) => u.release === 'test-msgsvc')!;
    const flag = major === 3 ? '--atomic' : '--rollback-on-failure';
    const other = major === 3 ? '--rollback-on-failure' : '--atomic';
    assert.ok(up.argv.includes(flag) && !up.argv.includes(other), up.argv.join(' '));
    assert.ok(up.argv.includes('--wait') && up.argv.includes('--timeout'));
    assert.match(run.errors['release:test-msgsvc']!.message, new RegExp(`due to ${flag.slice(2)} being set[\\s\\S]*helm rolled it back \\(${flag}\\)`));
  });
}

test('through real processes: the stand-ins on PATH, the real Exec', async () => {
  const sim = await createSimCluster();
  const data = await sim.runData({ deploy: { enable: ['msgsvc'] } }, 'path');
  // Each stand-in is a node start-up here: poll the pods once per release, not every 20 ms.
  const run = await deploy(data, { ...FAST, pollMs: 60_000 });
  assert.equal(run.status, 'done', Object.values(run.errors).map((e) => e.message).join('\n'));
  assert.deepEqual(upgradesSince(sim, 0), ['panda-secrets', 'test-msgsvc']);
});

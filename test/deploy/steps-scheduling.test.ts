// The tier boundary: what a release step asks the cluster between one tier's last upgrade and the next
// tier's first. The check's status serves apply; the revision comes from helm upgrade's output; the pod
// watch stops when helm returns; the next tier's status is read while this tier upgrades.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Journal, runPlan, type StepContext } from '../../src/engine/index.js';
import { revisionOfUpgrade, type ClusterIo, type UpgradeInstallArgs } from '../../src/deploy/cluster-io.js';
import { deploySteps } from '../../src/deploy/steps.js';
import { reinstallSteps } from '../../src/deploy/reinstall.js';
import { watchRelease } from '../../src/deploy/watch.js';
import type { PodJson } from '../../src/deploy/k8s-shapes.js';
import { FakeCluster, fakeRunData } from '../helpers/deploy-fakes.js';
import type { Answers } from '../../src/config/answers.js';

/** A FakeCluster whose helm upgrade prints what the real one prints, REVISION included. */
class PrintingCluster extends FakeCluster {
  override async upgradeInstall(a: UpgradeInstallArgs) {
    const result = await super.upgradeInstall(a);
    const st = this.releases.get(a.args[2]!)!;
    return { ...result, stdout: `Release "${st.name}" has been upgraded. Happy Helming!\nNAME: ${st.name}\nLAST DEPLOYED: now\nNAMESPACE: panda\nSTATUS: deployed\nREVISION: ${st.revision}\nTEST SUITE: None\n` };
  }
}

async function deploy(io: FakeCluster, answers: Answers = {}, workspace?: string) {
  const data = fakeRunData(answers, { workspace });
  const journal = Journal.open(data.workspace);
  const summary = await runPlan({ steps: deploySteps(data, { io, pollMs: 5, probeAttempts: 1 }), data, journal });
  return { summary, data, journal };
}

const statusCalls = (io: FakeCluster, release: string) => io.calls.filter((c) => c.verb === 'status' && c.release === release);

test('helm upgrade\'s REVISION line is read; anything else is no revision', () => {
  assert.equal(revisionOfUpgrade('Release "x" has been upgraded. Happy Helming!\nNAME: x\nSTATUS: deployed\nREVISION: 12\nTEST SUITE: None\n'), 12);
  assert.equal(revisionOfUpgrade(''), undefined);
  assert.equal(revisionOfUpgrade('REVISION: soon\n'), undefined);
});

test('one helm status per release: apply reuses the check\'s, the revision comes from helm upgrade', async () => {
  const io = new PrintingCluster();
  io.upgradeMs = 60;
  const { summary, journal, data } = await deploy(io);
  assert.equal(summary.status, 'done', JSON.stringify(summary.errors));
  for (const release of io.upgrades()) {
    assert.equal(statusCalls(io, release).length, 1, `${release}: one status (the check's), none in apply, none after the upgrade`);
    assert.equal(journal.record(`release:${release}`)?.outputs?.['revision'], io.releases.get(release)!.revision, `${release}: revision recorded`);
  }

  // An upgrade (not an install): still one status each, and the new revision recorded.
  io.calls = [];
  const again = await deploy(io, { deploy: { disable: ['panda.jedi'] } }, data.workspace);
  assert.equal(again.summary.status, 'done');
  assert.deepEqual(io.upgrades(), ['test-panda']);
  assert.equal(statusCalls(io, 'test-panda').length, 1);
  assert.equal(again.journal.record('release:test-panda')?.outputs?.['revision'], 2);
});

test('a helm that prints no REVISION: the revision is asked of helm status after the upgrade', async () => {
  const io = new FakeCluster(); // its upgrade prints nothing
  const { summary, journal } = await deploy(io, { deploy: { enable: ['msgsvc'] } });
  assert.equal(summary.status, 'done', JSON.stringify(summary.errors));
  const upgrade = io.calls.find((c) => c.verb === 'upgrade' && c.release === 'test-msgsvc')!;
  const after = statusCalls(io, 'test-msgsvc').filter((c) => c.start >= upgrade.end!);
  assert.equal(after.length, 1, 'one status after the upgrade, for the revision');
  assert.equal(journal.record('release:test-msgsvc')?.outputs?.['revision'], 1);
});

test('every later tier\'s status is read once, as soon as the first release is checked, not one tier after another', async () => {
  const io = new PrintingCluster();
  io.upgradeMs = 150;
  const { summary } = await deploy(io);
  assert.equal(summary.status, 'done', JSON.stringify(summary.errors));
  const up = (r: string) => io.calls.find((c) => c.verb === 'upgrade' && c.release === r)!;
  for (const r of ['test-msgsvc', 'test-iam', 'test-panda', 'test-harvester', 'test-idds', 'test-bigmon']) {
    const calls = statusCalls(io, r);
    assert.equal(calls.length, 1, `${r}: one reading, which its check uses`);
    assert.ok(calls[0]!.start < up('panda-secrets').end!, `${r} read before the first tier's upgrade ended`);
  }
});

test('a run with nothing to do asks helm about every release at once, one reading each', async () => {
  const io = new PrintingCluster();
  const first = await deploy(io);
  io.calls = [];
  io.statusMs = 50;
  const again = await deploy(io, {}, first.data.workspace);
  assert.equal(again.summary.status, 'done');
  assert.deepEqual(io.upgrades(), []);
  const reads = io.calls.filter((c) => c.verb === 'status');
  assert.equal(reads.length, 7);
  assert.ok(Math.max(...reads.map((r) => r.start)) < Math.min(...reads.map((r) => r.end!)), 'every reading started before the first one ended');
});

test('a reading taken while a dependency upgraded still sees that release\'s own state', async () => {
  // Second run, with test-panda's inputs changed: the reading of tier 2 taken during tier 1 says "changed".
  const io = new PrintingCluster();
  io.upgradeMs = 100;
  const first = await deploy(io);
  io.calls = [];
  // iam's and panda's inputs change: test-panda is read while test-iam upgrades again.
  const again = await deploy(io, { deploy: { disable: ['panda.jedi', 'iam.mariadb'] } }, first.data.workspace);
  assert.equal(again.summary.status, 'done', JSON.stringify(again.summary.errors));
  assert.deepEqual(io.upgrades(), ['test-iam', 'test-panda'], 'test-panda upgraded: its changed inputs were seen through the early reading');
  const iam = io.calls.find((c) => c.verb === 'upgrade' && c.release === 'test-iam')!;
  const panda = statusCalls(io, 'test-panda');
  assert.equal(panda.length, 1);
  assert.ok(panda[0]!.start < iam.end!, 'read early (before test-iam\'s upgrade ended), and still right');
});

test('a reinstall reads no status early: its uninstall steps may run meanwhile', async () => {
  const io = new PrintingCluster();
  const first = await deploy(io);
  io.calls = [];
  const data = first.data;
  const steps = reinstallSteps(data, { io, components: ['panda'], pvcs: 'keep', pollMs: 5, probeAttempts: 1 });
  const summary = await runPlan({ steps, data, journal: Journal.open(data.workspace) });
  assert.equal(summary.status, 'done', JSON.stringify(summary.errors));
  assert.deepEqual(io.upgrades(), ['test-panda'], 'uninstalled and installed again');
});

function fakeContext(): StepContext<unknown> & { progressed: string[]; lines: string[] } {
  const progressed: string[] = [];
  const lines: string[] = [];
  return {
    data: undefined, stepId: 'release:x', signal: new AbortController().signal, previous: undefined, inputsChanged: false,
    log: (l) => lines.push(l), progress: (m) => progressed.push(m), outputsOf: () => undefined, progressed, lines,
  };
}

test('the watch stops at once: a poll in flight is not waited for and what it finds is dropped', async () => {
  const io: ClusterIo = new FakeCluster();
  let release: (pods: PodJson[]) => void = () => {};
  let asked = 0;
  io.pods = () => {
    asked++;
    return new Promise<PodJson[]>((resolve) => { release = resolve; });
  };
  const ctx = fakeContext();
  const watch = watchRelease(ctx, { io, release: 'x', namespace: 'panda', pollMs: 5 });
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(asked, 1, 'the first poll is in flight');
  const t0 = Date.now();
  await watch.stop('deployed');
  assert.ok(Date.now() - t0 < 50, 'stop did not wait for the poll');
  const reported = ctx.progressed.length;
  release([{ metadata: { name: 'x-0', labels: { 'app.kubernetes.io/instance': 'x' } }, status: { phase: 'Running' } } as PodJson]);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(ctx.progressed.length, reported, 'nothing reported after stop');
  assert.equal(ctx.lines.length, 0, 'no pod line logged after stop');
  assert.equal(asked, 1, 'no poll after stop');
});

test('the watch\'s first poll waits firstPollMs (the watched command starts first)', async () => {
  const io: ClusterIo = new FakeCluster();
  let asked = 0;
  io.pods = async () => {
    asked++;
    return [];
  };
  const watch = watchRelease(fakeContext(), { io, release: 'x', namespace: 'panda', pollMs: 1000, firstPollMs: 40 });
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(asked, 0);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(asked, 1);
  await watch.stop();
});

// The built CLI end to end against the sim, as an operator meets it: the wizard in a real terminal
// (tmux), a terminal lost mid-deploy and a resume in a new one, the same flow piped through `cat`,
// and Ctrl-C during a run. Needs tmux (.ci/run installs it) and the bundle (npm test builds it).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, tempDir } from '../helpers/process.js';
import { projectHome } from '../helpers/e2e-home.js';
import { E2eLeftovers } from '../helpers/e2e-cleanup.js';
import { TmuxPane, shq, tmuxAvailable } from '../helpers/e2e-tmux.js';
import { countBy, readCalls, readJournal, readLock, stepsWith, thingOf, waitGone, type SimCall } from '../helpers/e2e-workspace.js';

const BUNDLE = path.join(ROOT, 'dist', 'panda-k8s.mjs');
/** Cluster creation ~0.7 s, a pod start ~50 ms: the deploy phase still lasts ~5 s (tool start-up, polls). */
const SPEED = '0.001';
/** Slower for the Ctrl-C test: the cluster wait lasts ~7 s, a wide window to press Ctrl-C in. */
const SLOW = '0.01';
const RELEASES = ['panda-secrets', 'test-msgsvc', 'test-iam', 'test-panda', 'test-harvester', 'test-idds', 'test-bigmon'];
/** A step the run screen shows as running: a spinner frame, then the step id. */
const RUNNING = (id: string) => new RegExp(`^[\\u2800-\\u28ff] ${id}`, 'm');
const ESC = '\u001b';

const left = new E2eLeftovers();

interface Setup {
  dir: string;
  ws: string;
  home: string;
}

function setup(): Setup {
  const dir = tempDir('pk8s-e2e-');
  left.dirs.push(dir);
  const ws = path.join(dir, 'ws');
  fs.mkdirSync(ws);
  return { dir, ws, home: projectHome(dir) };
}

/** The environment every run gets: no CI (it would force plain output), the copied home, the sim speed. */
function envFor(s: Setup, speed: string): Record<string, string> {
  return { PANDA_K8S_HOME: s.home, PANDA_K8S_SIM_SPEED: speed };
}
const UNSET = ['CI', 'NO_COLOR', 'PANDA_K8S_SIM_DIR', 'PANDA_K8S_POLL_MS', 'KUBECONFIG'];

/**
 * The wizard in a new tmux server. After it exits, the shell writes its exit code to `<name>.rc` and
 * the terminal's modes to `<name>.stty`, prints `[panda-k8s exited N]` and stays (so the pane stays).
 */
function openWizard(s: Setup, name: string, size: { width: number; height: number }, speed = SPEED): { pane: TmuxPane; rcFile: string; sttyFile: string } {
  const rcFile = path.join(s.dir, `${name}.rc`);
  const sttyFile = path.join(s.dir, `${name}.stty`);
  const env = Object.entries(envFor(s, speed)).map(([k, v]) => `${k}=${shq(v)}`).join(' ');
  const command = [
    `env ${UNSET.map((k) => `-u ${k}`).join(' ')} ${env} ${shq(process.execPath)} ${shq(BUNDLE)} --target sim -w ${shq(s.ws)}`,
    `rc=$?; echo $rc > ${shq(rcFile)}; stty -a > ${shq(sttyFile)} 2>&1; echo "[panda-k8s exited $rc]"; exec sleep 600`,
  ].join('; ');
  const socket = `pk8s-e2e-${process.pid}-${name}-${Date.now().toString(36)}`;
  const pane = new TmuxPane(socket, command, size, s.dir);
  left.panes.push(pane);
  return { pane, rcFile, sttyFile };
}

/**
 * The whole pane (with history) once the shell has printed `[panda-k8s exited N]`. The rc file can
 * exist before tmux has read the last frames from the terminal (a loaded machine), so the screen is
 * only complete once the shell's own line, written after them, shows.
 */
function finalScreen(pane: TmuxPane): Promise<string> {
  return pane.waitFor(/\[panda-k8s exited \d+\]/, 'the shell line after panda-k8s exits', 20_000, true);
}

async function waitForFile(file: string, what: string, timeoutMs: number, pane?: TmuxPane): Promise<string> {
  const start = Date.now();
  while (!fs.existsSync(file) || fs.readFileSync(file, 'utf8').trim() === '') {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${pane ? `; the pane shows:\n${pane.capture()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** From the first screen of a new workspace through every question (defaults) to the review, then Start. */
async function walkToRun(pane: TmuxPane): Promise<void> {
  const first = await pane.waitFor(/New workspace/, 'the first screen of a new workspace', 30_000);
  assert.match(first, /REHEARSAL — simulated cloud, nothing real is touched/);
  assert.match(first, /❯ Start/);
  const { screen, keys } = await pane.enterUntil(/Review: nothing has run yet/, 'review screen');
  // Start, then a dozen questions at least: the walk really went through the questions.
  assert.ok(keys >= 12, `the review came after only ${keys} Enter keys:\n${screen}`);
  // The CERN profile's defaults, as the run would use them.
  assert.match(screen, /Cluster\s+panda-k8s: 4 × m2\.xlarge, master m2\.xlarge/);
  assert.match(screen, /Components\s+all/);
  assert.match(screen, /❯ Start/);
  pane.send('Enter');
  await pane.waitFor(/panda-k8s · run/, 'the run screen', 20_000);
}

/** `panda-k8s status --json` of a workspace, reduced to what two equal deployments share. */
function deployedState(s: Setup): { code: number | null; text: string; overall: string; releases: string[] } {
  const env = { ...process.env, ...envFor(s, SPEED) };
  for (const k of UNSET) delete env[k];
  const text = spawnSync(process.execPath, [BUNDLE, 'status', '-w', s.ws], { env, encoding: 'utf8' });
  const json = spawnSync(process.execPath, [BUNDLE, 'status', '--json', '-w', s.ws], { env, encoding: 'utf8' });
  assert.equal(json.status, 0, json.stderr);
  const report = JSON.parse(json.stdout) as { overall: string; releases: { release: string; status?: string; podsReady?: number; podsTotal?: number; changed?: boolean }[] };
  return {
    code: text.status,
    text: text.stdout + text.stderr,
    overall: report.overall,
    releases: report.releases.map((r) => `${r.release} ${r.status} pods ${r.podsReady}/${r.podsTotal}${r.changed ? ' changed' : ''}`),
  };
}

function assertAllDone(ws: string): void {
  const journal = readJournal(ws);
  const notDone = Object.entries(journal.steps).filter(([, r]) => r.status !== 'done').map(([id, r]) => `${id}: ${r.status}`);
  assert.deepEqual(notDone, [], 'every journal step is done');
  for (const id of ['cluster', 'nodes-ready', 'host-certificates', 'secret-values', ...RELEASES.map((r) => `release:${r}`), 'verify']) {
    assert.equal(journal.steps[id]?.status, 'done', `${id} is in the journal, done`);
  }
}

/**
 * The sim's log of mutating commands after a run that was stopped and resumed: nothing done before
 * the stop was done again. `firstCount` is how many calls the first run made; `doneAtStop` the
 * journal steps done when it stopped.
 */
function assertNoRedoneWork(calls: SimCall[], firstCount: number, doneAtStop: string[]): void {
  // verify's helm test runs on every run by design (it makes test Pods and changes no release): not redone work.
  const isTest = (c: SimCall) => c.tool === 'helm' && c.argv[0] === 'test';
  const mutating = calls.filter((c) => c.mutating && !isTest(c));
  const list = mutating.map((c) => `  ${thingOf(c)} (exit ${c.exitCode})`).join('\n');
  const counts = countBy(mutating, thingOf);
  const creates = mutating.filter((c) => c.tool === 'openstack' && c.argv.slice(0, 3).join(' ') === 'coe cluster create');
  assert.equal(creates.length, 1, `exactly one cluster create:\n${list}`);
  assert.equal(mutating.filter((c) => c.tool === 'openstack' && c.argv.slice(0, 2).join(' ') === 'keypair create').length, 1, `exactly one keypair create:\n${list}`);
  // A release not done when the first run stopped may have been started by it and be redone once.
  const redoable = new Set(RELEASES.filter((r) => !doneAtStop.includes(`release:${r}`)).map((r) => `helm upgrade ${r}`));
  for (const [thing, n] of counts) {
    assert.ok(n <= (redoable.has(thing) ? 2 : 1), `${thing} issued ${n} times:\n${list}`);
  }
  const second = calls.slice(firstCount).filter((c) => c.mutating && !isTest(c));
  for (const c of second) {
    assert.ok(redoable.has(thingOf(c)), `the resumed run redid "${thingOf(c)}", done by the first run (done then: ${doneAtStop.join(', ')}):\n${list}`);
  }
  assert.ok(second.length > 0, 'the resumed run deployed what the first left undone');
  for (const r of RELEASES) {
    const ok = mutating.filter((c) => thingOf(c) === `helm upgrade ${r}` && c.exitCode === 0);
    assert.equal(ok.length, 1, `${r} was installed successfully exactly once:\n${list}`);
  }
}

let tmuxFinal: ReturnType<typeof deployedState> | undefined;

describe('the wizard end to end in tmux against the sim', { skip: tmuxAvailable() ? false : 'tmux is not installed', timeout: 170_000 }, () => {
  before(() => {
    assert.ok(fs.existsSync(BUNDLE), `${BUNDLE} is missing: run node scripts/build.mjs (npm test does)`);
  });

  after(() => left.clear());

  test('100x30: empty workspace → questions → run; the terminal is lost mid-deploy; a new terminal resumes to a deployed system', async () => {
    const s = setup();
    const first = openWizard(s, 'first', { width: 100, height: 30 });
    await walkToRun(first.pane);
    assert.ok(fs.existsSync(path.join(s.ws, 'panda-k8s.yaml')), 'the answers were saved');

    // Mid-deploy: one release done, another one running.
    const mid = await first.pane.waitFor(
      (screen) => /^✓ release:/m.test(screen) && RUNNING('release:').test(screen),
      'a release running after another one is done',
      60_000,
    );
    const holder = readLock(s.ws);
    assert.ok(holder, 'the run holds the workspace lock');
    first.pane.kill(); // the terminal goes away, as with a lost SSH session: SIGHUP
    await waitGone(s.ws, 20_000, [holder.pid]); // the first run ends with its terminal

    // SIGHUP stopped the run cleanly: the running commands were stopped (waitGone), the lock released,
    // and the journal tells where it stopped (no step is left `running`).
    const lock = readLock(s.ws);
    assert.equal(lock, undefined, `the lock is released: ${JSON.stringify(lock)}`);
    const atStop = readJournal(s.ws);
    assert.deepEqual(stepsWith(atStop, 'running'), [], `no step is left running: ${JSON.stringify(atStop.steps)}`);
    const doneAtStop = stepsWith(atStop, 'done');
    for (const id of ['cluster', 'cluster-ready', 'namespace', 'release:panda-secrets']) assert.ok(doneAtStop.includes(id), `${id} was done before the stop: ${doneAtStop.join(', ')}\n${mid}`);
    assert.ok(!doneAtStop.includes('verify'), 'the first run did not finish');
    const pendingReleases = RELEASES.filter((r) => !doneAtStop.includes(`release:${r}`));
    assert.ok(pendingReleases.length > 0, 'some releases were left to do');
    const firstCount = readCalls(s.ws).length;
    assert.equal(fs.existsSync(first.rcFile), false, 'the first shell died with its terminal');

    // A new terminal, the same command.
    const second = openWizard(s, 'second', { width: 100, height: 30 });
    const resume = await second.pane.waitFor(/Interrupted at step/, 'the interrupted-workspace screen', 30_000);
    const at = /Interrupted at step (release:\S+)/.exec(resume);
    assert.ok(at, `interrupted at a release step:\n${resume}`);
    assert.ok(pendingReleases.includes(at[1]!.slice('release:'.length)), `${at[1]} was not done when the terminal went away`);
    assert.match(resume, /❯ Resume/);
    assert.match(resume, /✓ cluster\s/);
    assert.match(resume, /✓ release:panda-secrets/);
    assert.match(resume, /· verify/);
    second.pane.send('Enter');
    await second.pane.waitFor(/panda-k8s · run/, 'the run screen of the resumed run', 20_000);
    const rc = await waitForFile(second.rcFile, 'the resumed run to end', 60_000, second.pane);
    const final = await finalScreen(second.pane);
    assert.equal(rc, '0', `the resumed run exits 0:\n${final}`);

    // The final screen: what is deployed, and the transcript.
    // On failure, the end of the screen: a CI log keeps only part of a long message.
    const tail = `the end of the screen:\n${final.split('\n').slice(-45).join('\n')}`;
    assert.match(final, /✓ Run finished/, tail);
    assert.match(final, /✓ PanDA is deployed/, tail);
    assert.match(final, /^Releases$/m);
    for (const r of RELEASES) assert.match(final, new RegExp(`^  ${r}\\s+\\S+ deployed$`, 'm'));
    const transcript = /^Transcript (\S+)$/m.exec(final);
    assert.ok(transcript && fs.existsSync(transcript[1]!), `the transcript named on the final screen exists:\n${final}`);
    assert.match(final, /\[panda-k8s exited 0\]/);

    assertAllDone(s.ws);
    assert.equal(readLock(s.ws), undefined, 'the lock is released');
    assertNoRedoneWork(readCalls(s.ws), firstCount, doneAtStop);

    tmuxFinal = deployedState(s);
    assert.equal(tmuxFinal.code, 0, tmuxFinal.text);
    assert.equal(tmuxFinal.overall, 'deployed', tmuxFinal.text);
  });

  test('| cat: plain lines, no escape codes; stopped with SIGINT mid-deploy, run again to the same deployed state', async () => {
    const s = setup();
    const env: NodeJS.ProcessEnv = { ...process.env, ...envFor(s, SPEED) };
    for (const k of UNSET) delete env[k];
    const run = (name: string) => {
      const rcFile = path.join(s.dir, `${name}.rc`);
      const line = `{ ${shq(process.execPath)} ${shq(BUNDLE)} bootstrap --target sim --yes -w ${shq(s.ws)}; echo $? > ${shq(rcFile)}; } | cat`;
      const child = spawn('sh', ['-c', line], { cwd: s.dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      left.groups.push(child.pid!);
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      return { rcFile, out: () => out, err: () => err, exit };
    };

    // First run: SIGINT to panda-k8s once a release is done and another one has started.
    const a = run('a');
    const start = Date.now();
    for (;;) {
      const out = a.out();
      const done = [...out.matchAll(/^\[release:(\S+)\] done in /gm)].map((m) => m[1]);
      const started = [...out.matchAll(/^\[release:(\S+)\] started/gm)].map((m) => m[1]);
      if (done.length > 0 && started.some((r) => !done.includes(r))) break;
      if (/^\[run\] (finished|FAILED)/m.test(out)) assert.fail(`the run ended before it could be stopped mid-deploy:\n${out.slice(-2000)}`);
      if (Date.now() - start > 60_000) assert.fail(`no release started after a done one within 60 s:\n${out.slice(-2000)}\n${a.err()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const holder = readLock(s.ws);
    assert.ok(holder);
    process.kill(holder.pid, 'SIGINT');
    await a.exit;
    await waitGone(s.ws, 15_000, [holder.pid]);
    assert.equal(fs.readFileSync(a.rcFile, 'utf8').trim(), '130', `interrupted exits 130:\n${a.out().slice(-1500)}\n${a.err()}`);
    assert.match(a.out(), /^\[run\] INTERRUPTED after /m);
    assert.match(a.err(), /stopping the running command/);
    assert.equal(readLock(s.ws), undefined, 'the lock is released');
    const atStop = readJournal(s.ws);
    const doneAtStop = stepsWith(atStop, 'done');
    assert.ok(stepsWith(atStop, 'interrupted').some((id) => id.startsWith('release:')), `a release step is recorded interrupted: ${JSON.stringify(atStop.steps)}`);
    const firstCount = readCalls(s.ws).length;

    // Second run: to the end.
    const b = run('b');
    await b.exit;
    const out = b.out();
    assert.equal(fs.readFileSync(b.rcFile, 'utf8').trim(), '0', `${out.slice(-2000)}\n${b.err()}`);
    for (const text of [a.out(), out]) {
      assert.ok(!text.includes(ESC), 'no escape codes in plain output');
      const lines = text.split('\n').filter((l) => l !== '');
      const bare = lines.filter((l) => !/^\[[\w:.-]+\] \S/.test(l));
      assert.deepEqual(bare, [], 'every line is prefixed [step-id]');
    }
    assert.match(out, /^\[run\] started: 26 steps: preflight, keypair, /m);
    assert.match(out, /^\[cluster\] already done: /m);
    assert.match(out, /^\[release:panda-secrets\] already done: /m);
    assert.match(out, /^\[release:test-\S+\] \$ helm upgrade --install test-/m);
    assert.match(out, /^\[run\] finished after \d/m);
    assert.match(out, /^\[summary\] PanDA is deployed/m);
    for (const r of RELEASES) assert.match(out, new RegExp(`^\\[summary\\] release ${r} \\(\\S+\\): deployed$`, 'm'));
    const transcript = /^\[summary\] transcript: (\S+)$/m.exec(out);
    assert.ok(transcript && fs.existsSync(transcript[1]!), 'the transcript exists');

    assertAllDone(s.ws);
    assertNoRedoneWork(readCalls(s.ws), firstCount, doneAtStop);

    const state = deployedState(s);
    assert.equal(state.code, 0, state.text);
    assert.equal(state.overall, 'deployed', state.text);
    for (const r of RELEASES) assert.match(state.text, new RegExp(`^\\d\\s+${r}\\s+deployed\\s`, 'm'));
    if (tmuxFinal) assert.deepEqual(state.releases, tmuxFinal.releases, 'the same final state as the tmux run');
  });

  test('80x24: Ctrl-C during a run stops it, records the interruption, exits 130 and restores the terminal', async () => {
    const s = setup();
    const w = openWizard(s, 'ctrlc', { width: 80, height: 24 }, SLOW);
    await walkToRun(w.pane);
    const running = await w.pane.waitFor(RUNNING('cluster-ready'), 'the cluster wait running', 30_000);
    for (const line of running.split('\n')) assert.ok([...line].length <= 80, `a line wider than the terminal: ${line}`);
    assert.match(running, /Ctrl-C: stop/);
    const holder = readLock(s.ws);
    assert.ok(holder, 'the run holds the workspace lock');
    w.pane.send('C-c');
    // While a step runs, Ctrl-C stops at once; had the step just ended, the UI asks first: answer it.
    const stopping = await w.pane.waitFor(/Stopping|Quit panda-k8s\?|panda-k8s exited/, 'Ctrl-C to be taken', 10_000, true);
    if (/Quit panda-k8s\?/.test(stopping) && !/Stopping/.test(stopping)) w.pane.send('y');
    const rc = await waitForFile(w.rcFile, 'the run to stop', 20_000, w.pane);
    const screen = await finalScreen(w.pane);
    assert.equal(rc, '130', `Ctrl-C exits 130:\n${screen}`);
    assert.match(screen, /‖ Run interrupted/);
    assert.match(screen, /\[panda-k8s exited 130\]/);

    // The terminal is back to normal: line mode and echo on, cursor visible, no alternate screen.
    const stty = fs.readFileSync(w.sttyFile, 'utf8');
    assert.match(stty, /(^|\s)icanon(\s|$)/m, stty);
    assert.match(stty, /(^|\s)echo(\s|$)/m, stty);
    assert.match(stty, /(^|\s)isig(\s|$)/m, stty);
    assert.equal(w.pane.display('#{cursor_flag}'), '1', 'the cursor is visible');
    assert.equal(w.pane.display('#{alternate_on}'), '0');

    await waitGone(s.ws, 15_000, [holder.pid]);
    const journal = readJournal(s.ws);
    assert.equal(journal.steps['cluster-ready']?.status, 'interrupted', JSON.stringify(journal.steps['cluster-ready']));
    assert.equal(journal.steps['cluster']?.status, 'done');
    assert.equal(journal.steps['verify'], undefined, 'nothing after the interrupted step ran');
    assert.equal(readLock(s.ws), undefined, 'the lock is released');
    const mutating = readCalls(s.ws).filter((c) => c.mutating).map(thingOf);
    assert.ok(!mutating.some((t) => t.startsWith('helm ') || t.includes(' label node ')), `nothing after the cluster wait ran:\n${mutating.join('\n')}`);
  });
});

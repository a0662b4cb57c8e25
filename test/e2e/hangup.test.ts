// A lost terminal, end to end with the built CLI against the sim: the run stops cleanly and the
// process exits as an interrupted run does (130), not in a Node abort; a run with no terminal
// (nohup) outlives the hangup and finishes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ROOT, tempDir } from '../helpers/process.js';
import { projectHome } from '../helpers/e2e-home.js';
import { TmuxPane, shq, tmuxAvailable } from '../helpers/e2e-tmux.js';
import { readJournal, readLock, stepsWith, waitGone } from '../helpers/e2e-workspace.js';
import { E2eLeftovers } from '../helpers/e2e-cleanup.js';

const BUNDLE = path.join(ROOT, 'dist', 'panda-k8s.mjs');
const UNSET = ['CI', 'NO_COLOR', 'PANDA_K8S_SIM_DIR', 'PANDA_K8S_POLL_MS', 'KUBECONFIG'];
const left = new E2eLeftovers();
after(() => left.clear());

function setup(): { dir: string; ws: string; env: Record<string, string> } {
  const dir = tempDir('pk8s-hup-');
  left.dirs.push(dir);
  const ws = path.join(dir, 'ws');
  fs.mkdirSync(ws);
  return { dir, ws, env: { PANDA_K8S_HOME: projectHome(dir), PANDA_K8S_SIM_SPEED: '0.002' } };
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The journal's done steps once `id` is among them (undefined before). */
function doneWith(ws: string, id: string): string[] | undefined {
  try {
    const done = stepsWith(readJournal(ws), 'done');
    return done.includes(id) ? done : undefined;
  } catch {
    return undefined; // not written yet
  }
}

describe('a lost terminal', { skip: tmuxAvailable() ? false : 'tmux is not installed', timeout: 120_000 }, () => {
  test('mid-run: the run stops cleanly, records where, exits 130 with no Node abort', async () => {
    const s = setup();
    // A watcher between the pane and the CLI plays the login shell: it passes the hangup on to the
    // CLI and outlives the terminal to report how the CLI ended (then ends itself with SIGKILL: a
    // plain Node process would abort on its way out of a lost terminal). The CLI's stderr goes to a file.
    const watcher = path.join(s.dir, 'watch.cjs');
    const statusFile = path.join(s.dir, 'status.json');
    const errFile = path.join(s.dir, 'stderr.txt');
    fs.writeFileSync(watcher, `
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const err = fs.openSync(${JSON.stringify(errFile)}, 'w');
const child = spawn(process.execPath, ${JSON.stringify([BUNDLE, 'bootstrap', '--target', 'sim', '--yes', '-w', s.ws])}, { stdio: ['inherit', 'inherit', err] });
// As a login shell does: the hangup is passed on to the job.
process.on('SIGHUP', () => child.kill('SIGHUP'));
child.on('exit', (code, signal) => {
  fs.writeFileSync(${JSON.stringify(statusFile)}, JSON.stringify({ code, signal }));
  process.kill(process.pid, 'SIGKILL');
});
`);
    const env = Object.entries(s.env).map(([k, v]) => `${k}=${shq(v)}`).join(' ');
    const command = `env ${UNSET.map((k) => `-u ${k}`).join(' ')} ${env} ${shq(process.execPath)} ${shq(watcher)}`;
    const pane = new TmuxPane(`pk8s-hup-${process.pid}-${Date.now().toString(36)}`, command, { width: 100, height: 30 }, s.dir);
    left.panes.push(pane);
    await pane.waitFor(/panda-k8s · run/, 'the run screen', 30_000);
    await until(() => doneWith(s.ws, 'cluster-ready'), 'the cluster to be ready', 60_000);
    const holder = readLock(s.ws);
    assert.ok(holder, 'the run holds the workspace lock');

    pane.kill(); // the terminal goes away: SIGHUP
    const status = JSON.parse(await until(() => (fs.existsSync(statusFile) ? fs.readFileSync(statusFile, 'utf8') : undefined), 'the CLI to end', 30_000)) as { code: number | null; signal: string | null };
    const stderr = fs.readFileSync(errFile, 'utf8');
    assert.deepEqual(status, { code: 130, signal: null }, `the CLI ends as an interrupted run:\n${stderr}`);
    assert.doesNotMatch(stderr, /Assertion failed|Native stack trace/, 'no Node abort on the way out');
    assert.match(stderr, /SIGHUP: stopping the running command/);

    await waitGone(s.ws, 20_000, [holder.pid]);
    const journal = readJournal(s.ws);
    assert.deepEqual(stepsWith(journal, 'running'), [], 'no step left running');
    assert.ok(stepsWith(journal, 'interrupted').length > 0, `the journal records where it stopped: ${JSON.stringify(journal.steps)}`);
    assert.equal(journal.steps['verify'], undefined, 'the run did not go on without its terminal');
    assert.equal(readLock(s.ws), undefined, 'the lock is released');
  });

  test('under nohup (no terminal): the run outlives the hangup and finishes', async () => {
    const s = setup();
    const env: NodeJS.ProcessEnv = { ...process.env, ...s.env };
    for (const k of UNSET) delete env[k];
    // What nohup does: SIGHUP ignored (Node resets that), no terminal on stdin, stdout or stderr.
    const child = spawn('sh', ['-c', `trap '' HUP; exec ${shq(process.execPath)} ${shq(BUNDLE)} bootstrap --target sim --yes --plain -w ${shq(s.ws)}`], {
      cwd: s.dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    left.groups.push(child.pid!);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

    await until(() => doneWith(s.ws, 'cluster-ready'), 'the cluster to be ready', 60_000);
    process.kill(child.pid!, 'SIGHUP'); // the terminal nohup detached it from goes away
    const status = await exit;
    assert.deepEqual(status, { code: 0, signal: null }, out.slice(-2000));
    assert.doesNotMatch(out, /SIGHUP: stopping/);
    assert.match(out, /^\[summary\] PanDA is deployed/m);
    const journal = readJournal(s.ws);
    assert.equal(journal.steps['verify']?.status, 'done');
    assert.deepEqual(stepsWith(journal, 'interrupted'), []);
  });
});

// Crash, resume, lock and interrupt behaviour, with a real runner process (test/fixtures/toy-plan.ts)
// whose steps run real child processes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { isAlive, spawnTs, tempDir, waitFor } from '../helpers/process.js';

const FIXTURE = 'test/fixtures/toy-plan.ts';
const applies = (ws: string) => (fs.existsSync(path.join(ws, 'applies.log')) ? fs.readFileSync(path.join(ws, 'applies.log'), 'utf8').trim().split('\n') : []);
const journal = (ws: string) => JSON.parse(fs.readFileSync(path.join(ws, '.panda-k8s', 'state.json'), 'utf8'));

describe('resume', () => {
  test('SIGKILL mid-plan, then a new run finishes the plan with every apply run exactly once', async () => {
    const ws = tempDir();
    const first = spawnTs(FIXTURE, [ws, '0.4']);
    // Kill once some steps are done and others are still running.
    await waitFor(() => applies(ws).length >= 2, 30000, 'two steps done');
    first.child.kill('SIGKILL');
    await first.exit;
    const before = applies(ws);
    assert.ok(before.length < 5, `killed before the end (had ${before.join(',')})`);
    const second = spawnTs(FIXTURE, [ws, '0.05']);
    const exit = await second.exit;
    assert.equal(exit.code, 0, second.stderr());
    const all = applies(ws);
    assert.deepEqual([...all].sort(), ['a', 'b', 'c', 'd', 'e']);
    for (const id of ['a', 'b', 'c', 'd', 'e']) assert.equal(journal(ws).steps[id].status, 'done');
  });

  test('a lock left by a killed run is taken over (same host, dead pid)', async () => {
    const ws = tempDir();
    const first = spawnTs(FIXTURE, [ws, '5']);
    await waitFor(() => fs.existsSync(path.join(ws, 'pid-a')), 20000, 'first step running');
    first.child.kill('SIGKILL');
    await first.exit;
    assert.ok(fs.existsSync(path.join(ws, '.panda-k8s', 'lock')), 'lock left behind');
    const second = spawnTs(FIXTURE, [ws, '0.01']);
    assert.equal((await second.exit).code, 0, second.stderr());
    assert.deepEqual(applies(ws).sort(), ['a', 'b', 'c', 'd', 'e']);
  });

  test('a second concurrent run is refused and says who holds the workspace', async () => {
    const ws = tempDir();
    const first = spawnTs(FIXTURE, [ws, '3']);
    await waitFor(() => fs.existsSync(path.join(ws, 'pid-a')), 20000, 'first run started');
    const second = spawnTs(FIXTURE, [ws, '0.01']);
    const exit = await second.exit;
    assert.equal(exit.code, 1);
    assert.match(second.stderr(), new RegExp(`Another panda-k8s run holds this workspace: process ${first.child.pid} on `));
    assert.match(second.stderr(), /Wait for it to finish/);
    first.child.kill('SIGKILL');
    await first.exit;
    assert.deepEqual(applies(ws), [], 'the refused run applied nothing');
  });

  for (const [name, content] of [
    ['truncated', '{"version":1,"steps":{"a":{"sta'],
    ['garbage', '\u0000\u0001not json at all'],
    ['empty', ''],
    ['wrong shape', '{"version":1,"steps":[]}'],
  ] as const) {
    test(`a ${name} journal gives a clear error and is left untouched`, async () => {
      const ws = tempDir();
      const file = path.join(ws, '.panda-k8s', 'state.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      const run = spawnTs(FIXTURE, [ws, '0.01']);
      const exit = await run.exit;
      assert.equal(exit.code, 1);
      assert.match(run.stderr(), new RegExp(`The journal ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not usable`));
      assert.match(run.stderr(), /mv .*state\.json .*state\.json\.bad/);
      assert.equal(fs.readFileSync(file, 'utf8'), content);
      assert.deepEqual(applies(ws), []);
      assert.equal(fs.existsSync(path.join(ws, '.panda-k8s', 'lock')), false, 'no lock left');
    });
  }

  test('Ctrl-C (SIGINT) during a long child ends the child and records the step as interrupted', async () => {
    const ws = tempDir();
    const run = spawnTs(FIXTURE, [ws, '30']);
    const pidFile = path.join(ws, 'pid-a');
    await waitFor(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '', 20000, 'child started');
    const childPid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.ok(isAlive(childPid));
    run.child.kill('SIGINT');
    const exit = await run.exit;
    assert.equal(exit.code, 130, run.stderr());
    await waitFor(() => !isAlive(childPid), 5000, 'child gone');
    const j = journal(ws);
    assert.equal(j.steps.a.status, 'interrupted');
    assert.equal(j.steps.b, undefined, 'nothing after it started');
    assert.deepEqual(applies(ws), []);
    assert.equal(fs.existsSync(path.join(ws, '.panda-k8s', 'lock')), false, 'lock released');
    const logs = fs.readdirSync(path.join(ws, '.panda-k8s', 'logs'));
    const transcript = fs.readFileSync(path.join(ws, '.panda-k8s', 'logs', logs[0]!), 'utf8');
    assert.match(transcript, /= interrupted in \d+ ms/);
  });
});

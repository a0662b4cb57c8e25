import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { test } from 'node:test';
import { acquireLock, lockPath, LockedError } from '../../src/engine/index.js';
import { tempDir } from '../helpers/process.js';

function writeLock(ws: string, pid: number, host = os.hostname()): void {
  fs.mkdirSync(`${ws}/.panda-k8s`, { recursive: true });
  fs.writeFileSync(lockPath(ws), JSON.stringify({ pid, host, startedAt: '2026-01-01T00:00:00.000Z', command: 'bootstrap' }));
}

test('a lock held by a live process on this host is refused, naming the process and what to do', async () => {
  const ws = tempDir();
  const holder = spawn('sleep', ['30']);
  try {
    writeLock(ws, holder.pid!);
    assert.throws(() => acquireLock(ws), (e: unknown) => e instanceof LockedError && new RegExp(`process ${holder.pid} on ${os.hostname()} \\(bootstrap\\)`).test(e.message) && e.nextSteps.some((s) => s.includes(lockPath(ws))));
  } finally {
    holder.kill();
  }
});

test('a lock left by a process that has exited, even one not yet reaped (a zombie), is taken over', () => {
  const ws = tempDir();
  const child = spawn('true');
  // Node reaps children from its event loop: while this loop is blocked the exited child stays a zombie.
  const until = Date.now() + 400;
  while (Date.now() < until) { /* wait for it to exit */ }
  const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  assert.equal(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3), 'Z', 'the child is a zombie');
  writeLock(ws, child.pid!);
  const lock = acquireLock(ws);
  assert.equal(lock.tookOverFrom?.pid, child.pid);
  lock.release();
  assert.equal(fs.existsSync(lockPath(ws)), false);
});

test('a lock from another host is never taken over', () => {
  const ws = tempDir();
  writeLock(ws, 1, 'lxplus9999.cern.ch');
  assert.throws(() => acquireLock(ws), /runs on another host \(lxplus9999\.cern\.ch\)|lxplus9999/);
});

test('release removes only our own lock', () => {
  const ws = tempDir();
  const lock = acquireLock(ws);
  writeLock(ws, 424242); // someone replaced it (a manual takeover)
  lock.release();
  assert.ok(fs.existsSync(lockPath(ws)), 'the other lock stays');
});

// The workspace lock: one run per workspace; a lock left by a dead process on this host is taken over.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LockedError } from './errors.js';

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  command?: string;
}

export interface WorkspaceLock {
  readonly file: string;
  /** Set when a stale lock (dead process on this host) was replaced. */
  readonly tookOverFrom: LockInfo | undefined;
  release(): void;
}

export function lockPath(workspace: string): string {
  return path.join(workspace, '.panda-k8s', 'lock');
}

/** A zombie (exited, not yet reaped by its parent) answers kill(0) but holds nothing: Linux tells. */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readLock(file: string): LockInfo | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') return parsed;
  } catch {
    /* unreadable: treated below */
  }
  return undefined;
}

export function acquireLock(workspace: string, command?: string): WorkspaceLock {
  const file = lockPath(workspace);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const me: LockInfo = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), command };
  let tookOverFrom: LockInfo | undefined;

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify(me) + '\n');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      let released = false;
      return {
        file,
        tookOverFrom,
        release() {
          if (released) return;
          released = true;
          const current = readLock(file);
          if (current && current.pid === me.pid && current.host === me.host) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const seen = readText(file);
    const holder = readLock(file);
    if (!holder) {
      // Written by a process that died between create and write: only stale if it stays empty.
      const ageMs = Date.now() - fs.statSync(file).mtimeMs;
      if (ageMs < 2000) throw lockedError(file, undefined);
      fs.rmSync(file, { force: true });
      continue;
    }
    if (holder.host === me.host && !alive(holder.pid)) {
      tookOverFrom = holder;
      // Only the lock judged stale: another run may have replaced it meanwhile.
      if (readText(file) === seen) fs.rmSync(file, { force: true });
      continue;
    }
    throw lockedError(file, holder);
  }
  throw lockedError(file, readLock(file));
}

function lockedError(file: string, holder: LockInfo | undefined): LockedError {
  const who = holder
    ? `process ${holder.pid} on ${holder.host}${holder.command ? ` (${holder.command})` : ''}, started ${holder.startedAt}`
    : 'a process that is starting';
  const sameHost = holder?.host === os.hostname();
  return new LockedError(`Another panda-k8s run holds this workspace: ${who}.`, {
    hint: 'Two runs on one workspace would race on the cloud and on the journal.',
    nextSteps: sameHost || !holder
      ? ['Wait for it to finish (or stop it with Ctrl-C in its terminal), then run again.', `If no such run exists any more, remove ${file}.`]
      : [`It runs on another host (${holder.host}): wait for it there.`, `If that run is gone for good, remove ${file}.`],
  });
}

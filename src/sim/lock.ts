// A cross-process file lock: an O_EXCL lock file holding pid, host and time, with retry and
// stale-lock detection (dead pid on this host, or older than STALE_MS anywhere).

import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

/** A holder that has not released after this long is considered crashed. */
const STALE_MS = 30_000;
/** Give up waiting after this long: something is badly wrong (or a lock is held across a wait). */
const WAIT_MS = 60_000;

interface LockInfo {
  pid: number;
  host: string;
  time: number;
  /** Who exactly holds it: only the holder removes it, and a takeover removes only what it judged. */
  token: string;
}

function readLock(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(text: string): boolean {
  let info: LockInfo;
  try {
    info = JSON.parse(text) as LockInfo;
  } catch {
    // Half-written: the holder may be writing it right now.
    return false;
  }
  if (Date.now() - info.time > STALE_MS) return true;
  return info.host === hostname() && !pidAlive(info.pid);
}

/**
 * Removes a lock judged stale, unless it changed meanwhile: between reading a dead holder's lock and
 * removing it, that holder may have released and a live process taken the lock anew.
 */
function takeOver(path: string, judged: string): void {
  if (readLock(path) === judged) rmSync(path, { force: true });
}

function tryAcquire(path: string, token: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now(), token } satisfies LockInfo));
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  }
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Runs `fn` while holding the lock file `path`. */
export async function withFileLock<T>(path: string, fn: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  let delay = 2;
  const token = randomUUID();
  while (!tryAcquire(path, token)) {
    const held = readLock(path);
    if (held !== undefined && isStale(held)) {
      takeOver(path, held);
      continue;
    }
    if (Date.now() - started > WAIT_MS) {
      throw new Error(`sim: could not take the state lock ${path} within ${WAIT_MS / 1000} s; if no sim command is running, delete it`);
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
  try {
    return await fn();
  } finally {
    // Only our own lock: had it been taken over (we were judged stale), removing it would let two in.
    const held = readLock(path);
    if (held !== undefined && held.includes(token)) rmSync(path, { force: true });
  }
}

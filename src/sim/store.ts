// The sim's one state file: load under a lock, mutate, write atomically (temp + fsync + rename).

import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { withFileLock } from './lock.js';
import { initialState } from './seed.js';
import type { SimState } from './types.js';

export interface SimPaths {
  dir: string;
  state: string;
  lock: string;
  faults: string;
  calls: string;
  bin: string;
}

export function simPaths(dir: string): SimPaths {
  return {
    dir,
    state: join(dir, 'state.json'),
    lock: join(dir, 'state.json.lock'),
    faults: join(dir, 'faults.json'),
    calls: join(dir, 'calls.jsonl'),
    bin: join(dir, 'bin'),
  };
}

/** Writes `text` to `path` so that readers see either the old or the new file, never a torn one. */
export function writeFileAtomic(path: string, text: string, mode = 0o644): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  // fsync the directory so the rename itself survives a crash.
  try {
    const dfd = openSync(join(path, '..'), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some filesystems refuse to open a directory for fsync; the rename is still atomic.
  }
}

export function readState(paths: SimPaths): SimState {
  if (!existsSync(paths.state)) return initialState();
  const text = readFileSync(paths.state, 'utf8');
  try {
    return JSON.parse(text) as SimState;
  } catch (err) {
    throw new Error(`sim: ${paths.state} is not valid JSON (${(err as Error).message}); run \`panda-k8s sim reset\``, { cause: err });
  }
}

/** Runs `fn` on the state under the lock; writes the state back only if `fn` changed it. */
export async function withState<T>(dir: string, fn: (state: SimState) => Promise<T> | T): Promise<T> {
  const paths = simPaths(dir);
  mkdirSync(dir, { recursive: true });
  return withFileLock(paths.lock, async () => {
    const before = existsSync(paths.state) ? readFileSync(paths.state, 'utf8') : '';
    const state = before ? (JSON.parse(before) as SimState) : initialState();
    const result = await fn(state);
    const after = `${JSON.stringify(state, null, 1)}\n`;
    if (after !== before) writeFileAtomic(paths.state, after);
    return result;
  });
}

// Reading and writing the launcher's cache files. A file is trusted only when its content hashes to what the
// bundle expects; one is written under a temporary name unique across hosts (two machines sharing an AFS
// home can run the same pid at the same moment) and renamed into place, so readers see all of it or none.

import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `<file>.<host>.<pid>.<random>.tmp`: no two writers on any hosts pick the same. */
export function tempNameFor(file: string): string {
  const host = os.hostname().replace(/[^A-Za-z0-9.-]/g, '_') || 'host';
  return `${file}.${host}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/** The file's bytes if they hash to `expected`; undefined when missing, unreadable, damaged or truncated. */
export function readVerified(file: string, expected: string): Buffer | undefined {
  try {
    const data = fs.readFileSync(file);
    return sha256(data) === expected ? data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `data` to `file` through a unique temporary name; false (and nothing left behind) when it cannot. */
export function writeAtomic(file: string, data: string | Uint8Array): boolean {
  const tmp = tempNameFor(file);
  try {
    fs.writeFileSync(tmp, data, { flag: 'wx', mode: 0o600 });
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* nothing to clean */
    }
    return false;
  }
}

/**
 * A V8 code cache with its own check: 32 bytes of sha256, then the cache. V8 validates a cache against the
 * source and its own version, not against a truncated or damaged file.
 */
export function readCodeCache(file: string): Buffer | undefined {
  try {
    const data = fs.readFileSync(file);
    if (data.length <= 32) return undefined;
    const payload = data.subarray(32);
    return createHash('sha256').update(payload).digest().equals(data.subarray(0, 32)) ? payload : undefined;
  } catch {
    return undefined;
  }
}

export function writeCodeCache(file: string, cache: Buffer): boolean {
  return writeAtomic(file, Buffer.concat([createHash('sha256').update(cache).digest(), cache]));
}

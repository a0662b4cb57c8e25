// Keeps the cache folder small: the running build's files, plus those of the two builds used most recently
// before it (a user may switch between versions); temporary files a killed writer left behind go after an hour.

import fs from 'node:fs';
import path from 'node:path';

/** `cli-<version>-<digest>` of a cache file name, or undefined for a file not ours. */
export function buildKeyOf(name: string): string | undefined {
  return /^(cli-.+-[0-9a-f]{16})(\.cjs|\.mjs|-node[^/]*\.v8cache)$/.exec(name)?.[1];
}

export function pruneCache(dir: string, currentKey: string, now = Date.now(), keepOthers = 2): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  const groups = new Map<string, { files: string[]; newest: number }>();
  for (const name of names) {
    const full = path.join(dir, name);
    let mtime: number;
    try {
      mtime = fs.lstatSync(full).mtimeMs;
    } catch {
      continue;
    }
    if (name.endsWith('.tmp')) {
      if (now - mtime > 3_600_000) remove(full, removed);
      continue;
    }
    const key = buildKeyOf(name);
    if (!key || key === currentKey) continue;
    const group = groups.get(key) ?? { files: [], newest: 0 };
    group.files.push(full);
    group.newest = Math.max(group.newest, mtime);
    groups.set(key, group);
  }
  const older = [...groups.values()].sort((a, b) => b.newest - a.newest).slice(keepOthers);
  for (const group of older) for (const file of group.files) remove(file, removed);
  return removed;
}

function remove(file: string, removed: string[]): void {
  try {
    fs.rmSync(file, { force: true });
    removed.push(file);
  } catch {
    /* another run removed it, or it is not ours to remove */
  }
}

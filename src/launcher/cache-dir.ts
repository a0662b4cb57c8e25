// The folder the launcher caches the unpacked CLI in: $XDG_CACHE_HOME/panda-k8s, else ~/.cache/panda-k8s.
// Code run from it must be code nobody else could have put there: the folder must be the user's own, a
// real folder (not a link) and private. A folder that is ours but open to others is closed (0700), as the
// first launchers left it 0755; one that is someone else's, or cannot be made, means no cache at all.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function cacheBase(env: NodeJS.ProcessEnv): string | undefined {
  const xdg = env['XDG_CACHE_HOME'];
  // The XDG spec ignores a relative path.
  if (xdg && path.isAbsolute(xdg)) return xdg;
  const home = os.homedir();
  return home && path.isAbsolute(home) ? path.join(home, '.cache') : undefined;
}

/** Whether `dir` is a real folder owned by this user with no access for group or others (closing it if ours). */
export function isPrivateDir(dir: string, uid: number | undefined = process.getuid?.()): boolean {
  try {
    let st = fs.lstatSync(dir);
    if (!st.isDirectory()) return false;
    if (uid !== undefined && st.uid !== uid) return false;
    if ((st.mode & 0o077) !== 0) {
      fs.chmodSync(dir, 0o700);
      st = fs.lstatSync(dir);
    }
    return (st.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/** The private cache folder, made if missing; undefined when there can be none. */
export function privateCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const base = cacheBase(env);
  if (!base) return undefined;
  const dir = path.join(base, 'panda-k8s');
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  return isPrivateDir(dir) ? dir : undefined;
}

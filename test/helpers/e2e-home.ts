// A project home (PANDA_K8S_HOME) of its own for an end-to-end run.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './process.js';

/**
 * A copy of the checkout's charts/, secrets/ (without the per-site files) and profiles, for
 * PANDA_K8S_HOME: the run reads only this copy, so nothing in the checkout (a developer's own
 * secrets/files, another test file running at the same time) changes its charts or digests.
 */
export function projectHome(dir: string): string {
  const home = path.join(dir, 'home');
  fs.cpSync(path.join(ROOT, 'charts'), path.join(home, 'charts'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'bootstrap', 'profiles'), path.join(home, 'bootstrap', 'profiles'), { recursive: true });
  const files = path.join(ROOT, 'secrets', 'files');
  fs.cpSync(path.join(ROOT, 'secrets'), path.join(home, 'secrets'), {
    recursive: true,
    filter: (src) => !src.startsWith(files + path.sep) || fs.statSync(src).isDirectory() || /\/\.git(ignore|keep)$/.test(src),
  });
  return home;
}


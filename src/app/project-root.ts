// Where the project's own files are (charts/, secrets/, bootstrap/profiles/) for this run:
// - PANDA_K8S_HOME, when set: a checkout (or copy) whose charts the user chose;
// - from the bundle: the files it carries, staged into the workspace (<workspace>/.panda-k8s/home/<digest>/),
//   or, for a command without a workspace (install -t), into the private cache folder or a temporary one;
// - from source: the checkout this module is in.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launcherHost } from '../host.js';
import { privateCacheDir } from '../launcher/cache-dir.js';
import { modulePath } from '../module-path.js';
import { stageProject } from './embedded-project.js';

let checkout: string | undefined;
/** The last copy this process staged: every copy of one bundle holds the same verified files. */
let staged: string | undefined;
/** Copies this process staged or verified, by base folder: checked once per run, not at every call. */
const stagedIn = new Map<string, string>();

function stagedCopy(project: Parameters<typeof stageProject>[0], base: string): string {
  let root = stagedIn.get(base);
  if (!root) stagedIn.set(base, (root = stageProject(project, base)));
  return (staged = root);
}

/** Where a workspace keeps its copies of the bundle's project files. */
export function stagedHomeBase(workspace: string): string {
  return path.join(workspace, '.panda-k8s', 'home');
}

/** The cache folder's `home/`, else a private temporary folder removed when the process ends. */
function processStagingBase(): string {
  const cache = privateCacheDir();
  if (cache) return path.join(cache, 'home');
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-k8s-home-'));
  process.once('exit', () => fs.rmSync(temp, { recursive: true, force: true }));
  return temp;
}

/** The checkout above this module (source runs): the nearest folder holding charts/ and secrets/. */
function checkoutRoot(): string {
  if (checkout) return checkout;
  let dir = path.dirname(modulePath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'charts')) && fs.existsSync(path.join(dir, 'secrets'))) return (checkout = dir);
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error('cannot find the panda-k8s charts: run panda-k8s from its checkout or its bundle, or set PANDA_K8S_HOME to a checkout');
    }
    dir = parent;
  }
}

/**
 * The project root for a run in `workspace` (staged there when the bundle carries the files); without a
 * workspace, the copy this process already staged, else one in the cache.
 */
export function projectRoot(workspace?: string): string {
  const fromEnv = process.env['PANDA_K8S_HOME'];
  if (fromEnv) return path.resolve(fromEnv);
  const host = launcherHost();
  if (!host) return checkoutRoot();
  if (workspace) return stagedCopy(host.project, stagedHomeBase(path.resolve(workspace)));
  return staged ?? stagedCopy(host.project, processStagingBase());
}

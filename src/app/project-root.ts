// Where the project's own files are (charts/, secrets/, bootstrap/profiles/): found from this module's
// location, so the same code works from source (src/app/) and from the bundle (dist/).

import fs from 'node:fs';
import path from 'node:path';
import { modulePath } from '../module-path.js';

let cached: string | undefined;

/** PANDA_K8S_HOME, else the nearest folder above this module holding charts/ and secrets/. */
export function projectRoot(): string {
  const fromEnv = process.env.PANDA_K8S_HOME;
  if (fromEnv) return path.resolve(fromEnv);
  if (cached) return cached;
  let dir = path.dirname(modulePath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'charts')) && fs.existsSync(path.join(dir, 'secrets'))) return (cached = dir);
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        'cannot find the panda-k8s charts: run panda-k8s from its checkout (dist/panda-k8s.mjs inside it), or set PANDA_K8S_HOME to the checkout',
      );
    }
    dir = parent;
  }
}

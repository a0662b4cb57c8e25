// Finding helm and kubectl where users have them: on PATH first; in a checkout, the ones `npm ci` extracted
// into .tools/ when PATH has none (so the README's commands work right after `npm ci`). What is still
// missing is preflight's to report, with how to get it.

import fs from 'node:fs';
import path from 'node:path';
import { checkoutTools } from './bundled-tools.js';

/** The first executable `name` in the PATH value, skipping the folders in `skip`. */
export function findOnPath(name: string, pathValue: string | undefined, skip: readonly string[] = []): string | undefined {
  const skipped = new Set(skip.map((d) => path.resolve(d)));
  for (const dir of (pathValue ?? '').split(path.delimiter)) {
    if (!dir || skipped.has(path.resolve(dir))) continue;
    const file = path.join(dir, name);
    try {
      if (fs.statSync(file).isFile()) {
        fs.accessSync(file, fs.constants.X_OK);
        return file;
      }
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/**
 * PATH with the checkout's tool folders appended for the tools it lacks (after the user's own, which win);
 * unchanged when PATH has both or there is no checkout.
 */
export function pathWithCheckoutTools(pathValue: string | undefined, tools = checkoutTools()): string | undefined {
  if (!tools) return pathValue;
  const extra = Object.entries(tools)
    .filter(([name, file]) => !findOnPath(name, pathValue) && fs.existsSync(file))
    .map(([, file]) => path.dirname(file));
  return extra.length ? [pathValue ?? '', ...extra].filter(Boolean).join(path.delimiter) : pathValue;
}

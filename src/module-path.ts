// The file a module lives in. In the bundle the CLI runs from a cache file or a data: URL (see
// src/launcher.ts), so its modules take the bundle's own path, which the launcher records.

import { fileURLToPath } from 'node:url';

export function modulePath(moduleUrl: string): string {
  const bundle = (globalThis as { __PANDA_K8S_BUNDLE__?: string }).__PANDA_K8S_BUNDLE__;
  return bundle ?? fileURLToPath(moduleUrl);
}

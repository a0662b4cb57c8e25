// The file a module lives in. In the bundle every module is part of one script the launcher loads (see
// src/launcher/core.ts), so they all take the bundle's own path.

import { fileURLToPath } from 'node:url';
import { launcherHost } from './host.js';

export function modulePath(moduleUrl: string): string {
  return launcherHost()?.bundle ?? fileURLToPath(moduleUrl);
}

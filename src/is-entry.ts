// Whether a module is the process entry (the bundle, or `tsx <file>`), not a module a test imported.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function isProcessEntry(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

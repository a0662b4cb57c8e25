// The launcher's host object (src/launcher/host.ts) when the CLI runs from the bundle; undefined when it runs
// from source (tsx), where the checkout itself is the project.

import type { LauncherHost } from './launcher/host.js';

// In the bundle this is a parameter of the function the CLI script is the body of (src/launcher/core.ts).
declare const __PANDA_K8S_HOST__: LauncherHost | undefined;

export function launcherHost(): LauncherHost | undefined {
  return typeof __PANDA_K8S_HOST__ === 'undefined' ? undefined : __PANDA_K8S_HOST__;
}

export type { LauncherHost } from './launcher/host.js';

// The tool's version: baked in by the bundler, read from package.json when run from source.

import fs from 'node:fs';
import { launcherHost } from './host.js';
import { describeBuild } from './launcher/host.js';

declare const __PANDA_K8S_VERSION__: string | undefined;

export function version(): string {
  if (typeof __PANDA_K8S_VERSION__ === 'string') return __PANDA_K8S_VERSION__;
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** What --version prints after the name: the version and which build (commit, content) it is. */
export function versionText(): string {
  const host = launcherHost();
  return host ? describeBuild(host.build) : `${version()} (from source)`;
}

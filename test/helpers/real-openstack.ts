// The real python-openstackclient (Debian's python3-openstackclient and python3-magnumclient, installed by
// .ci/run) driven against the loopback API stand-in: where it is, how to run it with nothing of the machine's
// own OpenStack configuration, and the loud skip when it is missing outside CI (in CI its absence fails).

import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { OpenStackApi } from './openstack-api.js';

/** The `openstack` on PATH, if any (never the sim's stand-in: tests do not put its bin first). */
export function realOpenstack(): string | undefined {
  const r = spawnSync('sh', ['-c', 'command -v openstack'], { encoding: 'utf8' });
  const found = r.stdout.trim();
  return r.status === 0 && found && !found.includes(`${path.sep}.panda-k8s${path.sep}sim${path.sep}`) ? found : undefined;
}

/**
 * Skips the test (loudly) when the real client is absent; under .ci/run (PANDA_K8S_REQUIRE_REAL_OPENSTACK=1),
 * which installs it, its absence is a failure.
 */
export function needRealOpenstack(t: TestContext): string | undefined {
  const bin = realOpenstack();
  if (bin) return bin;
  const why = 'the real openstack CLI is not installed (apt-get install python3-openstackclient python3-magnumclient): the contract tests against it did NOT run';
  if (process.env['PANDA_K8S_REQUIRE_REAL_OPENSTACK']) throw new Error(`${why}; .ci/run installs it, so CI must have it`);
  process.stderr.write(`\n!!! SKIPPED: ${why}\n\n`);
  t.skip(why);
  return undefined;
}

/**
 * The environment a real `openstack` call gets: PATH, a HOME of its own (no ~/.config/openstack/clouds.yaml of
 * the machine), SHELL, and the stand-in's credentials; `extra` overrides (undefined removes a variable).
 */
export function realEnv(api: OpenStackApi, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pk8s-osc-home-'));
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, SHELL: '/bin/bash', LANG: 'C.UTF-8', ...api.env };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI without blocking the event loop (the stand-in answers from this same process). */
export function runRealOpenstack(argv: readonly string[], env: Record<string, string>, cwd?: string): Promise<Ran> {
  return new Promise((resolve) => {
    execFile('openstack', [...argv], { env, cwd, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((error as unknown as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

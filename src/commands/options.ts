// What every command resolves from its flags and environment: workspace, target, output mode, launcher.

import fs from 'node:fs';
import path from 'node:path';
import { modulePath } from '../module-path.js';
import { TARGETS, type Answers, type Target } from '../config/answers.js';
import { UsageError } from '../engine/errors.js';
import type { SimLauncher } from '../sim/install.js';

export type Values = Record<string, string | boolean | undefined>;

export function str(values: Values, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}

export function flag(values: Values, key: string): boolean {
  return values[key] === true;
}

export function resolveWorkspace(values: Values): string {
  const ws = path.resolve(str(values, 'workspace') ?? '.');
  if (fs.existsSync(ws) && !fs.statSync(ws).isDirectory()) {
    throw new UsageError(`--workspace ${ws} is a file, not a folder`);
  }
  return ws;
}

/**
 * --target, else the answers file's target, else openstack when OpenStack credentials are in the
 * environment (OS_AUTH_URL or OS_CLOUD, as the openstack CLI reads them), else the sim: a newcomer
 * with nothing configured gets a rehearsal, clearly labelled, never a half-configured real run.
 */
export function resolveTarget(values: Values, answers: Answers | undefined, env: NodeJS.ProcessEnv = process.env): Target {
  const given = str(values, 'target');
  if (given !== undefined) {
    if (!(TARGETS as readonly string[]).includes(given)) {
      throw new UsageError(`--target ${given}: unknown target; valid: ${TARGETS.join(', ')}`);
    }
    return given as Target;
  }
  if (answers?.target) return answers.target;
  if (str(values, 'kubeconfig') || str(values, 'context')) return 'existing';
  if (env.OS_AUTH_URL || env.OS_CLOUD) return 'openstack';
  return 'sim';
}

/** Plain line output: --plain, CI set, or stdout not a terminal. */
export function plainOutput(values: Values, env: NodeJS.ProcessEnv = process.env): boolean {
  return flag(values, 'plain') || Boolean(env.CI) || !process.stdout.isTTY;
}

/** Questions may be asked: a terminal on both ends, no --yes, no plain mode. */
export function interactive(values: Values, env: NodeJS.ProcessEnv = process.env): boolean {
  return !flag(values, 'yes') && !plainOutput(values, env) && Boolean(process.stdin.isTTY);
}

/** How the sim's stand-ins start: through this very bundle when bundled, else node + tsx + source. */
export async function simLauncher(): Promise<SimLauncher> {
  const self = modulePath(import.meta.url);
  if (self.endsWith('.mjs')) return { node: process.execPath, args: [self, '__sim-tool'] };
  const { devLauncher } = await import('../sim/install.js');
  return devLauncher();
}

/** Applies --kubeconfig/--context over the answers (flags win, and are not saved). */
export function withKubeFlags(answers: Answers, values: Values): Answers {
  const kubeconfig = str(values, 'kubeconfig');
  const context = str(values, 'context');
  if (!kubeconfig && !context) return answers;
  return { ...answers, kube: { ...answers.kube, ...(kubeconfig ? { kubeconfig: path.resolve(kubeconfig) } : {}), ...(context ? { context } : {}) } };
}

export function exitCodeOfStatus(status: 'done' | 'failed' | 'interrupted'): number {
  return status === 'done' ? 0 : status === 'interrupted' ? 130 : 1;
}

// A fully deployed workspace on the simulated cloud, bootstrapped once per `npm run bench` and shared
// by the deploy-scheduling and resume-probe benchmarks; plus the sim's call log, read from an offset.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCalls, type CallRecord } from '../src/sim/calls.js';
import { runProcess, type RunOutput } from './harness.js';

export type { CallRecord };

let deployed: Promise<string> | undefined;

/** Runs the CLI bundle; rejects on a non-zero exit. */
export function cli(root: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunOutput> {
  return runProcess(process.execPath, [path.join(root, 'dist', 'panda-k8s.mjs'), ...args], { env, cwd: root });
}

export function simDir(ws: string): string {
  return path.join(ws, '.panda-k8s', 'sim');
}

/** The call log's records from `from` on (the index of the first record of interest). */
export function callsFrom(ws: string, from: number): CallRecord[] {
  return readCalls(simDir(ws)).slice(from);
}

export function callCount(ws: string): number {
  return readCalls(simDir(ws)).length;
}

/** `bootstrap --target sim --yes --plain` in a new temporary folder, at the sim's default speed. */
export function deployedSimWorkspace(root: string): Promise<string> {
  deployed ??= (async () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-bench-sim-'));
    await cli(root, ['bootstrap', '--target', 'sim', '--yes', '--plain', '-w', ws], { PANDA_K8S_SIM_SPEED: '' });
    return ws;
  })();
  return deployed;
}

/** Removes the shared workspace, if one was made. */
export async function removeSimWorkspace(): Promise<void> {
  if (!deployed) return;
  const ws = await deployed.catch(() => undefined);
  deployed = undefined;
  if (ws) fs.rmSync(ws, { recursive: true, force: true });
}

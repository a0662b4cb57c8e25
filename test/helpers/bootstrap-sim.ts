// Runs the bootstrapper against the simulated cloud the way the CLI does: the real steps, the real exec and
// wrappers, the sim's stand-ins first on PATH, its state in <workspace>/.panda-k8s/sim. Speed 0, no polling pause.

import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import YAML from 'yaml';
import type { Answers } from '../../src/config/answers.js';
import { createRunData, loadRunAnswers, simDirOf } from '../../src/app/context.js';
import type { Prompter, RunData } from '../../src/app/run-data.js';
import { Journal, exitCodeOf, type RunEvent, type RunSummary } from '../../src/engine/index.js';
import { readCalls, type CallRecord } from '../../src/sim/calls.js';
import { writeFaults, type Fault } from '../../src/sim/faults.js';
import type { SimLauncher } from '../../src/sim/install.js';
import { runBootstrap } from '../../bootstrap/index.js';
import { REPO_ROOT, makeProjectRoot, tempDir } from './bootstrap-fixtures.js';

let launcher: Promise<SimLauncher> | undefined;

/** The sim's entry bundled once per test process (tsx start-up per stand-in call would dominate the suite). */
export function simLauncher(): Promise<SimLauncher> {
  launcher ??= (async () => {
    const dir = path.join(REPO_ROOT, 'node_modules', '.cache', 'pk8s-test');
    fs.mkdirSync(dir, { recursive: true });
    const out = path.join(dir, `sim-bin-${process.pid}.mjs`);
    await build({
      entryPoints: [path.join(REPO_ROOT, 'src/sim/bin.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }, logLevel: 'warning',
      packages: 'external',
    });
    process.on('exit', () => fs.rmSync(out, { force: true }));
    return { node: process.execPath, args: [out] };
  })();
  return launcher;
}

export interface SimRun {
  summary?: RunSummary;
  /** The error that stopped the run before any step (input validation). */
  error?: Error;
  events: RunEvent[];
  notices: string[];
  data: RunData | undefined;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Answers to the yes/no questions; unattended (default) answers each with its whenUnattended. */
  confirm?: (question: string) => boolean;
  projectRoot: string;
}

export function yes(): Prompter {
  return { confirm: async (_q, o) => o.whenUnattended };
}

/** One `panda-k8s bootstrap --target sim --yes` in `workspace`. */
export async function bootstrapOnSim(workspace: string, options: RunOptions): Promise<SimRun> {
  const notices: string[] = [];
  const events: RunEvent[] = [];
  const prompter: Prompter = options.confirm ? { confirm: async (q) => options.confirm!(q) } : yes();
  let data: RunData | undefined;
  try {
    const { answers } = loadRunAnswers({ workspace, target: 'sim' });
    data = await createRunData({
      workspace, target: 'sim', answers, unattended: options.confirm === undefined, prompter,
      env: { ...process.env, PANDA_K8S_SIM_SPEED: '0', ...options.env }, projectRoot: options.projectRoot,
      simLauncher: await simLauncher(), pollIntervalMs: 0, notice: (m) => notices.push(m),
    });
    const summary = await runBootstrap({ data, journal: Journal.open(workspace), onEvent: (e) => events.push(e), concurrency: 1 });
    return { summary, events, notices, data };
  } catch (error) {
    return { error: error as Error, events, notices, data };
  }
}

/** The exit code the CLI gives for this run (0 done, 2 bad input, 1 failed). */
export function exitCode(run: SimRun): number {
  if (run.error) return exitCodeOf(run.error);
  return run.summary?.status === 'done' ? 0 : 1;
}

export function writeAnswers(workspace: string, answers: Answers): void {
  fs.writeFileSync(path.join(workspace, 'panda-k8s.yaml'), YAML.stringify(answers));
}

export function simCalls(workspace: string): CallRecord[] {
  return readCalls(simDirOf(workspace));
}

export function setFaults(workspace: string, faults: Fault[]): void {
  fs.mkdirSync(simDirOf(workspace), { recursive: true });
  writeFaults(simDirOf(workspace), faults);
}

/** The first failed step's error message (or the input error). */
export function failure(run: SimRun): string {
  if (run.error) return run.error.message;
  const errs = Object.entries(run.summary?.errors ?? {});
  return errs.map(([id, e]) => `[${id}] ${e.message}\n${((e as { nextSteps?: string[] }).nextSteps ?? []).join('\n')}`).join('\n');
}

export function newWorkspace(): { workspace: string; projectRoot: string } {
  return { workspace: tempDir('ws'), projectRoot: makeProjectRoot() };
}

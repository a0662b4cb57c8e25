// A simulated cluster for the deploy e2e tests: created through the sim's own openstack stand-in,
// then driven by the deploy steps through an Exec that runs the helm/kubectl stand-ins (in-process,
// or as real processes on PATH), so every call lands in the sim's call log.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunData } from '../../src/app/run-data.js';
import type { Answers } from '../../src/config/answers.js';
import { secretsValuesFile } from '../../src/deploy/steps.js';
import { fillValues } from '../../src/deploy/secrets-values.js';
import { COMPONENT_NAMES } from '../../src/deploy/components.js';
import { readCalls, type CallRecord } from '../../src/sim/calls.js';
import { writeFaults, type Fault } from '../../src/sim/faults.js';
import { simToolMain } from '../../src/sim/run.js';
import { withState } from '../../src/sim/store.js';
import { devLauncher, installSimBin } from '../../src/sim/install.js';
import { ToolError, createExec, formatCommand, type Exec, type ExecOptions, type ExecResult } from '../../src/tools/exec/index.js';
import { fakeRunData, REPO_ROOT, testKeystore } from './deploy-fakes.js';

export interface SimCluster {
  workspace: string;
  simDir: string;
  kubeconfig: string;
  env: Record<string, string | undefined>;
  /** Runs a stand-in in this process. */
  run(tool: string, argv: string[]): Promise<{ code: number; out: string; err: string }>;
  setFaults(faults: Fault[]): void;
  setHelmMajor(major: 3 | 4): Promise<void>;
  calls(): CallRecord[];
  /** RunData for `answers` whose exec reaches the sim. */
  runData(answers: Answers, how?: 'in-process' | 'path'): Promise<RunData>;
}

export async function createSimCluster(options: { nodes?: number; flavor?: string } = {}): Promise<SimCluster> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-deploy-sim-'));
  const simDir = path.join(workspace, '.panda-k8s', 'sim');
  fs.mkdirSync(simDir, { recursive: true });
  const env: Record<string, string | undefined> = { ...process.env, PANDA_K8S_SIM_DIR: simDir, SHELL: '/bin/sh', PANDA_K8S_SIM_SPEED: '0', KUBECONFIG: undefined };
  const run = async (tool: string, argv: string[]) => {
    let out = '';
    let err = '';
    const code = await simToolMain(tool, argv, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, env: env as NodeJS.ProcessEnv, cwd: workspace });
    return { code, out, err };
  };
  const must = async (tool: string, argv: string[]) => {
    const r = await run(tool, argv);
    if (r.code !== 0) throw new Error(`sim setup: ${tool} ${argv.join(' ')} → ${r.code}: ${r.err}`);
    return r.out;
  };
  const pub = path.join(workspace, 'id.pub');
  fs.writeFileSync(pub, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBzJ0y0vUq2F5yVwq0xXwO1m5m0m0m0m0m0m0m0m0m0m test@sim\n');
  await must('openstack', ['keypair', 'create', '--public-key', pub, 'pk', '-f', 'json']);
  await must('openstack', ['coe', 'cluster', 'create', 'pk', '--keypair', 'pk', '--cluster-template', 'kubernetes-1.30.1-1',
    '--node-count', String(options.nodes ?? 3), '--flavor', options.flavor ?? 'm2.2xlarge', '--master-flavor', 'm2.medium']);
  for (let i = 0; ; i++) {
    const status = (JSON.parse(await must('openstack', ['coe', 'cluster', 'show', 'pk', '-f', 'json'])) as { status: string }).status;
    if (status === 'CREATE_COMPLETE') break;
    if (status !== 'CREATE_IN_PROGRESS' || i > 50) throw new Error(`sim setup: cluster ${status}`);
  }
  await must('openstack', ['coe', 'cluster', 'config', 'pk', '--dir', workspace, '--force']);
  const kubeconfig = path.join(workspace, 'config');
  for (let i = 0; ; i++) {
    const nodes = (JSON.parse(await must('kubectl', ['--kubeconfig', kubeconfig, 'get', 'nodes', '-o', 'json'])) as { items: { status: { conditions: { type: string; status: string }[] } }[] }).items;
    if (nodes.every((n) => n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'))) break;
    if (i > 50) throw new Error('sim setup: nodes never Ready');
  }
  fs.rmSync(path.join(simDir, 'calls.jsonl'), { force: true });

  const sim: SimCluster = {
    workspace, simDir, kubeconfig, env, run,
    setFaults: (faults) => writeFaults(simDir, faults),
    setHelmMajor: (major) => withState(simDir, (s) => { s.helmMajor = major; }),
    calls: () => readCalls(simDir),
    async runData(answers, how = 'in-process') {
      const data = fakeRunData(answers, { workspace });
      await writeFilledSecrets(data);
      const exec = how === 'in-process' ? inProcessExec(sim) : createExec({ env: env as NodeJS.ProcessEnv, pathPrepend: [installSimBin(simDir, devLauncher())] });
      return { ...data, exec, kubeconfig };
    },
  };
  return sim;
}

/** The secrets values with rehearsal values for everything outside (no FIXME left). */
async function writeFilledSecrets(data: RunData): Promise<void> {
  const file = secretsValuesFile(data);
  const template = fs.readFileSync(path.join(REPO_ROOT, 'secrets', 'values.yaml'), 'utf8');
  const filled = await fillValues({ template, enabled: COMPONENT_NAMES, settings: [], given: {}, env: {}, rehearsal: true, generate: () => 'sim-password-0123456789', generateKeystore: testKeystore });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, filled.text, { mode: 0o600 });
}

/** An Exec that runs the stand-ins in this process (no node start-up per call); same results and errors as createExec. */
export function inProcessExec(sim: SimCluster): Exec {
  return {
    async run(file: string, args: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
      const started = Date.now();
      let out = '';
      let err = '';
      const code = await simToolMain(file, [...args], {
        stdout: (t) => { out += t; },
        stderr: (t) => { err += t; },
        env: sim.env as NodeJS.ProcessEnv,
        cwd: opts.cwd ?? sim.workspace,
      });
      if (opts.onLine) for (const l of out.split('\n').filter(Boolean)) opts.onLine(l, 'stdout');
      const result: ExecResult = {
        command: formatCommand(file, args), argv: [file, ...args], cwd: opts.cwd ?? sim.workspace, exitCode: code, signal: undefined,
        durationMs: Date.now() - started, stdout: out, stderr: err, timedOut: false, isCanceled: false, dryRun: false, failed: code !== 0,
      };
      if (result.failed && !opts.allowFailure) throw new ToolError(result);
      return result;
    },
    addSecret: () => {},
    mask: (t) => t,
    recorded: [],
  };
}

/** helm upgrade calls of the call log: release, start, end. */
export function helmUpgrades(calls: readonly CallRecord[]): { release: string; start: number; end: number; argv: string[]; exitCode: number }[] {
  return calls
    .filter((c) => c.tool === 'helm' && c.argv.includes('upgrade'))
    .map((c) => ({ release: c.argv[c.argv.indexOf('--install') + 1]!, start: c.start, end: c.end, argv: c.argv, exitCode: c.exitCode }));
}

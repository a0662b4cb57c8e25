// A recording fake Exec for the bootstrap step tests: answers by argv pattern, records every call, and a
// RunData built around it with the real typed wrappers (so the steps' argv is what the real tools would get).

import type { Answers } from '../../src/config/answers.js';
import type { Prompter, RunData } from '../../src/app/run-data.js';
import { Journal, runPlan, type RunEvent, type RunSummary, type Step } from '../../src/engine/index.js';
import { ToolError, type Exec, type ExecOptions, type ExecResult } from '../../src/tools/exec/index.js';
import { OpenStack } from '../../src/tools/openstack.js';
import { Kubectl } from '../../src/tools/kubectl.js';
import { Helm } from '../../src/tools/helm.js';
import { applyProfile } from '../../bootstrap/profile.js';
import { rehearsalStandIns } from '../../src/app/rehearsal.js';
import { makeProjectRoot, tempDir } from './bootstrap-fixtures.js';
import { stageSecretsChart } from '../../src/deploy/secrets-chart.js';

export interface Reply {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

export interface Recorded {
  argv: string[];
  mutating: boolean;
}

/** `rules` are tried in order; the first whose pattern matches the joined argv answers (a function may vary per call). */
export function fakeExec(rules: [RegExp, Reply | ((argv: string[]) => Reply)][]): Exec & { calls: Recorded[] } {
  const calls: Recorded[] = [];
  const run = async (file: string, args: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> => {
    const argv = [file, ...args];
    calls.push({ argv, mutating: opts.mutating === true });
    const line = argv.join(' ');
    const rule = rules.find(([re]) => re.test(line));
    const reply = rule ? (typeof rule[1] === 'function' ? rule[1](argv) : rule[1]) : { stderr: `fake: no rule for ${line}`, exitCode: 99 };
    const exitCode = reply.exitCode ?? 0;
    const result: ExecResult = {
      command: line, argv, cwd: '', exitCode, signal: undefined, durationMs: 0, stdout: reply.stdout ?? '', stderr: reply.stderr ?? '',
      timedOut: false, isCanceled: false, dryRun: false, failed: exitCode !== 0,
    };
    if (result.failed && !opts.allowFailure) throw new ToolError(result);
    return result;
  };
  return { run, addSecret: () => {}, mask: (t) => t, recorded: [], calls };
}

export function fakeData(exec: Exec, answers: Answers = {}, options: { target?: RunData['target']; prompter?: Prompter; unattended?: boolean; workspace?: string; projectRoot?: string } = {}): RunData {
  const target = options.target ?? 'openstack';
  const applied = applyProfile(answers, target);
  const workspace = options.workspace ?? tempDir('fake-ws');
  const kubeconfig = `${workspace}/.panda-k8s/kube/config`;
  const projectRoot = options.projectRoot ?? makeProjectRoot();
  return {
    workspace, projectRoot, secretsChartDir: stageSecretsChart(projectRoot, workspace), target, answers: applied.answers, exec,
    ...(target === 'sim' ? { standIns: rehearsalStandIns(applied.answers, target, workspace) } : {}),
    openstack: new OpenStack(exec), kubectl: new Kubectl(exec, { kubeconfig }), helm: new Helm(exec, { kubeconfig }),
    kubeconfig, kubeContext: undefined, unattended: options.unattended ?? true, dryRun: false,
    prompter: options.prompter ?? { confirm: async (_q, o) => o.whenUnattended },
    notice: () => {}, site: applied.profile.site, pollIntervalMs: 0, env: {}, now: () => new Date(),
  };
}

/** Runs the given steps alone (their needs treated as done). */
export async function runSteps(steps: Step<RunData>[], data: RunData): Promise<{ summary: RunSummary; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const ids = new Set(steps.map((s) => s.id));
  const alone = steps.map((s) => ({ ...s, needs: (s.needs ?? []).filter((n) => ids.has(n)) }));
  const summary = await runPlan({ steps: alone, data, journal: Journal.inMemory(), onEvent: (e) => events.push(e) });
  return { summary, events };
}

export const json = (v: unknown): Reply => ({ stdout: JSON.stringify(v) });

/** A `kubectl get nodes -o json` answer: a master and `workers` Ready workers named like Magnum's. */
export function nodesJson(cluster: string, workers: number, extra: (i: number) => Record<string, unknown> = () => ({}), notReady: number[] = []): Reply {
  const node = (name: string, ready: boolean, labels: Record<string, string>) => ({
    metadata: { name, labels },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: ready ? 'KubeletReady' : 'KubeletNotReady', message: ready ? '' : 'container runtime network not ready' }] },
  });
  const items = [node(`${cluster}-abc-master-0`, true, { 'node-role.kubernetes.io/master': '' })];
  for (let i = 0; i < workers; i++) items.push(node(`${cluster}-abc-node-${i}`, !notReady.includes(i), extra(i) as Record<string, string>));
  return json({ kind: 'List', items });
}

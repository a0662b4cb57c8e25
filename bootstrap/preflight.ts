// preflight: the tools the target needs are on PATH with usable versions, OpenStack credentials work,
// the kube context answers (target existing), and the inputs are valid. Each failure says what is missing and the fix.

import type { Step, StepContext } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { ActionableError } from '../src/engine/errors.js';
import { CommandNotFoundError, ToolError, stderrTail } from '../src/tools/exec/index.js';
import { isAuthFailure, OPENSTACK_AUTH_FIX } from './cloud.js';
import { inputProblems } from './inputs.js';
import { INSTALL_HINTS } from '../src/tools/install-hints.js';

interface Tool {
  name: 'openstack' | 'kubectl' | 'helm';
  args: string[];
  parse(stdout: string, stderr: string): string | undefined;
  /** Smallest usable version, [major, minor]. */
  min: [number, number];
  install: string;
  /** Runs the probe some other way than `exec <name> <args>` (helm: through the wrapper, which keeps the major it read). */
  probe?(data: RunData, signal: AbortSignal): Promise<{ stdout: string; stderr: string; command: string; exitCode: number | undefined }>;
}

const TOOLS: Tool[] = [
  {
    name: 'openstack', args: ['--version'], min: [5, 0],
    // Old clients print the version on stderr.
    parse: (out, err) => /openstack (\d+\.\d+\.\d+)/.exec(out + err)?.[1],
    install: INSTALL_HINTS.openstack,
  },
  {
    name: 'kubectl', args: ['version', '--client', '-o', 'json'], min: [1, 25],
    parse: (out) => {
      try {
        return (JSON.parse(out) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion?.replace(/^v/, '');
      } catch {
        return undefined;
      }
    },
    install: INSTALL_HINTS.kubectl,
  },
  {
    name: 'helm', args: ['version', '--template', '{{.Version}}'], min: [3, 0],
    parse: (out) => /v?(\d+\.\d+\.\d+)/.exec(out)?.[1],
    // The wrapper asks `helm version` once per run and picks its flags by the major (--atomic or
    // --rollback-on-failure, list --all or not): asking through it spares a second start of helm.
    probe: async (data, signal) => {
      const v = await data.helm.version({ signal });
      return { stdout: v.raw, stderr: '', command: 'helm version --template {{.Version}}', exitCode: 0 };
    },
    install: INSTALL_HINTS.helm,
  },
];

export function toolsFor(target: RunData['target']): Tool[] {
  return TOOLS.filter((t) => target !== 'existing' || t.name !== 'openstack');
}

function tooOld(version: string, min: [number, number]): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a < min[0] || (a === min[0] && b < min[1]);
}

async function probeTools(ctx: StepContext<RunData>, problems: string[], fixes: string[]): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  // All at once: each is a process start (openstack's a Python one, ~1 s), none needs another.
  const answers = await Promise.allSettled(toolsFor(ctx.data.target).map((tool) =>
    tool.probe ? tool.probe(ctx.data, ctx.signal) : ctx.data.exec.run(tool.name, tool.args, { signal: ctx.signal, allowFailure: true })));
  for (const [i, tool] of toolsFor(ctx.data.target).entries()) {
    try {
      const settled = answers[i]!;
      if (settled.status === 'rejected') throw settled.reason;
      const r = settled.value;
      const version = tool.parse(r.stdout, r.stderr);
      if (!version) {
        problems.push(`${tool.name}: \`${r.command}\` gave no version (exit ${r.exitCode}): ${stderrTail(r.stderr, 2)}`);
        fixes.push(`Reinstall ${tool.name}: ${tool.install}`);
      } else if (tooOld(version, tool.min)) {
        problems.push(`${tool.name} ${version} is too old (need ${tool.min.join('.')} or newer)`);
        fixes.push(`Upgrade ${tool.name}: ${tool.install}`);
      } else {
        versions[tool.name] = version;
      }
    } catch (error) {
      if (error instanceof CommandNotFoundError) {
        problems.push(`${tool.name} is not on PATH`);
        fixes.push(`Install ${tool.name}: ${tool.install}`);
      } else if (error instanceof ToolError && !error.isCanceled) {
        problems.push(`${tool.name}: \`${error.result.command}\` gave no version (exit ${error.exitCode}): ${stderrTail(error.stderr, 2)}`);
        fixes.push(`Reinstall ${tool.name}: ${tool.install}`);
      } else if (tool.probe && !(error instanceof ToolError) && !ctx.signal.aborted) {
        problems.push(`${tool.name}: ${(error as Error).message}`);
        fixes.push(`Reinstall ${tool.name}: ${tool.install}`);
      } else throw error;
    }
  }
  if (versions['helm']) ctx.log(`helm ${versions['helm']} (major ${versions['helm'].split('.')[0]})`);
  return versions;
}

async function probeOpenstack(ctx: StepContext<RunData>): Promise<{ project: string | undefined }> {
  // Only these columns: the token itself would otherwise land in the transcript.
  const r = await ctx.data.exec.run('openstack', ['token', 'issue', '-f', 'json', '-c', 'expires', '-c', 'project_id'], { signal: ctx.signal });
  return { project: (JSON.parse(r.stdout) as { project_id?: string }).project_id };
}

function judgeLogin(login: { project: string | undefined } | { error: unknown }, problems: string[], fixes: string[]): string | undefined {
  if ('project' in login) return login.project;
  const error = login.error;
  if (isAuthFailure(error)) {
    problems.push(`OpenStack credentials do not work: ${stderrTail((error as ToolError).stderr, 1)}`);
    fixes.push(...OPENSTACK_AUTH_FIX);
  } else if (error instanceof ToolError) {
    problems.push(`openstack token issue failed: ${stderrTail(error.stderr, 2) || error.shortMessage}`);
    fixes.push('Check OS_AUTH_URL / OS_CLOUD and the network: openstack token issue');
  } else throw error;
  return undefined;
}

async function probeKube(ctx: StepContext<RunData>, problems: string[], fixes: string[]): Promise<void> {
  const args: string[] = [];
  if (ctx.data.kubeconfig) args.push('--kubeconfig', ctx.data.kubeconfig);
  if (ctx.data.kubeContext) args.push('--context', ctx.data.kubeContext);
  const r = await ctx.data.exec.run('kubectl', [...args, 'version', '-o', 'json', '--request-timeout', '20s'], { signal: ctx.signal, allowFailure: true });
  if (r.failed) {
    const where = `${ctx.data.kubeContext ? `context "${ctx.data.kubeContext}"` : 'the current context'} of ${ctx.data.kubeconfig ?? '$KUBECONFIG / ~/.kube/config'}`;
    problems.push(`the Kubernetes cluster of ${where} does not answer: ${stderrTail(r.stderr, 2)}`);
    fixes.push(`List the contexts: kubectl ${args.filter((a) => a !== '--context' && a !== ctx.data.kubeContext).join(' ')} config get-contexts`.replace(/\s+/g, ' '), 'Set kube.kubeconfig and kube.context in the answers file (or --context).');
  }
}

export const preflightStep = {
  id: 'preflight',
  title: 'Preflight: tools, credentials, inputs',
  async check(ctx) {
    const problems: string[] = [];
    const fixes: string[] = [];
    problems.push(...(await inputProblems(ctx.data)));
    // The credentials are tried beside the version probes; their answer counts only when openstack is there.
    const [versions, login] = await Promise.all([
      probeTools(ctx, problems, fixes),
      ctx.data.target !== 'existing' ? probeOpenstack(ctx).catch((error: unknown) => ({ error })) : undefined,
    ]);
    let project: string | undefined;
    if (ctx.data.target !== 'existing' && versions['openstack'] && login) project = judgeLogin(login, problems, fixes);
    if (ctx.data.target === 'existing' && versions['kubectl']) await probeKube(ctx, problems, fixes);
    if (problems.length > 0) {
      throw new ActionableError(`preflight found ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`, { nextSteps: [...new Set(fixes)] });
    }
    return { done: true, reason: Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', '), outputs: { versions, ...(project ? { projectId: project } : {}) } };
  },
  async apply() {
    // Everything is probed by check; nothing to change.
  },
} satisfies Step<RunData>;

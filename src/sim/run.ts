// Dispatches one stand-in invocation: transient faults, the tool itself, the call log.

import { effectiveSpeed } from './clock.js';
import { appendCall } from './calls.js';
import { readFaults, type Fault, type ToolName } from './faults.js';
import { runHelm } from './helm.js';
import type { SimIO } from './io.js';
import { resolveTarget } from './kubeconfig.js';
import { runKubectl } from './kubectl.js';
import { runOpenstack } from './openstack.js';
import { withState } from './store.js';
import type { SimState } from './types.js';
import { mapStack } from '../stack-map.js';

export const SIM_TOOLS: readonly ToolName[] = ['openstack', 'kubectl', 'helm'];

export function isSimTool(name: string): name is ToolName {
  return (SIM_TOOLS as readonly string[]).includes(name);
}

/** Consumes one transient failure for `tool` if one is left; returns whether this call fails. */
function takeTransient(state: SimState, faults: Fault[], tool: ToolName): boolean {
  for (const f of faults) {
    if (f.name !== 'transient' || (f.tool && f.tool !== tool)) continue;
    const key = `transient:${f.tool ?? '*'}:${f.count}`;
    const used = state.faultUse[key] ?? 0;
    if (used < f.count) {
      state.faultUse[key] = used + 1;
      return true;
    }
  }
  return false;
}

function transientMessage(tool: ToolName, server: string | undefined): string {
  const host = server ? /^https?:\/\/([^/]+)/.exec(server)?.[1] ?? '188.185.73.247:6443' : '188.185.73.247:6443';
  switch (tool) {
    case 'openstack':
      return (
        'Failed to discover available identity versions when contacting https://keystone.cern.ch/main/v3. Attempting to parse version from URL.\n' +
        "Unable to establish connection to https://keystone.cern.ch/main/v3/auth/tokens: HTTPSConnectionPool(host='keystone.cern.ch', port=443): Max retries exceeded with url: /main/v3/auth/tokens (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f3c2a1b5d50>: Failed to establish a new connection: [Errno 111] Connection refused'))\n"
      );
    case 'kubectl':
      return `The connection to the server ${host} was refused - did you specify the right host or port?\n`;
    case 'helm':
      return `Error: Kubernetes cluster unreachable: Get "https://${host}/version": dial tcp ${host}: connect: connection refused\n`;
  }
}

function flagValue(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i]!.startsWith(`${name}=`)) return argv[i]!.slice(name.length + 1);
  }
  return undefined;
}

/** helm verbs that never reach the cluster (and so never see a connection error). */
const HELM_LOCAL = new Set(['version', 'template', 'lint', 'show', 'dependency', 'package', '']);

/**
 * Runs one stand-in (`openstack`, `kubectl` or `helm`) with `argv`, against the sim in
 * `io.env.PANDA_K8S_SIM_DIR`; returns its exit code. No side effects beyond the sim folder.
 */
export async function simToolMain(tool: string, argv: string[], io: SimIO): Promise<number> {
  const dir = io.env['PANDA_K8S_SIM_DIR'];
  if (!isSimTool(tool)) {
    io.stderr(`panda-k8s sim: unknown tool "${tool}"; the sim plays ${SIM_TOOLS.join(', ')}\n`);
    return 2;
  }
  if (!dir) {
    io.stderr(`panda-k8s sim: PANDA_K8S_SIM_DIR is not set, so this stand-in ${tool} does not know which simulated cloud to use; run it through <workspace>/.panda-k8s/sim/bin/${tool}\n`);
    return 1;
  }
  const start = Date.now();
  const out: string[] = [];
  const err: string[] = [];
  let exitCode = 1;
  let mutating = false;
  try {
    const pre = await withState(dir, (state) => {
      const faults = readFaults(dir);
      const speed = effectiveSpeed(state, io.env);
      const view = { state, faults, speed, now: Date.now(), env: io.env, cwd: io.cwd, out, err };
      const helmVerb = tool === 'helm' ? argv.find((a) => !a.startsWith('-')) ?? '' : '';
      if (!(tool === 'helm' && HELM_LOCAL.has(helmVerb)) && takeTransient(state, faults, tool)) {
        const flags = tool === 'kubectl' ? { kubeconfig: flagValue(argv, '--kubeconfig'), context: flagValue(argv, '--context') } : { kubeconfig: flagValue(argv, '--kubeconfig'), context: flagValue(argv, '--kube-context') };
        const t = tool === 'openstack' ? undefined : resolveTarget(state, flags, io.env, io.cwd);
        err.push(transientMessage(tool, t && !('kind' in t) ? t.server : undefined));
        return { exitCode: 1, mutating: tool === 'helm' ? /^(upgrade|install|uninstall|rollback)$/.test(helmVerb) : false, major: state.helmMajor };
      }
      if (tool === 'openstack') return { ...runOpenstack(view, argv), major: state.helmMajor };
      if (tool === 'kubectl') return { ...runKubectl(view, argv), major: state.helmMajor };
      return { exitCode: -1, mutating: false, major: state.helmMajor };
    });
    exitCode = pre.exitCode;
    mutating = pre.mutating;
    if (tool === 'helm' && exitCode === -1) {
      const r = await runHelm(dir, io, argv, pre.major, out, err);
      exitCode = r.exitCode;
      mutating = r.mutating;
    }
  } catch (e) {
    err.push(`panda-k8s sim: ${tool} failed inside the simulator: ${(e as Error).stack ? mapStack((e as Error).stack!) : String(e)}\n`);
    exitCode = 70;
  }
  io.stdout(out.join(''));
  io.stderr(err.join(''));
  try {
    appendCall(dir, { tool, argv, mutating, start, end: Date.now(), exitCode });
  } catch {
    // The call log is for tests and `sim calls`; a full disk must not change the tool's answer.
  }
  return exitCode;
}

// nodes-ready: wait until `kubectl get nodes -o json` shows every node Ready (and, on OpenStack, as many workers as asked for).

import type { Step, StepContext } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import fs from 'node:fs';
import path from 'node:path';
import { ActionableError } from '../src/engine/errors.js';
import { ToolError, stderrTail } from '../src/tools/exec/index.js';
import { isKubeUnreachable } from '../src/tools/parse/kubectl.js';
import { cloud, pause, type NodeInfo } from './cloud.js';
import { durationMs, elapsed, workerNodes } from './settings.js';

export interface NodesState {
  nodes: string[];
  notReady: { name: string; why: string }[];
  workers: number;
}

export function nodesState(nodes: readonly NodeInfo[]): NodesState {
  const notReady = nodes.filter((n) => !n.ready).map((n) => ({ name: n.name, why: n.notReadyReason ?? 'not Ready' }));
  return { nodes: nodes.map((n) => n.name), notReady, workers: workerNodes(nodes).length };
}

function expectedWorkers(data: RunData): number | undefined {
  return data.target === 'existing' ? undefined : data.answers.cluster?.nodeCount;
}

/** The API server address the kubeconfig names (`server:` of its first cluster), for the message. */
function apiServer(data: RunData): string | undefined {
  if (!data.kubeconfig) return undefined;
  try {
    return /^\s*server:\s*["']?([^\s"']+)/m.exec(fs.readFileSync(data.kubeconfig.split(path.delimiter)[0]!, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * The one failure an unreachable Kubernetes API gets, at this step on every run: where the API is, why it is
 * likely unreachable at CERN, and kubectl's own message once (the call itself was quiet).
 */
export function unreachableApi(data: RunData, error: ToolError): ActionableError {
  const server = apiServer(data) ?? 'the address in the kubeconfig';
  const who = data.target === 'existing' ? 'The Kubernetes API' : `The Kubernetes API of cluster ${data.answers.cluster?.name ?? ''}`.trimEnd();
  const kubeArgs = [data.kubeconfig ? `--kubeconfig ${data.kubeconfig}` : '', data.kubeContext ? `--context ${data.kubeContext}` : ''].filter(Boolean).join(' ');
  const cern = data.target !== 'existing';
  return new ActionableError(`${who} at ${server} does not answer\nkubectl: ${stderrTail(error.stderr, 2).replace(/\n/g, '\nkubectl: ')}`, {
    cause: error,
    hint: cern
      ? 'Likely causes at CERN: this machine is outside the CERN network (run panda-k8s from lxplus, or connect to the CERN VPN first); or the cluster has only just reached CREATE_COMPLETE and its API needs a few more minutes.'
      : 'Check that this machine can reach the API server (VPN, firewall, proxy) and that the kubeconfig names the right cluster.',
    nextSteps: [`See for yourself: kubectl ${kubeArgs} get nodes`.replace(/\s+/g, ' '), cern ? 'Then run the same panda-k8s command again (from lxplus, or in a few minutes): the finished steps are not repeated.' : 'Then run the same panda-k8s command again: the finished steps are not repeated.'],
  });
}

async function probe(ctx: StepContext<RunData>, fresh = false): Promise<{ state: NodesState; missing: number }> {
  let nodes: NodeInfo[];
  try {
    nodes = await cloud(ctx).getNodes(fresh, true);
  } catch (error) {
    if (error instanceof ToolError && !error.isCanceled && isKubeUnreachable(error.stderr)) throw unreachableApi(ctx.data, error);
    throw error;
  }
  const state = nodesState(nodes);
  const expected = expectedWorkers(ctx.data);
  const missing = expected !== undefined ? Math.max(0, expected - state.workers) : 0;
  return { state, missing };
}

export const nodesReadyStep = {
  id: 'nodes-ready',
  title: 'All nodes Ready',
  needs: ['kubeconfig'],
  async check(ctx) {
    const { state, missing } = await probe(ctx);
    if (state.nodes.length > 0 && state.notReady.length === 0 && missing === 0) {
      return { done: true, reason: `${state.nodes.length} nodes Ready`, outputs: { nodes: state.nodes } };
    }
    return { done: false, reason: `${state.notReady.length} of ${state.nodes.length} nodes not Ready${missing ? `, ${missing} worker(s) not registered yet` : ''}` };
  },
  async apply(ctx) {
    const timeoutMs = durationMs(ctx.data.answers.cluster?.nodesTimeout ?? '15m');
    const started = Date.now();
    // The first look is the check's; each later poll asks again.
    for (let poll = 0; ; poll++) {
      const { state, missing } = await probe(ctx, poll > 0);
      const took = Date.now() - started;
      if (state.nodes.length > 0 && state.notReady.length === 0 && missing === 0) {
        ctx.log(`${state.nodes.length} nodes Ready after ${elapsed(took)}`);
        return { nodes: state.nodes };
      }
      if (took >= timeoutMs) {
        const lines = state.notReady.map((n) => `${n.name}: ${n.why}`);
        if (missing) lines.push(`${missing} worker node(s) never registered`);
        const first = state.notReady[0]?.name;
        throw new ActionableError(`nodes not Ready after ${elapsed(took)} (cluster.nodesTimeout): ${lines.join('; ')}`, {
          hint: 'A node that stays NotReady usually has a stopped kubelet or a broken network plugin; on OpenStack, a server in ERROR.',
          nextSteps: [
            ...(first ? [`Look at it: kubectl --kubeconfig ${ctx.data.kubeconfig ?? '<kubeconfig>'} describe node ${first}`] : []),
            ...(first && ctx.data.target !== 'existing' ? [`openstack server show ${first}   (status ERROR? reboot it: openstack server reboot ${first})`] : []),
            'Run the same command again once the node is Ready: finished steps are not repeated.',
          ],
        });
      }
      ctx.progress(`${state.nodes.length - state.notReady.length}/${state.nodes.length} nodes Ready${missing ? `, ${missing} to register` : ''}, ${elapsed(took)}`);
      await pause(ctx.data.pollIntervalMs, ctx.signal);
    }
  },
} satisfies Step<RunData>;

// nodes-ready: wait until `kubectl get nodes -o json` shows every node Ready (and, on OpenStack, as many workers as asked for).

import type { Step, StepContext } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { ActionableError } from '../src/engine/errors.js';
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

async function probe(ctx: StepContext<RunData>): Promise<{ state: NodesState; missing: number }> {
  const state = nodesState(await cloud(ctx).getNodes());
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
    for (;;) {
      const { state, missing } = await probe(ctx);
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

// cluster-ready: poll `coe cluster show -f json` until CREATE_COMPLETE, showing status and elapsed time;
// CREATE_FAILED gives the reason and, when someone can answer, offers to delete the cluster and create it again.

import type { Step, StepContext } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { ActionableError } from '../src/engine/errors.js';
import { cloud, pause, type Cluster } from './cloud.js';
import { createCluster } from './cluster.js';
import { clusterSettings, elapsed } from './settings.js';

function failureReason(info: Cluster): string {
  return info.statusReason || Object.values(info.faults)[0] || 'Magnum gave no status_reason';
}

async function waitGone(ctx: StepContext<RunData>, name: string, timeoutMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const info = await cloud(ctx).clusterShow(name);
    if (!info) return;
    ctx.progress(`cluster ${name} ${info.status}, ${elapsed(Date.now() - started)}`);
    if (Date.now() - started > timeoutMs) throw new ActionableError(`cluster ${name} was not deleted within ${Math.round(timeoutMs / 60_000)} min`, { nextSteps: [`openstack coe cluster show ${name}`] });
    await pause(ctx.data.pollIntervalMs, ctx.signal);
  }
}

export const clusterReadyStep = {
  id: 'cluster-ready',
  title: 'Wait for CREATE_COMPLETE',
  needs: ['cluster'],
  async check(ctx) {
    const s = clusterSettings(ctx.data);
    const info = await cloud(ctx).clusterLookup(s.name);
    if (info?.status === 'CREATE_COMPLETE') return { done: true, reason: `cluster ${s.name} is CREATE_COMPLETE`, outputs: { uuid: info.uuid, nodeCount: info.nodeCount } };
    return { done: false, reason: info ? `cluster ${s.name} is ${info.status}` : `cluster ${s.name} does not exist` };
  },
  async apply(ctx) {
    const s = clusterSettings(ctx.data);
    const c = cloud(ctx);
    let started = Date.now();
    // The first poll is the check's look; each later one asks Magnum once.
    for (let poll = 0; ; poll++) {
      const info = poll === 0 ? await c.clusterLookup(s.name) : await c.clusterShow(s.name);
      if (!info) {
        throw new ActionableError(`cluster ${s.name} disappeared while waiting for it`, { nextSteps: [`openstack coe cluster list`, 'Run the same command again to create it.'] });
      }
      const took = Date.now() - started;
      if (info.status === 'CREATE_COMPLETE') {
        ctx.log(`cluster ${s.name} CREATE_COMPLETE after ${elapsed(took)}`);
        return { uuid: info.uuid, nodeCount: info.nodeCount };
      }
      if (info.status === 'CREATE_FAILED') {
        const reason = failureReason(info);
        ctx.log(`cluster ${s.name} CREATE_FAILED: ${reason}`);
        const retry = await ctx.data.prompter.confirm(`Cluster ${s.name} failed to create (${reason}). Delete it and create it again?`, { default: true, whenUnattended: false });
        if (!retry) {
          throw new ActionableError(`cluster ${s.name}: CREATE_FAILED: ${reason}`, {
            hint: 'A failed cluster is not repaired in place: delete it, fix the cause (quota, flavor, template), and create it again.',
            nextSteps: [`openstack coe cluster delete ${s.name}`, 'Then run the same panda-k8s command again: it waits for the deletion and creates the cluster anew.'],
          });
        }
        await c.clusterDelete(s.name);
        await waitGone(ctx, s.name, s.createTimeoutMs);
        await createCluster(ctx);
        started = Date.now();
        continue;
      }
      if (info.status === 'DELETE_IN_PROGRESS') {
        throw new ActionableError(`cluster ${s.name} is being deleted`, { nextSteps: ['Run the same command again once the deletion finished: the cluster is then created anew.'] });
      }
      if (took > s.createTimeoutMs) {
        throw new ActionableError(`cluster ${s.name} is still ${info.status} after ${elapsed(took)} (cluster.createTimeout ${ctx.data.answers.cluster?.createTimeout ?? '60m'})`, {
          hint: 'Magnum may still finish: nothing was deleted.',
          nextSteps: [`Look: openstack coe cluster show ${s.name}`, 'Run the same command again to keep waiting, or raise cluster.createTimeout.'],
        });
      }
      ctx.progress(`cluster ${s.name} ${info.status}, ${elapsed(took)} elapsed`);
      await pause(ctx.data.pollIntervalMs, ctx.signal);
    }
  },
} satisfies Step<RunData>;

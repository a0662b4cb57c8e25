// cluster: `openstack coe cluster create` with the site labels and --merge-labels, unless the cluster exists.

import type { Step, StepContext } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { ActionableError } from '../src/engine/errors.js';
import { cloud, pause } from './cloud.js';
import type { ClusterCreateArgs } from './cloud.js';
import { clusterSettings, type ClusterSettings } from './settings.js';

/** The seed's create command: its labels (profile order) with --merge-labels, so the template's other labels stay. */
export function createArgs(s: ClusterSettings, template: string): ClusterCreateArgs {
  return { name: s.name, keypair: s.keypair, template, nodeCount: s.nodeCount, flavor: s.flavor, masterFlavor: s.masterFlavor, labels: s.labels };
}

export function templateOf(ctx: StepContext<RunData>): string {
  const t = ctx.outputsOf('cluster-template')?.template;
  if (typeof t === 'string') return t;
  const answered = ctx.data.answers.cluster?.template;
  if (answered) return answered;
  throw new ActionableError('No cluster template chosen yet', { nextSteps: ['Run the cluster-template step first (panda-k8s bootstrap runs it).'] });
}

/**
 * Creates the cluster; a cluster still being deleted (a delete-and-retry) is waited for first. The first look is
 * the run's last one (the check's); only the waits ask again.
 */
export async function createCluster(ctx: StepContext<RunData>): Promise<{ uuid: string | undefined }> {
  const s = clusterSettings(ctx.data);
  const c = cloud(ctx);
  const started = Date.now();
  for (let existing = await c.clusterLookup(s.name); existing; existing = await c.clusterShow(s.name)) {
    if (existing.status !== 'DELETE_IN_PROGRESS') return { uuid: existing.uuid };
    ctx.progress(`cluster ${s.name} DELETE_IN_PROGRESS (waiting before creating it again)`);
    if (Date.now() - started > s.createTimeoutMs) {
      throw new ActionableError(`cluster ${s.name} is still being deleted after ${Math.round(s.createTimeoutMs / 60_000)} min`, { nextSteps: [`Check it: openstack coe cluster show ${s.name}`, 'Run again once it is gone.'] });
    }
    await pause(ctx.data.pollIntervalMs, ctx.signal);
  }
  const uuid = await c.clusterCreate(createArgs(s, templateOf(ctx)));
  ctx.log(`create request for ${s.name} accepted${uuid ? ` (uuid ${uuid})` : ''}`);
  return { uuid };
}

export const clusterStep = {
  id: 'cluster',
  title: 'Kubernetes cluster (Magnum)',
  needs: ['keypair', 'cluster-template'],
  inputs: (data) => {
    const c = data.answers.cluster ?? {};
    return { name: c.name, nodeCount: c.nodeCount, flavor: c.flavor, masterFlavor: c.masterFlavor, labels: data.site.labels };
  },
  async check(ctx) {
    const s = clusterSettings(ctx.data);
    const found = await cloud(ctx).clusterLookup(s.name);
    if (!found || found.status === 'DELETE_IN_PROGRESS') return { done: false, reason: found ? `cluster ${s.name} is being deleted` : `cluster ${s.name} does not exist yet` };
    return { done: true, reason: `cluster ${s.name} exists (${found.status})`, outputs: { uuid: found.uuid } };
  },
  async apply(ctx) {
    const s = clusterSettings(ctx.data);
    const found = await cloud(ctx).clusterLookup(s.name);
    if (found && found.status !== 'DELETE_IN_PROGRESS') {
      // Reached when answers changed after the cluster was made: Magnum does not change an existing cluster's shape.
      if (found.nodeCount !== s.nodeCount) {
        ctx.log(`warning: cluster ${s.name} has ${found.nodeCount} nodes, the answers say ${s.nodeCount}; resize it with: openstack coe cluster resize ${s.name} ${s.nodeCount}`);
      }
      return { uuid: found.uuid };
    }
    return createCluster(ctx);
  },
  async verify(ctx) {
    return (await cloud(ctx).clusterShow(clusterSettings(ctx.data).name)) !== undefined;
  },
} satisfies Step<RunData>;

// ingress-labels: put the site's ingress label (role=ingress at CERN) on every worker node, with --overwrite.

import type { Step, StepContext } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { cloud } from './cloud.js';
import { workerNodes } from './settings.js';

async function unlabelled(ctx: StepContext<RunData>, label: string, fresh = false): Promise<{ missing: string[]; all: string[] }> {
  const [key, value] = label.split('=') as [string, string];
  const workers = workerNodes(await cloud(ctx).getNodes(fresh));
  const missing = workers.filter((w) => w.node.labels[key] !== value).map((w) => w.node.name);
  return { missing, all: workers.map((w) => w.node.name) };
}

export const ingressLabelsStep = {
  id: 'ingress-labels',
  title: 'Ingress node labels',
  needs: ['nodes-ready'],
  inputs: (data) => ({ label: data.site.ingress.nodeLabel }),
  async check(ctx) {
    const label = ctx.data.site.ingress.nodeLabel;
    if (!label) return { done: true, reason: `the ${ctx.data.answers.profile} profile labels no nodes` };
    const { missing, all } = await unlabelled(ctx, label);
    if (all.length === 0) return { done: false, reason: 'no worker nodes (…-node-<i>) found' };
    return missing.length === 0 ? { done: true, reason: `${all.length} worker nodes carry ${label}` } : { done: false, reason: `${missing.length} worker node(s) lack ${label}` };
  },
  async apply(ctx) {
    const label = ctx.data.site.ingress.nodeLabel;
    if (!label) return;
    const { missing } = await unlabelled(ctx, label);
    for (const node of missing) {
      const [key, value] = label.split('=') as [string, string];
      await cloud(ctx).labelNode(node, key, value);
      ctx.log(`${node} ${label}`);
    }
    return { labelled: missing };
  },
  async verify(ctx) {
    const label = ctx.data.site.ingress.nodeLabel;
    return !label || (await unlabelled(ctx, label, true)).missing.length === 0;
  },
} satisfies Step<RunData>;

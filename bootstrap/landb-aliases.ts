// landb-aliases: `openstack server set --property landb-alias=<list> <node>` per worker node, node i (1-based) getting
// `<stem>--load-<i>-` for each alias stem. The seed's loop passed the literal text NODE_NAME-…; this uses each node's
// real name, skips nodes already right, and verifies with `server show -f json`.

import type { Step, StepContext } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { ActionableError } from '../src/engine/errors.js';
import { cloud, readOnce } from './cloud.js';
import { landbAliasesFor } from './profile.js';
import { clusterSettings, workerNodes } from './settings.js';

export const LANDB_PROPERTY = 'landb-alias';

export interface AliasPlan {
  server: string;
  index: number;
  want: string;
  have: string | undefined;
}

/** The cluster's worker servers with the aliases each should have and has. */
export function aliasPlan(ctx: StepContext<RunData>, fresh = false): Promise<AliasPlan[]> {
  return readOnce(ctx, 'landb-plan', () => readAliasPlan(ctx), fresh);
}

/** The longest start all names share (the Heat stack name, `<stem>-<id>-node-`, for one cluster's workers). */
export function commonPrefix(names: readonly string[]): string {
  let prefix = names[0] ?? '';
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

async function readAliasPlan(ctx: StepContext<RunData>): Promise<AliasPlan[]> {
  const s = clusterSettings(ctx.data);
  const c = cloud(ctx);
  // The cluster's own node names (kubectl): `server list --name` is a regex that also matches other clusters sharing a prefix.
  const workers = workerNodes(await c.getNodes());
  if (workers.length === 0) {
    throw new ActionableError(`no worker nodes (…-node-<i>) in cluster ${s.name}`, { nextSteps: [`kubectl ${c.kubeArgs().join(' ')} get nodes`] });
  }
  // All the workers' properties in one `server list --long` (Nova's name filter is a regex; the names are
  // letters, digits and "-", so their common start matches literally), instead of one `server show` per node.
  const names = workers.map((w) => w.node.name);
  const props = await c.serversProperties(commonPrefix(names).replace(/[^A-Za-z0-9-]/g, '.'));
  const plans: AliasPlan[] = [];
  for (const w of workers) {
    const have = props.get(w.node.name);
    if (!have) throw new ActionableError(`node ${w.node.name} has no OpenStack server of the same name`, { nextSteps: [`openstack server list --name ${w.node.name}`] });
    plans.push({ server: w.node.name, index: w.index + 1, want: landbAliasesFor(ctx.data.site, s.name, w.index + 1), have: have[LANDB_PROPERTY] });
  }
  return plans;
}

export const landbAliasesStep = {
  id: 'landb-aliases',
  title: 'LanDB aliases on the nodes',
  needs: ['nodes-ready'],
  inputs: (data) => ({ name: data.answers.cluster?.name, aliases: data.site.landb.aliases }),
  async check(ctx) {
    if (ctx.data.site.landb.aliases.length === 0) return { done: true, reason: `the ${ctx.data.answers.profile} profile sets no LanDB aliases` };
    const plans = await aliasPlan(ctx);
    const wrong = plans.filter((p) => p.have !== p.want);
    return wrong.length === 0
      ? { done: true, reason: `${plans.length} nodes have their aliases`, outputs: { servers: plans.map((p) => p.server) } }
      : { done: false, reason: `${wrong.length} of ${plans.length} nodes need aliases` };
  },
  async apply(ctx) {
    if (ctx.data.site.landb.aliases.length === 0) return;
    const plans = await aliasPlan(ctx);
    for (const p of plans.filter((x) => x.have !== x.want)) {
      await cloud(ctx).serverSetProperty(p.server, LANDB_PROPERTY, p.want);
      ctx.log(`${p.server}: ${p.want}`);
    }
    return { servers: plans.map((p) => p.server) };
  },
  async verify(ctx) {
    if (ctx.data.site.landb.aliases.length === 0) return true;
    const wrong = (await aliasPlan(ctx, true)).filter((p) => p.have !== p.want);
    if (wrong.length > 0) {
      throw new ActionableError(`landb-alias not set on ${wrong.map((w) => `${w.server} (has ${JSON.stringify(w.have ?? null)})`).join(', ')}`, {
        nextSteps: wrong.map((w) => `openstack server set --property ${LANDB_PROPERTY}=${w.want} ${w.server}`),
      });
    }
    return true;
  },
} satisfies Step<RunData>;

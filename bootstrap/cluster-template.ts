// cluster-template: the template to create the cluster from — the answer, or the newest kubernetes-X.Y.Z-N by version.

import type { Step } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { ActionableError } from '../src/engine/errors.js';
import { cloud, clusterStands, type Template } from './cloud.js';

const DEFAULT_PATTERN = '^kubernetes-(\\d+)\\.(\\d+)\\.(\\d+)-(\\d+)$';

/** The version numbers of a template name, or undefined when it does not follow the pattern. */
export function templateVersion(name: string, pattern = DEFAULT_PATTERN): number[] | undefined {
  const m = new RegExp(pattern).exec(name);
  return m ? m.slice(1).map(Number) : undefined;
}

/** Newest first by version numbers (kubernetes-1.29.10-1 > kubernetes-1.29.2-2 > kubernetes-1.9.6-1), never by string order. */
export function sortTemplates(templates: readonly Template[], pattern = DEFAULT_PATTERN): Template[] {
  const versioned = templates
    .map((t) => ({ t, v: templateVersion(t.name, pattern) }))
    .filter((x): x is { t: Template; v: number[] } => x.v !== undefined);
  versioned.sort((a, b) => {
    for (let i = 0; i < Math.max(a.v.length, b.v.length); i++) {
      const d = (b.v[i] ?? 0) - (a.v[i] ?? 0);
      if (d !== 0) return d;
    }
    return a.t.name < b.t.name ? -1 : 1;
  });
  return versioned.map((x) => x.t);
}

export const clusterTemplateStep = {
  id: 'cluster-template',
  title: 'Cluster template (newest Kubernetes)',
  needs: ['preflight'],
  inputs: (data) => ({ template: data.answers.cluster?.template }),
  async check(ctx) {
    const pattern = ctx.data.site.templatePattern ?? DEFAULT_PATTERN;
    const wantedHere = ctx.data.answers.cluster?.template;
    // The template only serves to create the cluster: once it stands, its own template is the answer.
    const name = ctx.data.answers.cluster?.name;
    const cluster = name ? await cloud(ctx).clusterLookup(name) : undefined;
    if (clusterStands(cluster)) {
      const earlier = ctx.previous?.outputs?.['template'];
      const template = wantedHere ?? (typeof earlier === 'string' ? earlier : cluster.templateId);
      return { done: true, reason: `cluster ${name} exists (template ${template})`, outputs: { template } };
    }
    const all = await cloud(ctx).templateList();
    const offered = sortTemplates(all, pattern);
    const newest = offered[0];
    const wanted = ctx.data.answers.cluster?.template;
    if (wanted) {
      if (!all.some((t) => t.name === wanted || t.uuid === wanted)) {
        throw new ActionableError(`cluster.template: template "${wanted}" does not exist in this project`, {
          nextSteps: [newest ? `The newest is ${newest.name}: set cluster.template to it, or remove the key to take the newest.` : 'List them with: openstack coe cluster template list'],
        });
      }
      if (newest && newest.name !== wanted && templateVersion(wanted, pattern)) {
        ctx.log(`warning: ${wanted} is older than ${newest.name}; an old template is a known mistake (remove cluster.template to take the newest)`);
      }
      return { done: true, reason: `template ${wanted} (from the answers)`, outputs: { template: wanted } };
    }
    if (!newest) {
      throw new ActionableError(`No cluster template named like kubernetes-X.Y.Z-N in this project (found: ${all.map((t) => t.name).join(', ') || 'none'})`, {
        nextSteps: ['Set cluster.template in the answers file to the template to use.', 'List them with: openstack coe cluster template list'],
      });
    }
    ctx.log(`newest template: ${newest.name}${offered.length > 1 ? ` (others: ${offered.slice(1).map((t) => t.name).join(', ')})` : ''}`);
    return { done: true, reason: `newest template ${newest.name}`, outputs: { template: newest.name } };
  },
  async apply() {
    // check always decides (it only reads); nothing to change in the cloud.
  },
} satisfies Step<RunData>;

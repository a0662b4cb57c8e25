// Guided reinstall on the engine: reinstall chosen components (uninstall + install, with an explicit
// keep/delete choice for their volume claims), refresh the secrets only, uninstall in reverse tier order.
// "Upgrade what changed" needs nothing here: deploySteps re-applies exactly the releases whose inputs changed.

import type { RunData } from '../app/run-data.js';
import { UsageError } from '../engine/errors.js';
import type { Step } from '../engine/step.js';
import { clusterIoOf, type ClusterIo } from './cluster-io.js';
import { COMPONENTS, type ComponentName } from './components.js';
import type { PvcJson } from './k8s-shapes.js';
import { planDeploy, uninstallOrder, type DeployPlan, type PlannedRelease } from './plan.js';
import { SECRETS_RELEASE, SHARED_LOGS_CLAIM } from './names.js';
import { deploySteps, type DeployOptions } from './steps.js';

/** What happens to the volume claims of what is uninstalled: an explicit choice, never a default. */
export type PvcChoice = 'keep' | 'delete';

export interface ClaimsAtRisk {
  release: string;
  component: string;
  /** PVCs the release's workloads created (StatefulSet claims survive helm uninstall). */
  claims: { name: string; size?: string; storageClass?: string }[];
  /** The sub-components whose data lives there (database, broker store …). */
  holds: string[];
}

export function uninstallStepId(release: string): string {
  return `uninstall:${release}`;
}

/** A release's claims: StatefulSet claims are named `<template>-<release>-<sub>-<i>`; its own are `<release>-…`. */
export function claimsOf(release: string, pvcs: readonly PvcJson[]): PvcJson[] {
  return pvcs.filter((p) => p.metadata.name !== SHARED_LOGS_CLAIM && (p.metadata.name.startsWith(`${release}-`) || p.metadata.name.includes(`-${release}-`)));
}

/** The warning to show before a reinstall/uninstall: which claims hold which data. */
export function describeClaims(risks: readonly ClaimsAtRisk[]): string[] {
  const lines: string[] = [];
  for (const r of risks) {
    if (r.claims.length === 0) continue;
    lines.push(`${r.release} keeps data on ${r.claims.length} volume claim(s)${r.holds.length > 0 ? ` (${r.holds.join(', ')})` : ''}:`);
    for (const c of r.claims) lines.push(`  ${c.name}${c.size ? ` ${c.size}` : ''}${c.storageClass ? ` (${c.storageClass})` : ''}`);
  }
  if (lines.length > 0) lines.push('keep: the reinstalled pods find the same data again; delete: they start empty (the data is gone for good).');
  return lines;
}

/** Asks the cluster what the given releases would leave behind. */
export async function claimsAtRisk(io: ClusterIo, plan: DeployPlan, releases: readonly PlannedRelease[], signal?: AbortSignal): Promise<ClaimsAtRisk[]> {
  const pvcs = await io.pvcs(plan.namespace, undefined, signal);
  return releases.map((r) => {
    const stateful = r.kind === 'secrets' ? [] : COMPONENTS.find((c) => c.name === r.kind)?.stateful ?? [];
    return {
      release: r.release,
      component: r.kind,
      holds: stateful.map((s) => `${r.kind}.${s}`),
      claims: claimsOf(r.release, pvcs).map((p) => {
        const c: ClaimsAtRisk['claims'][number] = { name: p.metadata.name };
        const size = p.spec?.resources?.requests?.storage;
        if (size) c.size = size;
        if (p.spec?.storageClassName) c.storageClass = p.spec.storageClassName;
        return c;
      }),
    };
  });
}

function uninstallStep(io: ClusterIo, plan: DeployPlan, r: PlannedRelease, pvcs: PvcChoice, needs: string[]): Step<RunData> {
  return {
    id: uninstallStepId(r.release),
    title: `Uninstall ${r.release}${pvcs === 'delete' ? ' and delete its volume claims' : ''}`,
    needs,
    async check(ctx) {
      const st = await io.status(r.release, plan.namespace, ctx.signal);
      if (st) return { done: false, reason: `revision ${st.revision} is ${st.status}` };
      if (pvcs === 'keep') return { done: true, reason: 'not installed' };
      const left = claimsOf(r.release, await io.pvcs(plan.namespace, undefined, ctx.signal));
      return { done: left.length === 0, reason: left.length === 0 ? 'not installed, no claims left' : `${left.length} claim(s) left` };
    },
    async apply(ctx) {
      await io.uninstall(r.release, plan.namespace, ctx.signal);
      ctx.log(`uninstalled ${r.release}`);
      if (pvcs === 'delete') {
        const claims = claimsOf(r.release, await io.pvcs(plan.namespace, undefined, ctx.signal)).map((p) => p.metadata.name);
        await io.deletePvcs(plan.namespace, claims, ctx.signal);
        if (claims.length > 0) ctx.log(`deleted volume claims: ${claims.join(', ')}`);
      } else {
        ctx.log('volume claims kept');
      }
    },
  };
}

/** Uninstall steps for `releases` (already in reverse tier order): each tier waits for the one above it to be gone. */
function uninstallChain(io: ClusterIo, plan: DeployPlan, releases: readonly PlannedRelease[], pvcs: PvcChoice): Step<RunData>[] {
  const steps: Step<RunData>[] = [];
  let previousTier: string[] = [];
  let tier = Number.POSITIVE_INFINITY;
  let current: string[] = [];
  for (const r of releases) {
    if (r.tier !== tier) {
      if (current.length > 0) previousTier = current;
      current = [];
      tier = r.tier;
    }
    const step = uninstallStep(io, plan, r, pvcs, previousTier);
    steps.push(step);
    current.push(step.id);
  }
  return steps;
}

export interface ReinstallOptions extends DeployOptions {
  /** The components to reinstall (uninstall + install). */
  components: readonly ComponentName[];
  /** What to do with their volume claims: required, the caller asks (or takes --keep-data / --delete-data). */
  pvcs: PvcChoice;
}

function requireChoice(pvcs: unknown, what: string): asserts pvcs is PvcChoice {
  if (pvcs !== 'keep' && pvcs !== 'delete') {
    throw new UsageError(`${what} needs an explicit choice for the volume claims: keep or delete.`, 'Pass --keep-data or --delete-data (the data of databases and the broker lives there).');
  }
}

/** Reinstall: uninstall the chosen components (top tier first), then the normal deploy installs them again. */
export function reinstallSteps(data: RunData, options: ReinstallOptions): Step<RunData>[] {
  requireChoice(options.pvcs, 'Reinstalling');
  const io = options.io ?? clusterIoOf(data);
  const plan = planDeploy(data.answers);
  const chosen = uninstallOrder(plan, options.components);
  const unknown = options.components.filter((c) => !plan.releases.some((r) => r.kind === c));
  if (unknown.length > 0) throw new UsageError(`Cannot reinstall ${unknown.join(', ')}: not enabled in this deployment.`, 'Enable it in the answers (deploy.enable / deploy.disable) first.');
  const uninstall = uninstallChain(io, plan, chosen, options.pvcs);
  // Its uninstall steps may run while lower tiers upgrade: a status read early could predate an uninstall.
  const deploy = deploySteps(data, { ...options, io, prefetchChecks: false });
  const gone = uninstall.map((s) => s.id);
  // Each release step of a chosen component waits for every uninstall (a lower tier is reinstalled after the upper ones went).
  return [
    ...uninstall,
    ...deploy.map((s) => (chosen.some((r) => r.stepId === s.id) ? { ...s, needs: [...(s.needs ?? []), ...gone] } : s)),
  ];
}

/** The goal of a reinstall: the whole deploy, verified. */
export { DEPLOY_GOALS as REINSTALL_GOALS } from './steps.js';

/** Refresh secrets: upgrade panda-secrets only (after editing CRIC JSONs or secret values); no service is touched. */
export function refreshSecretsSteps(data: RunData, options: DeployOptions = {}): Step<RunData>[] {
  const steps = deploySteps(data, options);
  const keep = new Set(['namespace', 'secrets-preflight', `release:${SECRETS_RELEASE}`]);
  return steps.filter((s) => keep.has(s.id)).map((s) => (s.id === `release:${SECRETS_RELEASE}` ? { ...s, needs: ['namespace', 'secrets-preflight'] } : s));
}

export const REFRESH_SECRETS_GOALS: readonly string[] = [`release:${SECRETS_RELEASE}`];

/** Running pods read Secrets given as environment only when they start: say which to restart. */
export function refreshSecretsNote(plan: DeployPlan): string {
  const rels = plan.releases.filter((r) => r.kind !== 'secrets').map((r) => r.release);
  return `Pods read environment Secrets when they start: to apply changed values, restart them (kubectl -n ${plan.namespace} rollout restart statefulset,deployment -l 'app.kubernetes.io/instance in (${rels.join(',')})'). Mounted files (CRIC JSONs, certificates) update by themselves within a minute.`;
}

export interface UninstallOptions {
  io?: ClusterIo;
  /** Only these components (the secrets stay); all of them, secrets last, when empty. */
  components?: readonly ComponentName[];
  pvcs: PvcChoice;
}

/** Uninstall in reverse tier order. */
export function uninstallSteps(data: RunData, options: UninstallOptions): Step<RunData>[] {
  requireChoice(options.pvcs, 'Uninstalling');
  const io = options.io ?? clusterIoOf(data);
  // Everything this affix may have installed, whatever is enabled now.
  const plan = planDeploy({ kube: data.answers.kube, deploy: { affix: data.answers.deploy?.affix, enable: undefined } });
  return uninstallChain(io, plan, uninstallOrder(plan, options.components), options.pvcs);
}

/** Goal ids of an uninstall plan: every step (they are all wanted). */
export function uninstallGoals(steps: readonly Step<RunData>[]): string[] {
  return steps.map((s) => s.id);
}

// The release plan: from the answers to the ordered releases of one deploy (pure, deterministic).
// panda-secrets first, then the catalogue's tiers; catalogue order inside a tier (reproducible, as
// helmfile keeps definition order inside a group); the reverse for uninstall.

import type { Answers } from '../config/answers.js';
import { COMPONENTS, type ComponentName, type Experiment, component, isExperiment } from './components.js';
import { SECRETS_RELEASE, releaseName } from './names.js';
import { EXPERIMENT_DISABLED } from './release-plan.js';

/** @default affix of a deployment whose answers name none (bin/install's fallback). */
export const DEFAULT_AFFIX = 'test-';
/** @default namespace of a deployment whose answers name none. */
export const DEFAULT_NAMESPACE = 'panda';
/** @default helm --timeout per release. */
export const DEFAULT_TIMEOUT = '10m';

/**
 * Needs a component can live without: the catalogue orders panda after msgsvc and iam, but sPHENIX
 * runs PanDA with IAM disabled and a site may use an external broker. When such a need is disabled
 * the release still starts; when any other need is disabled it does not.
 */
export const OPTIONAL_NEEDS: Readonly<Partial<Record<ComponentName, readonly ComponentName[]>>> = {
  panda: ['msgsvc', 'iam'],
};

export type ReleaseKind = 'secrets' | ComponentName;

export interface PlannedRelease {
  /** Engine step id: `release:<release name>`. */
  stepId: string;
  release: string;
  kind: ReleaseKind;
  /** 0 for the secrets, else the catalogue tier. */
  tier: number;
  /** Sub-components switched off (`--set <sub>.enabled=false`), catalogue order. */
  disabledSubs: string[];
  /** Step ids that must be done before this release starts: every release of the tier below. */
  needs: string[];
  /** Components this release needs that this run does not install (expected deployed already). */
  external: ComponentName[];
}

export interface NotStarted {
  component: ComponentName;
  release: string;
  reason: string;
}

export interface DeployPlan {
  namespace: string;
  affix: string;
  experiment: Experiment | undefined;
  timeout: string;
  /** Install order: secrets, then tier by tier. */
  releases: PlannedRelease[];
  /** The same releases grouped: tiers[0] is the secrets. Empty tiers are dropped. */
  tiers: PlannedRelease[][];
  /** Selected components that will not be started, and why. */
  notStarted: NotStarted[];
  /** Components the user switched off with --disable. */
  disabled: ComponentName[];
}

export function releaseStepId(release: string): string {
  return `release:${release}`;
}

/** Splits `deploy.disable` into whole components and `component.sub` tokens. */
export function splitDisable(tokens: readonly string[]): { components: Set<ComponentName>; subs: Map<ComponentName, Set<string>> } {
  const components = new Set<ComponentName>();
  const subs = new Map<ComponentName, Set<string>>();
  for (const token of tokens) {
    const [comp, sub] = token.split('.', 2) as [ComponentName, string | undefined];
    if (sub === undefined) components.add(comp);
    else {
      const set = subs.get(comp) ?? new Set<string>();
      set.add(sub);
      subs.set(comp, set);
    }
  }
  return { components, subs };
}

/** The plan for `answers`. `deploy.enable` selects what this run installs (default: all six). */
export function planDeploy(answers: Answers): DeployPlan {
  const deploy = answers.deploy ?? {};
  const affix = deploy.affix ?? DEFAULT_AFFIX;
  const experiment = deploy.experiment && deploy.experiment !== 'none' && isExperiment(deploy.experiment) ? deploy.experiment : undefined;
  const namespace = answers.kube?.namespace ?? DEFAULT_NAMESPACE;
  const timeout = deploy.timeout ?? DEFAULT_TIMEOUT;
  const { components: off, subs } = splitDisable(deploy.disable ?? []);
  const explicit = deploy.enable !== undefined && deploy.enable.length > 0;
  const selected = new Set<ComponentName>(explicit ? (deploy.enable as ComponentName[]) : COMPONENTS.map((c) => c.name));
  // What the experiment runs without (sPHENIX: an external IAM), unless --enable names it.
  if (!explicit && experiment) for (const name of EXPERIMENT_DISABLED[experiment] ?? []) off.add(name);

  const notStarted: NotStarted[] = [];
  const chosen: ComponentName[] = [];
  // Catalogue order, whatever order --enable listed them in: tiers decide, not the command line.
  for (const c of COMPONENTS) {
    if (!selected.has(c.name) || off.has(c.name)) continue;
    const optional = OPTIONAL_NEEDS[c.name] ?? [];
    const missing = c.needs.find((n) => off.has(n) && !optional.includes(n));
    if (missing) {
      notStarted.push({ component: c.name, release: releaseName(affix, c.name), reason: `it needs ${missing}, which is disabled` });
      continue;
    }
    const remaining = c.subcomponents.filter((s) => !(subs.get(c.name)?.has(s)));
    if (remaining.length === 0) {
      notStarted.push({ component: c.name, release: releaseName(affix, c.name), reason: 'all its sub-components are disabled' });
      continue;
    }
    chosen.push(c.name);
  }
  // A release that needs a component which is not started (and not optional) is not started either.
  let changed = true;
  while (changed) {
    changed = false;
    for (const name of [...chosen]) {
      const optional = OPTIONAL_NEEDS[name] ?? [];
      const blocked = component(name).needs.find((n) => notStarted.some((ns) => ns.component === n) && !optional.includes(n));
      if (blocked) {
        chosen.splice(chosen.indexOf(name), 1);
        notStarted.push({ component: name, release: releaseName(affix, name), reason: `it needs ${blocked}, which will not be started` });
        changed = true;
      }
    }
  }

  const secrets: PlannedRelease = {
    stepId: releaseStepId(SECRETS_RELEASE), release: SECRETS_RELEASE, kind: 'secrets', tier: 0, disabledSubs: [], needs: [], external: [],
  };
  const tiers: PlannedRelease[][] = [[secrets]];
  const maxTier = Math.max(...COMPONENTS.map((c) => c.tier));
  for (let t = 1; t <= maxTier; t++) {
    const below = tiers[tiers.length - 1]!.map((r) => r.stepId);
    const tier = COMPONENTS.filter((c) => c.tier === t && chosen.includes(c.name)).map((c): PlannedRelease => {
      const release = releaseName(affix, c.name);
      return {
        stepId: releaseStepId(release),
        release,
        kind: c.name,
        tier: t,
        disabledSubs: c.subcomponents.filter((s) => subs.get(c.name)?.has(s)),
        needs: below,
        external: c.needs.filter((n) => !selected.has(n) && !off.has(n)),
      };
    });
    if (tier.length > 0) tiers.push(tier);
  }
  return {
    namespace, affix, experiment, timeout,
    releases: tiers.flat(),
    tiers,
    notStarted,
    disabled: COMPONENTS.map((c) => c.name).filter((n) => off.has(n)),
  };
}

/**
 * Releases to uninstall, last tier first (catalogue order reversed inside a tier too).
 * `only` limits it to some components; the secrets go only when everything goes.
 */
export function uninstallOrder(plan: DeployPlan, only?: readonly ComponentName[]): PlannedRelease[] {
  const all = [...plan.releases].reverse();
  if (!only || only.length === 0) return all;
  return all.filter((r) => r.kind !== 'secrets' && only.includes(r.kind));
}

/** Every release the plan could own for `answers`, disabled or not (status and uninstall look for them all). */
export function allReleaseNames(affix: string): { kind: ReleaseKind; release: string; tier: number }[] {
  return [
    { kind: 'secrets' as const, release: SECRETS_RELEASE, tier: 0 },
    ...COMPONENTS.map((c) => ({ kind: c.name, release: releaseName(affix, c.name), tier: c.tier })),
  ];
}

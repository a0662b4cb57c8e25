// Turns the installer's choices (components, disabled sub-components, affix, experiment) into the
// exact helm arguments of each release. Pure: it starts nothing and reads no file; the overlay table
// below is checked against charts/*/values/ by a chart test.

import { join } from 'node:path';
import { COMPONENTS, COMPONENT_NAMES, EXPERIMENTS, component, isComponentName, isExperiment } from './components.js';
import type { ComponentName, Experiment } from './components.js';
import { SECRETS_RELEASE, releaseName, validateAffix } from './names.js';
import { digestSets, type SecretDigests } from './secret-digests.js';

export interface Selection {
  /** Components to deploy, in tier order (catalogue order inside a tier). */
  components: ComponentName[];
  /** Sub-components switched off (`--set <sub>.enabled=false`), per component. */
  disabledSubs: Partial<Record<ComponentName, string[]>>;
}

/**
 * Components an experiment deploys without unless `--enable` names them: sPHENIX runs with an
 * external IAM (the documented `-e sphenix -d iam`).
 */
export const EXPERIMENT_DISABLED: Partial<Record<Experiment, ComponentName[]>> = { sphenix: ['iam'] };

function validSubNames(): string {
  return COMPONENTS.flatMap((c) => c.subcomponents.map((s) => `${c.name}.${s}`)).join(', ');
}

function splitList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
}

/**
 * Parses `--enable a,b` and `--disable c,d.sub`. Without `enable`, every component is selected, minus
 * what the experiment deploys without (EXPERIMENT_DISABLED). Throws on an unknown token, naming it and
 * the valid names.
 */
export function parseSelection(opts: { enable?: string; disable?: string; experiment?: string }): Selection {
  const enabled = splitList(opts.enable);
  for (const token of enabled) {
    if (!isComponentName(token)) {
      throw new Error(`-c/--enable: unknown component "${token}": valid components are ${COMPONENT_NAMES.join(', ')}`);
    }
  }
  const chosen = new Set<ComponentName>(enabled.length > 0 ? (enabled as ComponentName[]) : COMPONENT_NAMES);
  if (enabled.length === 0 && opts.experiment !== undefined && isExperiment(opts.experiment)) {
    for (const name of EXPERIMENT_DISABLED[opts.experiment] ?? []) chosen.delete(name);
  }

  const disabledSubs: Partial<Record<ComponentName, string[]>> = {};
  for (const token of splitList(opts.disable)) {
    const parts = token.split('.');
    const comp = parts[0] ?? '';
    if (parts.length > 2 || !isComponentName(comp)) {
      throw new Error(
        `-d/--disable: unknown component "${token}": give a component (${COMPONENT_NAMES.join(', ')}) or component.sub (${validSubNames()})`,
      );
    }
    if (parts.length === 1) {
      chosen.delete(comp);
      continue;
    }
    const sub = parts[1] ?? '';
    if (!component(comp).subcomponents.includes(sub)) {
      throw new Error(`-d/--disable: unknown sub-component "${token}": valid ones are ${validSubNames()}`);
    }
    const list = (disabledSubs[comp] ??= []);
    if (!list.includes(sub)) list.push(sub);
  }

  // Tier order, catalogue order within a tier: deterministic whatever order --enable used.
  const components = [...COMPONENTS]
    .sort((a, b) => a.tier - b.tier)
    .map((c) => c.name)
    .filter((name) => chosen.has(name));
  return { components, disabledSubs };
}

/**
 * Which chart has a values overlay for which experiment (charts/<c>/values/values-<exp>.yaml), as the
 * reference deployment has them. A missing pair is deliberate, with its reason: the release then gets
 * the chart's defaults and the plan says so in its notes (never a silent skip). A chart test checks
 * this table against the files.
 */
export const OVERLAYS: Record<ComponentName, Partial<Record<Experiment, true | string>>> = {
  msgsvc: {
    cern: true, lsst: true, 'lsst-prod': true, sphenix: true,
    doma: 'DOMA runs the cern broker settings: use -e cern for msgsvc',
    dev: 'the broker needs no dev-specific settings',
    atlas_testbed: 'the testbed broker uses the chart defaults',
  },
  iam: {
    dev: true, doma: true, lsst: true, 'lsst-prod': true,
    cern: 'CERN production IAM runs outside this cluster',
    atlas_testbed: 'the ATLAS testbed uses the CERN IAM outside this cluster',
    sphenix: 'sPHENIX uses an external IAM (installed with --disable iam)',
  },
  panda: {
    cern: true, atlas_testbed: true, dev: true, lsst: true, 'lsst-prod': true, sphenix: true,
    doma: 'DOMA uses the cern overlay: use -e cern',
  },
  harvester: {
    cern: true, atlas_testbed: true, dev: true, lsst: true, 'lsst-prod': true, sphenix: true,
    doma: 'DOMA uses the cern overlay: use -e cern',
  },
  idds: {
    cern: true, atlas_testbed: true, dev: true, lsst: true, 'lsst-prod': true, sphenix: true,
    doma: 'DOMA uses the cern overlay: use -e cern',
  },
  bigmon: {
    cern: true, atlas_testbed: true, dev: true, lsst: true, 'lsst-prod': true, sphenix: true,
    doma: 'DOMA uses the cern overlay: use -e cern',
  },
};

export type Overlay = { kind: 'file'; path: string } | { kind: 'none'; reason: string };

/** The overlay of one chart for one experiment: its file, or the documented reason it has none. */
export function experimentOverlay(chartsDir: string, comp: ComponentName, experiment: Experiment): Overlay {
  const entry = OVERLAYS[comp][experiment];
  if (entry === true) return { kind: 'file', path: join(chartsDir, comp, 'values', `values-${experiment}.yaml`) };
  return { kind: 'none', reason: entry ?? `no ${experiment} overlay for ${comp}` };
}

export function requireExperiment(experiment: string): Experiment {
  if (!isExperiment(experiment)) {
    throw new Error(`unknown experiment "${experiment}": valid experiments are ${EXPERIMENTS.join(', ')} (or none)`);
  }
  return experiment;
}

function requireAffix(affix: string): void {
  const problem = validateAffix(affix);
  if (problem) throw new Error(problem);
}

export interface ReleaseArgs {
  release: string;
  chart: string;
  valuesFiles: string[];
  /** `key=value` pairs, each passed with `--set-string` (an affix such as "-1" must stay a string). */
  setStrings: string[];
  /** `key=value` pairs passed with `--set`. */
  sets: string[];
  overlay?: Overlay;
  /** What the plan should tell the user about this release (e.g. an experiment without overlay). */
  notes: string[];
  /** `upgrade --install <release> <chart> …` (the helm wrapper adds --wait, --timeout and rollback). */
  upgradeArgs: string[];
  /** `template <release> <chart> …`: the same manifests, rendered without a cluster. */
  templateArgs: string[];
}

function valueArgs(r: Pick<ReleaseArgs, 'valuesFiles' | 'setStrings' | 'sets'>): string[] {
  return [
    ...r.valuesFiles.flatMap((f) => ['-f', f]),
    ...r.setStrings.flatMap((s) => ['--set-string', s]),
    ...r.sets.flatMap((s) => ['--set', s]),
  ];
}

function finish(base: Omit<ReleaseArgs, 'upgradeArgs' | 'templateArgs'>, namespace: string | undefined): ReleaseArgs {
  const ns = namespace ? ['--namespace', namespace] : [];
  const rest = valueArgs(base);
  return {
    ...base,
    upgradeArgs: ['upgrade', '--install', base.release, base.chart, ...ns, ...rest],
    templateArgs: ['template', base.release, base.chart, ...ns, ...rest],
  };
}

/**
 * Helm arguments of one component release. `chartsDir` is the folder holding the six component
 * charts (`<repo>/charts`). Throws on a bad affix, an unknown experiment or an unknown sub-component.
 */
export function helmReleaseArgs(opts: {
  affix: string;
  experiment?: string;
  component: ComponentName;
  disabledSubs?: readonly string[];
  namespace?: string;
  chartsDir: string;
  /** Digests of the rendered Secrets (secret-digests.ts): the ones this component reads roll its pods when they change. */
  secretDigests?: SecretDigests;
}): ReleaseArgs {
  requireAffix(opts.affix);
  const release = releaseName(opts.affix, opts.component);
  const chart = join(opts.chartsDir, opts.component);
  const valuesFiles = [join(chart, 'values.yaml')];
  const notes: string[] = [];
  let overlay: Overlay | undefined;
  const setStrings = [`global.affix=${opts.affix}`, `global.deploymentName=${release}`];
  if (opts.experiment) {
    const experiment = requireExperiment(opts.experiment);
    overlay = experimentOverlay(opts.chartsDir, opts.component, experiment);
    if (overlay.kind === 'file') valuesFiles.push(overlay.path);
    else notes.push(`${release}: no ${experiment} overlay for ${opts.component}, chart defaults apply (${overlay.reason})`);
    setStrings.push(`global.experiment=${experiment}`);
  }
  if (opts.secretDigests) setStrings.push(...digestSets(opts.component, opts.secretDigests));
  const known = component(opts.component).subcomponents;
  const sets: string[] = [];
  for (const sub of opts.disabledSubs ?? []) {
    if (!known.includes(sub)) {
      throw new Error(`unknown sub-component "${opts.component}.${sub}": valid ones are ${known.map((s) => `${opts.component}.${s}`).join(', ')}`);
    }
    sets.push(`${sub}.enabled=false`);
  }
  return finish({ release, chart, valuesFiles, setStrings, sets, overlay, notes }, opts.namespace);
}

/**
 * Helm arguments of the secrets release (`panda-secrets`, tier 0). `filledSecretsValues` is the
 * workspace file holding the real values (mode 0600); the chart's own values.yaml keeps placeholders.
 * The affix is passed too, so the host names in the Secrets match the releases of this plan.
 */
export function secretsReleaseArgs(opts: {
  affix: string;
  secretsDir: string;
  filledSecretsValues?: string;
  namespace?: string;
}): ReleaseArgs {
  requireAffix(opts.affix);
  const valuesFiles = [join(opts.secretsDir, 'values.yaml')];
  if (opts.filledSecretsValues) valuesFiles.push(opts.filledSecretsValues);
  return finish(
    { release: SECRETS_RELEASE, chart: opts.secretsDir, valuesFiles, setStrings: [`affix=${opts.affix}`], sets: [], notes: [] },
    opts.namespace,
  );
}

/** The secrets release and every selected component release, in deploy order. */
export function releasePlan(opts: {
  affix: string;
  experiment?: string;
  selection: Selection;
  namespace?: string;
  chartsDir: string;
  secretsDir: string;
  filledSecretsValues?: string;
}): { secrets: ReleaseArgs; components: Array<ReleaseArgs & { component: ComponentName; tier: number }> } {
  if (opts.experiment) requireExperiment(opts.experiment);
  return {
    secrets: secretsReleaseArgs(opts),
    components: opts.selection.components.map((name) => ({
      ...helmReleaseArgs({ ...opts, component: name, disabledSubs: opts.selection.disabledSubs[name] ?? [] }),
      component: name,
      tier: component(name).tier,
    })),
  };
}

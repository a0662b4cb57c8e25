// `panda-k8s install`: the old bin/install interface (-a -e -c -d -t), done right: validated up front,
// tiers in order with waiting, upgrade on a second run, the first failure stops the run with exit 1.

import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { defaultProjectRoot } from '../app/context.js';
import { commandRunData } from './command-run-data.js';
import { installPlan } from '../app/plans.js';
import { withSession } from '../app/session.js';
import { answersPath, loadAnswers, validateAnswers, type Answers, type Target } from '../config/answers.js';
import { ActionableError, UsageError } from '../engine/errors.js';
import { isExperiment, EXPERIMENTS } from '../deploy/components.js';
import { parseSelection, releasePlan, type Selection } from '../deploy/release-plan.js';
import { validateAffix } from '../deploy/names.js';
import { CommandNotFoundError, createExec, ToolError } from '../tools/exec/index.js';
import { INSTALL_HINTS } from '../tools/install-hints.js';
import { flag, plainOutput, resolveWorkspace, str, withKubeFlags, exitCodeOfStatus, type Values } from './options.js';
import { createUiWiring, runPlanWithUi } from './run-plan-with-ui.js';
import type { RunData } from '../app/run-data.js';
import type { Step } from '../engine/step.js';

const DEFAULT_AFFIX = 'test-';

/**
 * The top-level `affix:` of a values file, from its own line: parsing the whole file (secrets/values.yaml
 * is 15 KB of documented values) cost every install -t ~20 ms, and this one scalar is all it needs.
 */
function affixOf(text: string): string | undefined {
  const line = /^affix:[ \t]*(.*)$/m.exec(text);
  if (!line) return undefined;
  const value: unknown = YAML.parse(line[1]!);
  return typeof value === 'string' ? value : undefined;
}

/** Like bin/install: -a, else `affix:` of the filled secrets values, else of secrets/values.yaml, else test-. */
export function resolveAffix(given: string | undefined, files: string[]): string {
  if (given !== undefined) return given;
  for (const file of files) {
    try {
      const affix = affixOf(fs.readFileSync(file, 'utf8'));
      if (affix !== undefined) return affix;
    } catch {
      /* absent or unreadable: next */
    }
  }
  return DEFAULT_AFFIX;
}

interface InstallChoice {
  affix: string;
  experiment: string | undefined;
  selection: Selection;
}

/** The `component.sub` tokens a selection switches off, as the answers file spells them. */
function disabledSubTokens(selection: Selection): string[] {
  return Object.entries(selection.disabledSubs).flatMap(([comp, subs]) => (subs ?? []).map((s) => `${comp}.${s}`));
}

/** Validates the flags before anything runs: a bad one is exit 2 with the valid names. */
export function installChoice(values: Values, affixFiles: string[]): InstallChoice {
  const experiment = str(values, 'experiment');
  if (experiment !== undefined && experiment !== 'none' && !isExperiment(experiment)) {
    throw new UsageError(`-e/--experiment ${experiment}: unknown experiment; valid: ${EXPERIMENTS.join(', ')} (or none)`);
  }
  const affix = resolveAffix(str(values, 'affix'), affixFiles);
  const bad = validateAffix(affix);
  if (bad) throw new UsageError(`-a/--affix: ${bad}`);
  const chosenExperiment = experiment === 'none' ? undefined : experiment;
  try {
    const selection = parseSelection({ enable: str(values, 'enable'), disable: str(values, 'disable'), experiment: chosenExperiment });
    return { affix, experiment: chosenExperiment, selection };
  } catch (error) {
    throw new UsageError((error as Error).message, 'Run panda-k8s install --help.');
  }
}

/** -t: render every selected component with `helm template`, in parallel, printed in tier order. */
async function renderTemplates(choice: InstallChoice, values: Values, projectRoot: string): Promise<number> {
  const plan = releasePlan({
    affix: choice.affix,
    experiment: choice.experiment,
    selection: choice.selection,
    namespace: str(values, 'namespace'),
    chartsDir: path.join(projectRoot, 'charts'),
    secretsDir: path.join(projectRoot, 'secrets'),
  });
  const exec = createExec();
  const PARALLEL = 4;
  const outputs: string[] = new Array(plan.components.length).fill('');
  let next = 0;
  let failure: ToolError | undefined;
  const worker = async () => {
    while (next < plan.components.length && !failure) {
      const i = next++;
      const release = plan.components[i]!;
      try {
        const r = await exec.run('helm', release.templateArgs);
        outputs[i] = `# ---- ${release.release} (${release.component}, tier ${release.tier}) ----\n${r.stdout}`;
      } catch (error) {
        failure ??= error as ToolError;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, plan.components.length) }, worker));
  if (failure instanceof CommandNotFoundError) {
    throw new ActionableError('install -t renders the charts with helm, and there is no helm on PATH', { nextSteps: [`Get helm: ${INSTALL_HINTS.helm}`], cause: failure });
  }
  if (failure) throw failure;
  for (const release of plan.components) for (const note of release.notes) process.stderr.write(`note: ${note}\n`);
  process.stdout.write(outputs.join('\n'));
  return 0;
}

type InstallMode = { kind: 'install' } | { kind: 'refresh-secrets' } | { kind: 'reinstall'; pvcs: 'keep' | 'delete' | undefined };

/** Which job the flags ask for; contradictions are usage errors. */
function installMode(values: Values): InstallMode {
  const reinstall = flag(values, 'reinstall');
  const refresh = flag(values, 'refresh-secrets');
  const keep = flag(values, 'keep-data');
  const del = flag(values, 'delete-data');
  if (reinstall && refresh) throw new UsageError('--reinstall and --refresh-secrets are two different jobs: give one');
  if ((keep || del) && !reinstall) throw new UsageError('--keep-data/--delete-data go with --reinstall');
  if (keep && del) throw new UsageError('--keep-data and --delete-data contradict each other: give one');
  if (refresh) return { kind: 'refresh-secrets' };
  if (!reinstall) return { kind: 'install' };
  if (!str(values, 'enable')) throw new UsageError('--reinstall needs -c/--enable with the components to reinstall (e.g. -c idds)');
  if (del && !flag(values, 'yes')) throw new UsageError('--delete-data deletes the data of the reinstalled components for good: add --yes to confirm');
  return { kind: 'reinstall', pvcs: keep ? 'keep' : del ? 'delete' : undefined };
}

/** The steps of the job; a reinstall without a keep/delete choice shows what is at stake and stops. */
async function stepsFor(mode: InstallMode, data: RunData, choice: InstallChoice): Promise<Step<RunData>[]> {
  if (mode.kind === 'install') return installPlan(data);
  const reinstall = await import('../deploy/reinstall.js');
  if (mode.kind === 'refresh-secrets') return reinstall.refreshSecretsSteps(data);
  if (mode.pvcs === undefined) {
    const { planDeploy } = await import('../deploy/plan.js');
    const { clusterIoOf } = await import('../deploy/cluster-io.js');
    const plan = planDeploy(data.answers);
    const chosen = plan.releases.filter((r) => (choice.selection.components as string[]).includes(r.kind));
    const io = clusterIoOf(data);
    const lines = reinstall.describeClaims(await reinstall.claimsAtRisk(io, plan, chosen).catch(() => []));
    throw new UsageError(
      `Reinstalling ${choice.selection.components.join(', ')} needs a choice for their volume claims.${lines.length ? `\n${lines.map((l) => `  ${l}`).join('\n')}` : ''}`,
      'Run again with --keep-data (the reinstalled pods find their data again) or --delete-data --yes (they start empty).',
    );
  }
  return reinstall.reinstallSteps(data, { components: choice.selection.components, pvcs: mode.pvcs });
}

export async function installCommand(values: Values): Promise<number> {
  const workspace = resolveWorkspace(values);
  // Not the workspace's copy yet: nothing is written there before the flags are checked (and -t needs none).
  const projectRoot = defaultProjectRoot();
  const filled = path.join(workspace, '.panda-k8s', 'secrets.values.yaml');
  const choice = installChoice(values, [filled, path.join(projectRoot, 'secrets', 'values.yaml')]);
  if (flag(values, 'template')) return renderTemplates(choice, values, projectRoot);
  const mode = installMode(values);

  const existing: Answers = fs.existsSync(answersPath(workspace)) ? loadAnswers(answersPath(workspace)) : {};
  // A workspace bootstrapped on the sim keeps deploying to the sim; anything else is the kube context given.
  const target: Target = existing.target === 'sim' || existing.target === 'openstack' ? existing.target : 'existing';
  const answers = validateAnswers(withKubeFlags({
    ...existing,
    target,
    kube: { ...existing.kube, ...(str(values, 'namespace') ? { namespace: str(values, 'namespace') } : {}) },
    deploy: {
      ...existing.deploy,
      affix: choice.affix,
      experiment: choice.experiment ?? 'none',
      // A reinstall or a refresh works on the deployment as it is; -c names what to reinstall.
      enable: mode.kind === 'install' ? choice.selection.components : existing.deploy?.enable,
      disable: disabledSubTokens(choice.selection),
      ...(str(values, 'timeout') ? { timeout: str(values, 'timeout') } : {}),
    },
  }, values), 'the install flags');
  const plain = plainOutput(values) || flag(values, 'yes');
  fs.mkdirSync(workspace, { recursive: true });
  return withSession({ workspace, command: 'install' }, async (session) => {
    const wiring = await createUiWiring();
    const data = await commandRunData({ workspace, target, answers, session, wiring });
    const steps = await stepsFor(mode, data, choice);
    const summary = await runPlanWithUi({ session, data, steps, wiring, plain, target });
    if (mode.kind === 'refresh-secrets' && summary.status === 'done') {
      const { refreshSecretsNote } = await import('../deploy/reinstall.js');
      const { planDeploy } = await import('../deploy/plan.js');
      process.stdout.write(`${refreshSecretsNote(planDeploy(data.answers))}\n`);
    }
    if (summary.status === 'failed') {
      for (const [id, error] of Object.entries(summary.errors)) process.stderr.write(`error: ${id}: ${error.message}\n`);
      process.stderr.write(`The transcript is ${session.transcript.path}. Fix the cause and run the same command again: what is deployed is not redone.\n`);
    }
    return exitCodeOfStatus(summary.status);
  });
}

// `panda-k8s install`: the old bin/install interface (-a -e -c -d -t), done right: validated up front,
// tiers in order with waiting, upgrade on a second run, the first failure stops the run with exit 1.

import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { createRunData, defaultProjectRoot } from '../app/context.js';
import { installPlan } from '../app/plans.js';
import { withSession } from '../app/session.js';
import { answersPath, loadAnswers, validateAnswers, type Answers, type Target } from '../config/answers.js';
import { UsageError } from '../engine/errors.js';
import { isExperiment, EXPERIMENTS, type ComponentName } from '../deploy/components.js';
import { parseSelection, releasePlan } from '../deploy/release-plan.js';
import { validateAffix } from '../deploy/names.js';
import { createExec, ToolError } from '../tools/exec/index.js';
import { flag, plainOutput, resolveWorkspace, simLauncher, str, withKubeFlags, exitCodeOfStatus, type Values } from './options.js';
import { createUiWiring, runPlanWithUi } from './run-plan-with-ui.js';

const DEFAULT_AFFIX = 'test-';

/** Like bin/install: -a, else `affix:` of the filled secrets values, else of secrets/values.yaml, else test-. */
export function resolveAffix(given: string | undefined, files: string[]): string {
  if (given !== undefined) return given;
  for (const file of files) {
    try {
      const doc = YAML.parse(fs.readFileSync(file, 'utf8')) as { affix?: unknown } | null;
      if (doc && typeof doc.affix === 'string') return doc.affix;
    } catch {
      /* absent or unreadable: next */
    }
  }
  return DEFAULT_AFFIX;
}

interface InstallChoice {
  affix: string;
  experiment: string | undefined;
  components: ComponentName[];
  disable: string[];
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
  let selection;
  try {
    selection = parseSelection({ enable: str(values, 'enable'), disable: str(values, 'disable'), experiment: experiment === 'none' ? undefined : experiment });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^unknown component "([^"]+)" in --(enable|disable)/, (_m, t, f) => `-${f === 'enable' ? 'c/--enable' : 'd/--disable'}: unknown component "${t}"`), 'Run panda-k8s install --help.');
  }
  const disable = (str(values, 'disable') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  return { affix, experiment: experiment === 'none' ? undefined : experiment, components: selection.components, disable };
}

/** -t: render every selected component with `helm template`, in parallel, printed in tier order. */
async function renderTemplates(choice: InstallChoice, values: Values, projectRoot: string): Promise<number> {
  const selection = parseSelection({ enable: choice.components.join(','), disable: choice.disable.filter((d) => d.includes('.')).join(',') });
  const plan = releasePlan({
    affix: choice.affix,
    experiment: choice.experiment,
    selection,
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
  if (failure) throw failure;
  for (const release of plan.components) for (const note of release.notes) process.stderr.write(`note: ${note}\n`);
  process.stdout.write(outputs.join('\n'));
  return 0;
}

export async function installCommand(values: Values): Promise<number> {
  const workspace = resolveWorkspace(values);
  const projectRoot = defaultProjectRoot();
  const filled = path.join(workspace, '.panda-k8s', 'secrets.values.yaml');
  const choice = installChoice(values, [filled, path.join(projectRoot, 'secrets', 'values.yaml')]);
  if (flag(values, 'template')) return renderTemplates(choice, values, projectRoot);

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
      enable: choice.components,
      disable: choice.disable.filter((d) => d.includes('.')),
      ...(str(values, 'timeout') ? { timeout: str(values, 'timeout') } : {}),
    },
  }, values), 'the install flags');
  const plain = plainOutput(values) || flag(values, 'yes');
  fs.mkdirSync(workspace, { recursive: true });
  return withSession({ workspace, command: 'install' }, async (session) => {
    const wiring = await createUiWiring();
    const data = await createRunData({
      workspace, target, answers, unattended: true,
      prompter: { confirm: async (_q, o) => o.whenUnattended },
      transcript: session.transcript, masker: session.masker,
      onCommand: wiring.onCommand, onLine: wiring.onLine, simLauncher: await simLauncher(), projectRoot,
    });
    const summary = await runPlanWithUi({ session, data, steps: installPlan(data), wiring, plain, target });
    if (summary.status === 'failed') {
      for (const [id, error] of Object.entries(summary.errors)) process.stderr.write(`error: ${id}: ${error.message}\n`);
      process.stderr.write(`The transcript is ${session.transcript.path}. Fix the cause and run the same command again: what is deployed is not redone.\n`);
    }
    return exitCodeOfStatus(summary.status);
  });
}

// `panda-k8s bootstrap` (the wizard, or --yes with no questions) and `panda-k8s plan` (a dry run).

import { writeNotice } from '../app/notice.js';
import fs from 'node:fs';
import path from 'node:path';
import { loadRunAnswers, type CreateRunDataOptions } from '../app/context.js';
import { commandRunData, unattendedPrompter } from './command-run-data.js';
import { bootstrapPlan } from '../app/plans.js';
import type { RunData } from '../app/run-data.js';
import { withSession, type Session } from '../app/session.js';
import { answersPath, loadAnswers, type Answers, type Target } from '../config/answers.js';
import { UsageError } from '../engine/errors.js';
import { flag, interactive, plainOutput, resolveTarget, resolveWorkspace, str, withKubeFlags, exitCodeOfStatus, type Values } from './options.js';
import { createUiWiring, runPlanWithUi, RunScreenPrompter, type UiWiring } from './run-plan-with-ui.js';
import { printFinal } from './final.js';
import type { WizardOutcome } from './wizard.js';
import type { Step } from '../engine/step.js';

function concurrencyOf(values: Values): number | undefined {
  const raw = str(values, 'concurrency');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new UsageError(`--concurrency ${raw}: must be a whole number from 1 to 16`);
  return n;
}

interface Prepared {
  workspace: string;
  target: Target;
  answers: Answers;
  answersFile: string;
}

function prepare(values: Values, save: boolean): Prepared {
  const workspace = resolveWorkspace(values);
  const configPath = str(values, 'config');
  const answersFile = configPath ? path.resolve(configPath) : answersPath(workspace);
  // An answers file there (or named) decides the target unless --target does; with none, the
  // target decides what to start from (a rehearsal's answers on the sim).
  if (configPath || fs.existsSync(answersFile)) {
    const answers = loadAnswers(answersFile);
    if (save) fs.mkdirSync(workspace, { recursive: true });
    return { workspace, target: resolveTarget(values, answers), answers: withKubeFlags(answers, values), answersFile };
  }
  const target = resolveTarget(values, undefined);
  if (save) fs.mkdirSync(workspace, { recursive: true });
  const loaded = loadRunAnswers({ workspace, target, save });
  return { workspace, target, answers: withKubeFlags(loaded.answers, values), answersFile: loaded.file };
}

/** Each notice once per run: the wizard builds the run data several times over. */
const said = new Set<string>();
function noticeOnce(message: string): void {
  if (said.has(message)) return;
  said.add(message);
  writeNotice(message);
}

async function buildData(session: Session, prepared: Prepared, wiring: UiWiring, unattended: boolean, extra: Partial<CreateRunDataOptions> = {}): Promise<RunData> {
  return commandRunData({
    notice: noticeOnce, workspace: prepared.workspace, target: prepared.target, answers: prepared.answers, unattended, session, wiring, ...extra,
  });
}

/** The bootstrap with the chosen components uninstalled before the deploy phase installs them again. */
async function reinstallPlan(data: RunData, reinstall: NonNullable<WizardOutcome['reinstall']>): Promise<Step<RunData>[]> {
  const { reinstallSteps } = await import('../deploy/reinstall.js');
  const { bootstrapSteps } = await import('../../bootstrap/index.js');
  const cluster = bootstrapSteps(data.target);
  return [...cluster, ...reinstallSteps(data, { ...reinstall, after: cluster.map((s) => s.id) })];
}

export async function bootstrapCommand(values: Values): Promise<number> {
  const plain = plainOutput(values);
  const asking = interactive(values);
  if (!asking && !flag(values, 'yes') && !plain) {
    // No terminal to ask on, but a terminal to draw on: behave as --yes would, say so.
    process.stderr.write('No terminal for questions: running with the answers file and defaults (as with --yes).\n');
  }
  const concurrency = concurrencyOf(values);
  const prepared = prepare(values, true);

  return withSession({ workspace: prepared.workspace, command: 'bootstrap' }, async (session) => {
    const wiring = await createUiWiring();
    let typedSecrets: Record<string, string> = {};
    let reinstall: WizardOutcome['reinstall'];

    if (asking) {
      const { runWizardFor } = await import('./wizard.js');
      const outcome = await runWizardFor(session, prepared, values, async (answers) => buildData(session, { ...prepared, answers }, wiring, false));
      if (outcome.action === 'quit') return 0;
      prepared.answers = outcome.answers;
      prepared.target = outcome.answers.target ?? prepared.target;
      typedSecrets = outcome.secrets;
      reinstall = outcome.reinstall;
      if (outcome.action !== 'start' && outcome.action !== 'resume' && outcome.action !== 'reinstall') {
        return outcome.run(wiring);
      }
    }

    const data = await buildData(session, prepared, wiring, !asking, {
      askValue: asking ? async (q) => typedSecrets[q.key] : undefined,
      prompter: asking ? new RunScreenPrompter() : unattendedPrompter,
    });
    for (const v of Object.values(typedSecrets)) session.masker.add(v);
    const { assertInputs } = await import('../../bootstrap/index.js');
    await assertInputs(data);
    const steps = reinstall ? await reinstallPlan(data, reinstall) : bootstrapPlan(data);
    const summary = await runPlanWithUi({ session, data, steps, wiring, plain, target: prepared.target, concurrency });
    await printFinal(data, session, summary, plain);
    return exitCodeOfStatus(summary.status);
  });
}

/** `panda-k8s plan`: every step in order with the commands it would run now; changes nothing. */
export async function planCommand(values: Values): Promise<number> {
  const prepared = prepare(values, false);
  if (!fs.existsSync(prepared.workspace)) fs.mkdirSync(prepared.workspace, { recursive: true });
  return withSession({ workspace: prepared.workspace, command: 'plan' }, async (session) => {
    const { previewPlan } = await import('./plan-preview.js');
    const text = await previewPlan(session, async (wiring) => buildData(session, prepared, wiring, true, { dryRun: 'mutating' }));
    process.stdout.write(text);
    return 0;
  });
}


// The interactive path of `panda-k8s bootstrap`: the first screen and the questions, then what was chosen.

import path from 'node:path';
import type { RunData } from '../app/run-data.js';
import type { Session } from '../app/session.js';
import { bootstrapPlan } from '../app/plans.js';
import { saveAnswers, type Answers, type Target } from '../config/answers.js';
import { cloudNameProblems } from '../config/cloud-names.js';
import { validateCertificates } from '../deploy/certificates.js';
import { ensureRehearsalCertificates } from '../app/rehearsal.js';
import { certificateHosts } from '../../bootstrap/settings.js';
import { applyProfile, clusterNameProblems } from '../../bootstrap/profile.js';
import type { SecretSpec, WizardAction, WizardOptions } from '../ui/types.js';
import { COMPONENTS, type ComponentName } from '../deploy/components.js';
import { planValues } from '../../bootstrap/secret-values.js';
import { exitCodeOfStatus, type Values } from './options.js';
import { runPlanWithUi, type UiWiring } from './run-plan-with-ui.js';

export interface WizardOutcome {
  action: WizardAction;
  answers: Answers;
  secrets: Record<string, string>;
  /** For a reinstall: the components to uninstall and install again, and what happens to their data. */
  reinstall?: { components: ComponentName[]; pvcs: 'keep' | 'delete' };
  /** For the actions that are not a bootstrap run (status, refresh secrets, uninstall). */
  run: (wiring: UiWiring) => Promise<number>;
}

interface Prepared {
  workspace: string;
  target: Target;
  answers: Answers;
  answersFile: string;
}

/** Cluster templates from the cloud for the template question; none when the cloud cannot be asked yet. */
async function templatesOf(data: RunData): Promise<string[] | undefined> {
  if (data.target === 'existing') return undefined;
  try {
    const list = await data.openstack.templateList();
    return list.map((t) => t.name);
  } catch {
    return undefined;
  }
}

/**
 * The secret values still to be had for the enabled components: outside ones (OIDC clients, host
 * names) must be typed; passwords that are ours to choose may be left empty to be generated. Values
 * already in the workspace's filled file or in PANDA_K8S_SECRET_* variables are not asked again; a
 * rehearsal asks none (it fills stand-ins).
 */
async function secretQuestions(data: RunData): Promise<SecretSpec[]> {
  if (data.target === 'sim' && data.standIns?.secretValues) return [];
  try {
    const { result } = await planValues(data, false);
    return result.pending.map((p) => ({
      key: p.key,
      description: `${p.kind === 'generated' ? 'ours to choose (empty: a strong random one)' : 'from outside'}, for ${p.components.join(', ')}`,
      generate: p.kind === 'generated',
    }));
  } catch {
    return [];
  }
}

/** The components a deploy plan installs, in catalogue order, as the reinstall and uninstall screens list them. */
function componentsIn(plan: { releases: readonly { kind: string }[] }): { name: ComponentName; title: string }[] {
  return COMPONENTS.filter((c) => plan.releases.some((r) => r.kind === c.name)).map((c) => ({ name: c.name, title: c.title }));
}

/** Which deployed components to reinstall (none: upgrade what changed) and, for their volumes, keep or delete. */
async function chooseReinstall(data: RunData): Promise<WizardOutcome['reinstall'] | 'cancelled'> {
  const { askReinstall } = await import('../ui/index.js');
  const { planDeploy } = await import('../deploy/plan.js');
  const { claimsAtRisk, describeClaims } = await import('../deploy/reinstall.js');
  const { clusterIoOf } = await import('../deploy/cluster-io.js');
  const plan = planDeploy(data.answers);
  const io = clusterIoOf(data);
  const choice = await askReinstall({
    components: componentsIn(plan),
    claimsOf: async (names) => describeClaims(await claimsAtRisk(io, plan, plan.releases.filter((r) => names.includes(r.kind)))),
  });
  if (choice.cancelled) return 'cancelled';
  if (choice.components.length === 0 || !choice.pvcs) return undefined;
  return { components: choice.components as ComponentName[], pvcs: choice.pvcs };
}

/** Which components to uninstall: all (the secrets release too), some, or none (cancelled). */
async function chooseUninstall(data: RunData): Promise<ComponentName[] | 'all' | 'cancelled'> {
  const { askUninstall } = await import('../ui/index.js');
  const { planDeploy } = await import('../deploy/plan.js');
  const choice = await askUninstall({ components: componentsIn(planDeploy(data.answers)) });
  if (choice.cancelled) return 'cancelled';
  return choice.components === 'all' ? 'all' : (choice.components as ComponentName[]);
}

export async function runWizardFor(
  session: Session,
  prepared: Prepared,
  values: Values,
  makeData: (answers: Answers) => Promise<RunData>,
): Promise<WizardOutcome> {
  const { runWizard, summarizeWorkspace } = await import('../ui/index.js');
  const data = await makeData(prepared.answers);
  const steps = bootstrapPlan(data).map((s) => ({ id: s.id, title: s.title }));
  const summary = summarizeWorkspace({ path: prepared.workspace, target: prepared.target, steps, journal: session.journal.data });
  let latest = prepared.answers;
  const secrets = await secretQuestions(data);
  const options: WizardOptions = {
    workspace: summary,
    // With the site profile's defaults filled in: what the wizard shows as default is what would be used.
    answers: data.answers,
    // --target fixes it; otherwise the wizard asks, with the detected one (credentials found or not) as default.
    fixedTarget: typeof values.target === 'string' ? prepared.target : undefined,
    secrets,
    clusterNameProblems: (name, nodeCount, answers) => {
      try {
        return clusterNameProblems(applyProfile(answers, answers.target ?? prepared.target).profile.site, name, nodeCount);
      } catch {
        // A profile that does not load is reported by its own question; the name still meets Magnum's rule.
        return cloudNameProblems({ name, nodeCount, aliases: [] });
      }
    },
    validateCertificates: async (paths) => {
      // The answers so far with the profile's defaults: enough to know the names and the rehearsal,
      // without building a whole run (sim stand-ins, staged chart) at every check.
      const { profile, answers: applied } = applyProfile(latest, latest.target ?? prepared.target);
      const current = { answers: applied, site: profile.site, target: applied.target ?? prepared.target };
      const hosts = certificateHosts(current);
      const files = { key: path.resolve(prepared.workspace, paths.key), cert: path.resolve(prepared.workspace, paths.cert), chain: path.resolve(prepared.workspace, paths.chain) };
      // A rehearsal issues its own certificates for the aliases: make them now, so they can be checked now.
      const rehearsalDir = current.answers.certificates?.dir ? path.resolve(prepared.workspace, current.answers.certificates.dir) : undefined;
      if (current.target === 'sim' && current.answers.rehearsal && rehearsalDir && path.dirname(files.cert) === rehearsalDir) {
        ensureRehearsalCertificates(rehearsalDir, hosts);
      }
      const report = validateCertificates(files, { hosts, now: new Date(), allowRehearsal: current.target === 'sim' });
      return { ok: report.errors.length === 0, errors: report.errors.map((e) => e.message), warnings: report.warnings.map((w) => w.message) };
    },
    onAnswer: (answers) => {
      latest = answers;
      saveAnswers(prepared.answersFile, answers);
    },
  };
  // The template list comes from the cloud (a second or so at CERN): the first screens do not wait
  // for it; the template question, several screens on, reads it when it is shown. Asked once the first
  // screen is drawn (runWizard draws it before it first awaits): starting the command costs the start 10 ms.
  setImmediate(() => {
    void templatesOf(data).then((list) => {
      options.templates = list;
    });
  });
  const result = await runWizard(options);

  const run = async (wiring: UiWiring): Promise<number> => {
    const runData = await makeData(result.answers);
    if (result.action === 'status') {
      const { statusText } = await import('../deploy/status.js');
      process.stdout.write((await statusText(runData)).text + '\n');
      return 0;
    }
    if (result.action === 'refresh-secrets') {
      const { refreshSecretsSteps, refreshSecretsNote } = await import('../deploy/reinstall.js');
      const { planDeploy } = await import('../deploy/plan.js');
      const summary = await runPlanWithUi({ session, data: runData, steps: refreshSecretsSteps(runData), wiring, plain: false, target: prepared.target });
      process.stdout.write(refreshSecretsNote(planDeploy(runData.answers)) + '\n');
      return exitCodeOfStatus(summary.status);
    }
    if (result.action === 'uninstall') {
      const components = await chooseUninstall(runData);
      if (components === 'cancelled') return 0;
      const { uninstallSteps } = await import('../deploy/reinstall.js');
      // The wizard keeps data: deleting volumes is only ever done with an explicit --delete-data.
      const steps = uninstallSteps(runData, { pvcs: 'keep', ...(components === 'all' ? {} : { components }) });
      const summary = await runPlanWithUi({ session, data: runData, steps, wiring, plain: false, target: prepared.target });
      return exitCodeOfStatus(summary.status);
    }
    return 0;
  };
  let reinstall: WizardOutcome['reinstall'];
  if (result.action === 'reinstall') {
    const chosen = await chooseReinstall(await makeData(result.answers));
    if (chosen === 'cancelled') return { action: 'quit', answers: result.answers, secrets: result.secrets, run };
    reinstall = chosen;
  }
  return { action: result.action, answers: result.answers, secrets: result.secrets, run, reinstall };
}

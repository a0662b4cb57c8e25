// The cluster bootstrapper's steps in runbook order — the only place this list lives — and the plan for a target.

import type { Step } from '../src/engine/step.js';
import { runPlan, type RunOptions, type RunSummary } from '../src/engine/runner.js';
import type { Target } from '../src/config/answers.js';
import type { RunData } from '../src/app/run-data.js';
import { preflightStep } from './preflight.js';
import { keypairStep } from './keypair.js';
import { clusterTemplateStep } from './cluster-template.js';
import { clusterStep } from './cluster.js';
import { clusterReadyStep } from './cluster-ready.js';
import { kubeconfigStep } from './kubeconfig.js';
import { nodesReadyStep } from './nodes-ready.js';
import { ingressLabelsStep } from './ingress-labels.js';
import { ingressSnippetsStep } from './ingress-snippets.js';
import { landbAliasesStep } from './landb-aliases.js';
import { dnsCheckStep } from './dns-check.js';
import { componentsStep } from './components.js';
import { hostCertificatesStep } from './host-certificates.js';
import { cricStep } from './cric.js';
import { secretValuesStep } from './secret-values.js';
import { assertInputs } from './inputs.js';

export { assertInputs, inputProblems } from './inputs.js';
export { assertNoFixmes } from './secret-values.js';
export { applyProfile, loadProfile, profileNames, type SiteProfile, type SiteFacts } from './profile.js';

interface Entry {
  step: Step<RunData>;
  /** Only on the OpenStack path (targets openstack and sim). */
  openstackOnly?: boolean;
}

/** The runbook (DESIGN.md steps 1-13), in order. */
const RUNBOOK: readonly Entry[] = [
  { step: preflightStep },
  { step: keypairStep, openstackOnly: true },
  { step: clusterTemplateStep, openstackOnly: true },
  { step: clusterStep, openstackOnly: true },
  { step: clusterReadyStep, openstackOnly: true },
  { step: kubeconfigStep, openstackOnly: true },
  { step: nodesReadyStep },
  { step: ingressLabelsStep },
  { step: ingressSnippetsStep },
  { step: landbAliasesStep, openstackOnly: true },
  { step: dnsCheckStep, openstackOnly: true },
  { step: componentsStep },
  { step: hostCertificatesStep },
  { step: cricStep },
  { step: secretValuesStep },
];

/** Without the OpenStack steps, `nodes-ready` starts from the kube context the user named. */
function forExisting(step: Step<RunData>): Step<RunData> {
  if (step.id === 'nodes-ready') return { ...step, needs: ['preflight'] };
  return step;
}

/** The steps for a target: `sim` is the openstack path against the simulated cloud; `existing` skips the OpenStack-only steps. */
export function bootstrapSteps(target: Target): Step<RunData>[] {
  if (target === 'existing') return RUNBOOK.filter((e) => !e.openstackOnly).map((e) => forExisting(e.step));
  return RUNBOOK.map((e) => e.step);
}

export const BOOTSTRAP_STEP_IDS: readonly string[] = RUNBOOK.map((e) => e.step.id);

/** Checks every input first (a bad one stops the run with nothing changed), then runs the steps. */
export async function runBootstrap(options: Omit<RunOptions<RunData>, 'steps'> & { steps?: Step<RunData>[] }): Promise<RunSummary> {
  await assertInputs(options.data);
  return runPlan({ ...options, steps: options.steps ?? bootstrapSteps(options.data.target) });
}

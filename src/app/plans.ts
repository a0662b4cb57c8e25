// The plans the commands run, composed from the bootstrap runbook and the deploy phase.
// The runbook order lives in bootstrap/index.ts, the deploy order in src/deploy; this file only joins them.

import type { RunData } from './run-data.js';
import type { Step } from '../engine/step.js';
import { bootstrapSteps, BOOTSTRAP_STEP_IDS } from '../../bootstrap/index.js';
import { deploySteps, DEPLOY_GOALS } from '../deploy/steps.js';

/** The whole bootstrap: cluster and configuration steps, then the deploy phase waiting for all of them. */
export function bootstrapPlan(data: RunData): Step<RunData>[] {
  const cluster = bootstrapSteps(data.target);
  const deploy = deploySteps(data, { after: cluster.map((s) => s.id) });
  return [...cluster, ...deploy];
}

/** `panda-k8s install`: the deploy phase alone, on the cluster the kube context points at. */
export function installPlan(data: RunData): Step<RunData>[] {
  return deploySteps(data);
}

export { BOOTSTRAP_STEP_IDS, DEPLOY_GOALS };

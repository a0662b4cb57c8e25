// The end of a run: what was deployed, where to reach it, certificate expiry, the transcript.

import type { RunData } from '../app/run-data.js';
import type { Session } from '../app/session.js';
import type { RunSummary } from '../engine/index.js';
import type { FinalSummary } from '../ui/types.js';
import { serviceEndpoints } from '../deploy/names.js';
import { DEFAULT_AFFIX, DEFAULT_NAMESPACE } from '../deploy/plan.js';
import { ActionableError } from '../engine/errors.js';

/** In-cluster addresses of what was deployed (the public URLs come with the status report). */
function endpointsOf(data: RunData, deployed: string[]): FinalSummary['endpoints'] {
  const affix = data.answers.deploy?.affix ?? DEFAULT_AFFIX;
  const ns = data.answers.kube?.namespace ?? DEFAULT_NAMESPACE;
  return Object.entries(serviceEndpoints(affix))
    .filter(([key]) => deployed.includes(key.split('.')[0]!))
    .map(([key, hostPort]) => ({ name: key, url: `${hostPort.replace(/:/, `.${ns}.svc:`)}` }));
}

export async function finalSummary(data: RunData, session: Session, summary: RunSummary): Promise<FinalSummary> {
  const { collectStatus } = await import('../deploy/status.js');
  // The run's verify step has just probed the services: the final screen needs the releases only.
  const report = await collectStatus(data, { services: false }).catch(() => undefined);
  const cert = report?.certificates.find((c) => c.notAfter !== undefined);
  const nextSteps: string[] = [];
  if (summary.status === 'interrupted') nextSteps.push(`Run the same command again to resume (panda-k8s bootstrap -w ${data.workspace}).`);
  if (summary.status === 'failed') {
    let generic = false;
    for (const [id, error] of Object.entries(summary.errors)) {
      nextSteps.push(`${id}: ${error.message.split('\n')[0]}`);
      // The failure's own way out (an ActionableError's next steps), else the general one.
      const own = error instanceof ActionableError ? error.nextSteps : [];
      if (own.length > 0) nextSteps.push(...own);
      else generic = true;
    }
    if (generic) nextSteps.push('Fix the cause, then run the same command again: done steps are not repeated.');
  }
  return {
    status: summary.status,
    target: data.target,
    // A cluster that did not answer tells nothing about its releases: never "not installed" on no evidence.
    releases: (report?.releases ?? []).filter((r) => r.wanted).map((r) => ({ name: r.release, component: r.kind, status: r.status ?? (report?.clusterError ? 'unknown (the cluster did not answer)' : 'not installed') })),
    urls: report?.urls ?? [],
    login: report?.login ?? [],
    endpoints: endpointsOf(data, report?.releases.filter((r) => r.wanted && r.status === 'deployed').map((r) => r.kind) ?? []),
    ...(summary.status === 'done' ? { commands: report?.commands ?? [] } : {}),
    certificate: cert?.notAfter ? { notAfter: cert.notAfter, daysLeft: cert.daysLeft ?? 0 } : undefined,
    transcriptPath: session.transcript.path,
    nextSteps,
  };
}

export async function printFinal(data: RunData, session: Session, summary: RunSummary, plain: boolean): Promise<void> {
  const final = await finalSummary(data, session, summary);
  if (plain) {
    const { renderFinalPlain } = await import('../ui/plain.js');
    renderFinalPlain(final, process.stdout);
  } else {
    const { showFinal } = await import('../ui/show-final.js');
    showFinal(final);
  }
}

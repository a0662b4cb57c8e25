// Shared fixtures: workspaces in each state and wizard options with recorded callbacks.

import type { Answers } from '../../../src/config/answers.js';
import type { CertificateCheck, CertificatePaths, WizardOptions, WorkspaceSummary } from '../../../src/ui/types.js';

export const STEPS = [
  'keypair', 'template', 'cluster', 'kubeconfig', 'nodes', 'ingress-labels', 'snippets', 'landb-aliases', 'host-certificates',
  'panda-secrets', 'deploy-msgsvc', 'deploy-iam', 'deploy-panda', 'deploy-harvester', 'deploy-idds', 'deploy-bigmon', 'verify',
];

export function workspace(state: WorkspaceSummary['state'], target: WorkspaceSummary['target'] = 'openstack', doneCount = 0): WorkspaceSummary {
  const steps = STEPS.map((id, i) => ({
    id,
    title: id.replace(/-/g, ' '),
    status: state === 'complete' || i < doneCount ? ('done' as const) : i === doneCount && state !== 'new' ? (state === 'failed' ? ('failed' as const) : ('interrupted' as const)) : ('pending' as const),
  }));
  const stoppedAt = state === 'interrupted' || state === 'failed' ? STEPS[doneCount] : undefined;
  return { path: '/home/op/panda-ws', state, target, steps, stoppedAt };
}

export interface Recorded {
  saved: Answers[];
  certificateCalls: CertificatePaths[];
}

export function wizardOptions(overrides: Partial<WizardOptions> = {}, check?: (p: CertificatePaths) => CertificateCheck): { options: WizardOptions; recorded: Recorded } {
  const recorded: Recorded = { saved: [], certificateCalls: [] };
  const options: WizardOptions = {
    workspace: workspace('new'),
    templates: ['kubernetes-1.29.2-1', 'kubernetes-1.31.1-2', 'kubernetes-1.30.0-5'],
    secrets: [
      { key: 'iam.oidc.clientSecret', description: 'OIDC client secret, from the IAM administrator' },
      { key: 'panda.database.password', description: 'PanDA database password', generate: true },
    ],
    validateCertificates: async (paths) => {
      recorded.certificateCalls.push(paths);
      return check ? check(paths) : { ok: true, errors: [], warnings: [] };
    },
    onAnswer: (answers) => {
      recorded.saved.push(answers);
    },
    ...overrides,
  };
  return { options, recorded };
}

// The data every step of a plan receives as `ctx.data`: workspace, answers, tools, and how to ask.
// Built once per run by src/app/context.ts; dry-run, sim and real runs differ only in what is put here.

import type { Answers, Target } from '../config/answers.js';
import type { Exec } from '../tools/exec/index.js';
import type { OpenStack } from '../tools/openstack.js';
import type { Kubectl } from '../tools/kubectl.js';
import type { Helm } from '../tools/helm.js';
import type { SiteFacts } from '../../bootstrap/profile.js';
import type { RehearsalStandIns } from './rehearsal.js';

export interface Prompter {
  /** Asks a yes/no question; without a terminal (or with --yes) returns `whenUnattended`. */
  confirm(question: string, options: { default: boolean; whenUnattended: boolean }): Promise<boolean>;
}

export interface RunData {
  /** Absolute path of the workspace folder (answers file, journal, kubeconfig, filled secrets). */
  workspace: string;
  /** Where the project's charts/ and secrets/ are. */
  projectRoot: string;
  /** This workspace's copy of the secrets chart, holding its certificates and CRIC JSONs (src/deploy/secrets-chart.ts). */
  secretsChartDir: string;
  target: Target;
  /** The answers with profile defaults applied (what the file and the profile say; never a rehearsal stand-in). */
  answers: Answers;
  /** Target sim: what the rehearsal fills in for values the answers leave out (never written to the answers file). */
  standIns?: RehearsalStandIns;
  exec: Exec;
  openstack: OpenStack;
  kubectl: Kubectl;
  helm: Helm;
  /** The kubeconfig every kubectl/helm call gets explicitly (workspace one for openstack/sim). */
  kubeconfig: string | undefined;
  kubeContext: string | undefined;
  /** `panda-k8s plan`: commands that change something are only recorded, and steps write no file. */
  dryRun: boolean;
  /** No questions: --yes, or no terminal. */
  unattended: boolean;
  prompter: Prompter;
  /** A message for the user that is not a step's output (warnings, rehearsal notices). */
  notice(message: string): void;
  /** Site facts of the profile in use (bootstrap/profiles/*.yaml): cluster labels, ingress ConfigMap, LanDB aliases. */
  site: SiteFacts;
  /** Pause between two polls of a long wait (cluster creation, nodes Ready, DNS). @default 15000 openstack, 1000 sim */
  pollIntervalMs: number;
  /** Asks for a value only the operator knows (an outside secret); absent when nothing may be asked. */
  askValue?: (question: { key: string; description: string; secret: boolean }) => Promise<string | undefined>;
  /** Where PANDA_K8S_SECRET_* values are read from. @default process.env */
  env: Record<string, string | undefined>;
  /** The clock certificate expiry is judged by. @default () => new Date() */
  now: () => Date;
}

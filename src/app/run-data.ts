// The data every step of a plan receives as `ctx.data`: workspace, answers, tools, and how to ask.
// Built once per run by src/app/context.ts; dry-run, sim and real runs differ only in what is put here.

import type { Answers, Target } from '../config/answers.js';
import type { Exec } from '../tools/exec/index.js';
import type { OpenStack } from '../tools/openstack.js';
import type { Kubectl } from '../tools/kubectl.js';
import type { Helm } from '../tools/helm.js';

export interface Prompter {
  /** Asks a yes/no question; without a terminal (or with --yes) returns `whenUnattended`. */
  confirm(question: string, options: { default: boolean; whenUnattended: boolean }): Promise<boolean>;
}

export interface RunData {
  /** Absolute path of the workspace folder (answers file, journal, kubeconfig, filled secrets). */
  workspace: string;
  /** Where the project's charts/ and secrets/ are. */
  projectRoot: string;
  target: Target;
  /** The answers with profile defaults applied. */
  answers: Answers;
  exec: Exec;
  openstack: OpenStack;
  kubectl: Kubectl;
  helm: Helm;
  /** The kubeconfig every kubectl/helm call gets explicitly (workspace one for openstack/sim). */
  kubeconfig: string | undefined;
  kubeContext: string | undefined;
  /** No questions: --yes, or no terminal. */
  unattended: boolean;
  prompter: Prompter;
  /** A message for the user that is not a step's output (warnings, rehearsal notices). */
  notice(message: string): void;
}

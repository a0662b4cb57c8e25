// Builds the RunData every step receives: answers (profile defaults under them), the exec choke point (with the
// sim's stand-ins first on PATH for target sim), the typed tool wrappers and the workspace kubeconfig.
// Dry-run, sim and real runs differ only in what is built here.

import { writeNotice } from './notice.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Answers, Target } from '../config/answers.js';
import { answersPath, loadAnswers, saveAnswers } from '../config/answers.js';
import { createExec, type DryRunMode, type Exec, type ExecOptions, type Masker, type TranscriptSink, type Stream } from '../tools/exec/index.js';
import { installSimBin, devLauncher, type SimLauncher } from '../sim/install.js';
import { OpenStack } from '../tools/openstack.js';
import { Kubectl } from '../tools/kubectl.js';
import { Helm } from '../tools/helm.js';
import { applyProfile } from '../../bootstrap/profile.js';
import { kubeDir, resolvePath } from '../../bootstrap/settings.js';
import { ensureRehearsalPublicKey, rehearsalAnswers, rehearsalStandIns, REHEARSAL_NOTICE, wantsRehearsal } from './rehearsal.js';
import type { Prompter, RunData } from './run-data.js';
import { projectRoot } from './project-root.js';
import { stageSecretsChart } from '../deploy/secrets-chart.js';

export interface CreateRunDataOptions {
  workspace: string;
  target: Target;
  /** The answers as loaded (see loadRunAnswers); profile defaults are applied here. */
  answers: Answers;
  unattended: boolean;
  prompter: Prompter;
  /** @default 'off' */
  dryRun?: DryRunMode;
  transcript?: TranscriptSink;
  /** Called with each command line before it runs. */
  onCommand?: (command: string, options: ExecOptions) => void;
  /** Receives every output line of every command (masked), unless the call has its own. */
  onLine?: (line: string, stream: Stream) => void;
  /** Shared secret registry (the session's). */
  masker?: Masker;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Where charts/ and secrets/ are. @default the checkout this module is in */
  projectRoot?: string;
  /** How the sim's stand-ins start (the bundle passes its own). @default node + tsx + src/sim/bin.ts */
  simLauncher?: SimLauncher;
  /** @default 15000 (openstack), 5000 (existing), 500 (sim); PANDA_K8S_POLL_MS overrides */
  pollIntervalMs?: number;
  askValue?: RunData['askValue'];
  /** @default a line on stderr */
  notice?: (message: string) => void;
  now?: () => Date;
}

/** The project root (charts/, secrets/, bootstrap/profiles/) of a run in `workspace` (see project-root.ts). */
export function defaultProjectRoot(workspace?: string): string {
  return projectRoot(workspace);
}

export function simDirOf(workspace: string): string {
  return path.join(workspace, '.panda-k8s', 'sim');
}

/**
 * The answers a run starts from: the given/workspace answers file; or, for target sim with none, the rehearsal
 * answers (saved, labelled, unless `save` is false, e.g. for `plan`).
 */
export function loadRunAnswers(options: { workspace: string; target: Target; config?: string; save?: boolean }): { answers: Answers; file: string; rehearsal: boolean } {
  const file = options.config ? path.resolve(options.config) : answersPath(options.workspace);
  const exists = fs.existsSync(file);
  if (exists || options.config) return { answers: loadAnswers(file), file, rehearsal: false };
  if (!wantsRehearsal(options.target, exists)) return { answers: {}, file, rehearsal: false };
  const answers = rehearsalAnswers(options.workspace);
  if (options.save ?? true) {
    saveAnswers(file, answers, '# panda-k8s answers — REHEARSAL on the simulated cloud (--target sim): the SSH key, host\n# certificates and outside secret values are rehearsal stand-ins, refused for any real target.\n');
  }
  return { answers, file, rehearsal: true };
}

function defaultPoll(target: Target, env: NodeJS.ProcessEnv): number {
  const fromEnv = Number(env['PANDA_K8S_POLL_MS']);
  if (env['PANDA_K8S_POLL_MS'] !== undefined && Number.isFinite(fromEnv) && fromEnv >= 0) return fromEnv;
  return target === 'openstack' ? 15_000 : target === 'existing' ? 5_000 : 500;
}

export async function createRunData(options: CreateRunDataOptions): Promise<RunData> {
  const workspace = path.resolve(options.workspace);
  const env = options.env ?? process.env;
  // First: from the bundle this stages the project files into the workspace, where the profiles are read too.
  const root = options.projectRoot ?? defaultProjectRoot(workspace);
  const { profile, answers } = applyProfile(options.answers, options.target);
  const notice = options.notice ?? writeNotice;
  const rehearsal = options.target === 'sim' && answers.rehearsal === true;
  const standIns = rehearsalStandIns(answers, options.target, workspace);
  const dryRun = options.dryRun ?? 'off';

  const pathPrepend: string[] = [];
  if (options.target === 'sim') pathPrepend.push(installSimBin(simDirOf(workspace), options.simLauncher ?? devLauncher()));
  // Even for a plan: the rehearsal key is the sim's stand-in for the user's own, and lives in the workspace.
  if (rehearsal && answers.cluster?.publicKeyFile) {
    ensureRehearsalPublicKey(resolvePath({ workspace }, answers.cluster.publicKeyFile));
  }
  if (standIns?.publicKeyFile) ensureRehearsalPublicKey(standIns.publicKeyFile);
  if (rehearsal) notice(REHEARSAL_NOTICE);
  else if (standIns) {
    const filled = [standIns.publicKeyFile && 'the SSH key', standIns.certificatesDir && 'the host certificates'].filter(Boolean);
    if (filled.length > 0) notice(`REHEARSAL on the simulated cloud: ${filled.join(' and ')} (and any outside secret value not given) are rehearsal stand-ins for what the answers file leaves out; they are never written to it and are refused for any real target.`);
  }

  // Output of commands that change something (helm upgrade …) and every error line go to the screen;
  // the JSON that read-only commands print is for the parsers and the transcript only.
  const onLine = options.onLine;
  const exec = createExec({
    transcript: options.transcript, dryRun, masker: options.masker, pathPrepend, env, onCommand: options.onCommand,
    onLine: onLine ? (line, stream, _command, callOptions) => {
      if (stream === 'stderr' || callOptions.mutating) onLine(line, stream);
    } : undefined,
  });

  const kubeconfig = options.target === 'existing'
    ? (answers.kube?.kubeconfig ? resolvePath({ workspace }, answers.kube.kubeconfig) : env['KUBECONFIG'] || undefined)
    : path.join(kubeDir(workspace), 'config');
  const kubeContext = answers.kube?.context;
  const tools = buildTools(exec, { kubeconfig, kubeContext });

  return {
    workspace,
    projectRoot: root,
    secretsChartDir: stageSecretsChart(root, workspace),
    target: options.target,
    answers,
    ...(standIns ? { standIns } : {}),
    exec,
    ...tools,
    kubeconfig,
    kubeContext,
    unattended: options.unattended,
    dryRun: dryRun !== 'off',
    prompter: options.prompter,
    notice,
    site: profile.site,
    pollIntervalMs: options.pollIntervalMs ?? defaultPoll(options.target, env),
    askValue: options.askValue,
    env: { ...env },
    now: options.now ?? (() => new Date()),
  };
}

/** The typed wrappers of src/tools/, every kube call naming the kubeconfig and context explicitly. */
function buildTools(exec: Exec, kube: { kubeconfig: string | undefined; kubeContext: string | undefined }): Pick<RunData, 'openstack' | 'kubectl' | 'helm'> {
  return {
    openstack: new OpenStack(exec),
    kubectl: new Kubectl(exec, { kubeconfig: kube.kubeconfig, context: kube.kubeContext }),
    helm: new Helm(exec, { kubeconfig: kube.kubeconfig, context: kube.kubeContext }),
  };
}

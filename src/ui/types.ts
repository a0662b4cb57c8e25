// The types of the UI's public functions: what the CLI passes in and gets back.

import type { Answers, Target } from '../config/answers.js';
import type { RunEvent, RunListener } from '../engine/events.js';
import type { StepStatus } from '../engine/journal.js';
import type { FailureDecision } from '../engine/runner.js';

/** What the first screen says about the workspace. Build it with `summarizeWorkspace`. */
export interface WorkspaceSummary {
  /** Absolute path of the workspace folder. */
  path: string;
  /** new: no step ever ran; interrupted/failed: stopped at `stoppedAt`; complete: every step done. */
  state: 'new' | 'interrupted' | 'failed' | 'complete';
  target: Target;
  /** Every step of the plan in order, with its journal status (pending when never run). */
  steps: { id: string; title: string; status: StepStatus | 'pending' }[];
  /** The step the last run stopped at (interrupted or failed). */
  stoppedAt?: string;
  /** Its last error message, when it failed. */
  lastError?: string;
  /** When the journal was last written (ISO), shown as "last run". */
  updatedAt?: string;
  /** Environment checks for the target: "openstack CLI found", "credentials (OS_CLOUD=cern)", "kubeconfig". */
  checks?: { label: string; ok: boolean; detail?: string }[];
}

export type WizardAction = 'start' | 'resume' | 'reinstall' | 'refresh-secrets' | 'status' | 'uninstall' | 'quit';

/** A secret value the wizard asks for (never saved to the answers file). */
export interface SecretSpec {
  /** The secrets values key, e.g. `panda.database.password`. */
  key: string;
  /** One line: what it is and where it comes from. */
  description: string;
  /** True when panda-k8s may generate it: an empty answer then means "generate a strong random one". */
  generate?: boolean;
}

export interface CertificatePaths {
  key: string;
  cert: string;
  chain: string;
}

export interface CertificateCheck {
  ok: boolean;
  errors: string[];
  warnings: string[];
}

export interface Choice {
  value: string;
  /** Shown after the value, e.g. a flavor's size or a profile's description. */
  label?: string;
}

export interface WizardOptions {
  workspace: WorkspaceSummary;
  /** The answers file's current content (defaults for every question). */
  answers?: Answers;
  /** When set, the target question is not asked (e.g. `--target sim`). */
  fixedTarget?: Target;
  /** Site profiles from bootstrap/profiles. @default cern, existing, lsst, sphenix */
  profiles?: Choice[];
  /**
   * Cluster templates from the cloud, any order; the newest kubernetes-X.Y.Z-N is preselected. Read
   * when the template question is reached, so the caller may fill it in after the call.
   */
  templates?: string[];
  /** Flavors from the cloud; a free text question when absent. */
  flavors?: string[];
  /**
   * What the cloud would refuse later about a cluster name with this many nodes, under the answers so far (their
   * profile's LanDB aliases: Nova's 255-character property value, DNS labels). Shown inline under the name and
   * node-count questions. @default Magnum's name rule only
   */
  clusterNameProblems?: (name: string, nodeCount: number, answers: Answers) => string[];
  /** Contexts of the kubeconfig (target existing); a free text question when absent. */
  contexts?: string[];
  /** The secret values to ask for, for the enabled components. @default none */
  secrets?: SecretSpec[];
  /** Checks the certificate paths (PEM, key match, expiry, SANs, chain); the UI shows the result. */
  validateCertificates?: (paths: CertificatePaths) => Promise<CertificateCheck>;
  /** Called with the whole answers object after every answer, to save it (`saveAnswers`). */
  onAnswer?: (answers: Answers) => void | Promise<void>;
  /** @default process.stdout/stdin (tests use ink-testing-library instead) */
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}

export interface WizardResult {
  action: WizardAction;
  answers: Answers;
  /** Secret values typed by the user, by key; keys absent here are to be generated (or kept). */
  secrets: Record<string, string>;
}

/** Where run events come from: an async iterable, or a subscribe function returning an unsubscribe. */
export type RunEventSource = AsyncIterable<RunEvent> | ((listener: RunListener) => () => void);

export interface WatchRunOptions {
  target?: Target;
  /** Called on Ctrl-C while a command runs: stop it cleanly (abort the run's signal). */
  onInterrupt?: () => void;
  /** Output lines the pane keeps per step. @default 400 */
  outputLines?: number;
  /** Frames per second at most. @default 30 */
  maxFps?: number;
  /** Spinner and elapsed-time ticking; tests turn it off for stable frames. @default true */
  animate?: boolean;
  /** @default Date.now */
  now?: () => number;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}

export interface RunWatch {
  /** Pass as runPlan's onFailure: shows the diagnosis and resolves with the user's choice. */
  onFailure: (stepId: string, error: Error) => Promise<FailureDecision>;
  /** Resolves when the run finished (or the source ended) and the terminal is restored. */
  done: Promise<void>;
  /** A step's yes/no question, asked on the run screen (the answer is `defaultYes` if the run stops first). */
  confirm: (question: string, defaultYes: boolean) => Promise<boolean>;
  /** Unmounts now and restores the terminal. */
  close: () => void;
}

/** What the final screen shows. */
export interface FinalSummary {
  status: 'done' | 'failed' | 'interrupted';
  target: Target;
  /** Releases deployed: `test-panda` (component panda) … */
  releases: { name: string; component: string; status: string }[];
  /** Where to reach it from outside: each service's public URL (LanDB alias names, outside values, ingress hosts). */
  urls?: { title: string; url: string }[];
  /** How to log in to IAM the first time and where the generated passwords are kept (never a password). */
  login?: string[];
  /** In-cluster addresses of the services. */
  endpoints: { name: string; url: string }[];
  /** The commands that come next (status, reinstall, uninstall), for a finished run. */
  commands?: string[];
  /** Host certificate: its expiry (ISO date) and days left. */
  certificate?: { subject?: string; notAfter: string; daysLeft: number };
  transcriptPath: string;
  /** What to do next (failed or interrupted runs): "panda-k8s resume" … */
  nextSteps?: string[];
}

/** What the reinstall screen offers: the enabled components, and how to learn what data they hold. */
export interface ReinstallOptions {
  components: { name: string; title: string }[];
  /** Lines describing the volume claims of these components (empty: they hold none). */
  claimsOf: (components: string[]) => Promise<string[]>;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}

export interface UninstallOptions {
  components: { name: string; title: string }[];
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}

/** The uninstall screen's answer: every component (and the secrets), some of them, or nothing. */
export type UninstallChoice = { components: 'all' | string[]; cancelled?: undefined } | { cancelled: true; components?: undefined };

/** The reinstall screen's answer: no components means "only upgrade what changed". */
export interface ReinstallChoice {
  components: string[];
  pvcs: 'keep' | 'delete' | undefined;
  /** The operator backed out at the data question. */
  cancelled?: boolean;
}

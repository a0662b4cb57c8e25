// The UI's one door: the CLI calls these plain functions and never imports ink itself.

export { runWizard } from './run-wizard.js';
export { askReinstall, askUninstall } from './ask-reinstall.js';
export { watchRun } from './watch-run.js';
export { showFinal } from './show-final.js';
export { renderPlain, renderFinalPlain, formatFinalPlain, PlainFormatter, type LineSink } from './plain.js';
export { createRunChannel, type RunChannel } from './run-channel.js';
export { summarizeWorkspace } from './workspace-summary.js';
export { newestTemplate } from './wizard/questions.js';
export { colorsEnabled } from './theme.js';
export {
  RELEASE_STATE_PREFIX, encodeReleaseState, decodeReleaseState, describeReleaseState, diagnosisOf,
  type ReleaseState, type PodState, type WarningEvent, type Diagnosis,
} from '../deploy/release-state.js';
export type {
  WorkspaceSummary, WizardAction, WizardOptions, WizardResult, SecretSpec, CertificatePaths, CertificateCheck, Choice,
  RunEventSource, WatchRunOptions, RunWatch, FinalSummary, ReinstallOptions, ReinstallChoice, UninstallOptions, UninstallChoice,
} from './types.js';

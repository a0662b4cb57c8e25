// Runs a plan under a session with the right face: the ink run screen on a terminal, plain lines otherwise.
// Every command's output line is attributed to the step that ran it (through the step scope).

import type { Prompter, RunData } from '../app/run-data.js';
import type { Session } from '../app/session.js';
import { currentStepId, runPlan, selectSteps, type FailureDecision, type RunSummary, type Step, type RunEvent } from '../engine/index.js';
import type { Target } from '../config/answers.js';
import type { Stream } from '../tools/exec/index.js';

/** Routes exec's command lines and output into run events, for the step running them. */
export interface UiWiring {
  emit: (event: RunEvent) => void;
  subscribe: (listener: (event: RunEvent) => void) => () => void;
  onCommand: (command: string) => void;
  onLine: (line: string, stream: Stream) => void;
}

export async function createUiWiring(): Promise<UiWiring> {
  const { createRunChannel } = await import('../ui/run-channel.js');
  const channel = createRunChannel();
  return {
    emit: channel.emit,
    subscribe: channel.subscribe,
    onCommand(command) {
      const stepId = currentStepId();
      if (stepId) channel.emit({ type: 'command', at: Date.now(), stepId, command });
    },
    onLine(line, stream) {
      const stepId = currentStepId();
      if (stepId) channel.emit({ type: 'line', at: Date.now(), stepId, line, stream });
    },
  };
}

/**
 * The prompter of an interactive run: a step's question goes to the run screen while one is shown;
 * with no screen (plain output, --yes) the step's unattended answer stands.
 */
export class RunScreenPrompter implements Prompter {
  ask: ((question: string, defaultYes: boolean) => Promise<boolean>) | undefined;
  async confirm(question: string, options: { default: boolean; whenUnattended: boolean }): Promise<boolean> {
    return this.ask ? this.ask(question, options.default) : options.whenUnattended;
  }
}

export interface PlanRun {
  session: Session;
  data: RunData;
  steps: Step<RunData>[];
  /** Run only what these goals need. @default every step */
  goals?: readonly string[];
  wiring: UiWiring;
  plain: boolean;
  target: Target;
  /** @default 4 */
  concurrency?: number;
}

export async function runPlanWithUi(run: PlanRun): Promise<RunSummary> {
  const steps = run.goals ? selectSteps(run.steps, run.goals) : run.steps;
  const execute = (onFailure: (stepId: string, error: Error) => Promise<FailureDecision>) =>
    runPlan({ steps, data: run.data, journal: run.session.journal, signal: run.session.signal, concurrency: run.concurrency, onEvent: run.wiring.emit, onFailure });
  if (run.plain) {
    const { renderPlain } = await import('../ui/plain.js');
    const rendered = renderPlain(run.wiring.subscribe, process.stdout);
    // Nobody to ask: what is running finishes, nothing new starts, the run ends failed.
    const summary = await execute(async () => 'abort');
    await rendered;
    return summary;
  }
  const { watchRun } = await import('../ui/watch-run.js');
  const watch = watchRun(run.wiring.subscribe, { target: run.target, onInterrupt: () => run.session.interrupt('interrupted (Ctrl-C)') });
  const prompter = run.data.prompter instanceof RunScreenPrompter ? run.data.prompter : undefined;
  if (prompter) prompter.ask = watch.confirm;
  try {
    const summary = await execute(watch.onFailure);
    await watch.done;
    return summary;
  } finally {
    if (prompter) prompter.ask = undefined;
    watch.close();
  }
}

// The plan runner: runs steps as a DAG with bounded parallelism, check before apply, journal after each.

import { Journal } from './journal.js';
import { digestOf } from './digest.js';
import { orderSteps } from './plan.js';
import { runInStepScope } from './step-scope.js';
import { toCheckResult, type Outputs, type Step, type StepContext } from './step.js';
import type { RunEvent, RunListener, RunStatus } from './events.js';

/** What to do after a step failed (asked of the UI when interactive). */
export type FailureDecision = 'retry' | 'skip' | 'abort';

export interface RunOptions<D> {
  steps: readonly Step<D>[];
  data: D;
  /** @default an in-memory journal */
  journal?: Journal;
  /** Steps running at once. @default 4 */
  concurrency?: number;
  /** Aborting it interrupts running steps (their children are killed) and starts no new one. */
  signal?: AbortSignal;
  onEvent?: RunListener;
  /**
   * Asked after a failure. 'skip' skips the step's dependants too; 'abort' starts nothing new.
   * @default independent branches go on, dependants are skipped, the run ends 'failed'
   */
  onFailure?: (stepId: string, error: Error) => Promise<FailureDecision>;
  /** @default Date.now */
  now?: () => number;
}

export interface RunSummary {
  status: RunStatus;
  durationMs: number;
  steps: Record<string, 'done' | 'already-done' | 'failed' | 'skipped' | 'interrupted' | 'not-started'>;
  errors: Record<string, Error>;
}

class VerifyFailed extends Error {
  constructor(stepId: string) {
    super(`step "${stepId}": verification failed after apply`);
    this.name = 'VerifyFailed';
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runPlan<D>(options: RunOptions<D>): Promise<RunSummary> {
  const now = options.now ?? Date.now;
  const journal = options.journal ?? Journal.inMemory();
  const steps = orderSteps(options.steps);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const emit = (event: RunEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      /* a broken listener must not break the run */
    }
  };
  const runAbort = new AbortController();
  const parentSignal = options.signal;
  const onParentAbort = () => runAbort.abort(parentSignal?.reason);
  if (parentSignal?.aborted) runAbort.abort(parentSignal.reason);
  else parentSignal?.addEventListener('abort', onParentAbort, { once: true });

  const started = now();
  const status: RunSummary['steps'] = {};
  const errors: Record<string, Error> = {};
  for (const s of steps) status[s.id] = 'not-started';
  emit({ type: 'run-started', at: started, steps: steps.map((s) => ({ id: s.id, title: s.title, needs: s.needs ?? [] })) });

  const learned = (id: string): Outputs | undefined => journal.record(id)?.outputs;
  let aborting = false;

  const contextFor = (step: Step<D>, inputsChanged: boolean): StepContext<D> => ({
    data: options.data,
    stepId: step.id,
    signal: runAbort.signal,
    previous: journal.record(step.id),
    inputsChanged,
    log: (line) => emit({ type: 'line', at: now(), stepId: step.id, line, stream: 'log' }),
    progress: (message, fraction) => emit({ type: 'progress', at: now(), stepId: step.id, message, fraction }),
    outputsOf: learned,
  });

  /** Runs one step to an end state; returns whether its dependants may run. */
  const runStep = async (step: Step<D>): Promise<boolean> => {
    const digest = digestOf(step.inputs ? step.inputs(options.data) : null);
    for (;;) {
      const previous = journal.record(step.id);
      const inputsChanged = previous?.status === 'done' && previous.inputsDigest !== undefined && previous.inputsDigest !== digest;
      const resumed = previous !== undefined && previous.status !== 'done';
      const t0 = now();
      emit({ type: 'started', at: t0, stepId: step.id, inputsChanged, resumed });
      const ctx = contextFor(step, inputsChanged);
      try {
        const checked = toCheckResult(await step.check(ctx));
        emit({ type: 'checked', at: now(), stepId: step.id, done: checked.done, reason: checked.reason });
        // A changed input means the last result no longer counts, whatever check found.
        if (checked.done && !inputsChanged) {
          journal.update(step.id, {
            status: 'done', inputsDigest: digest, outputs: { ...previous?.outputs, ...checked.outputs },
            finishedAt: new Date(now()).toISOString(), lastError: undefined,
          });
          status[step.id] = 'already-done';
          emit({ type: 'skipped-already-done', at: now(), stepId: step.id, reason: checked.reason });
          return true;
        }
        if (runAbort.signal.aborted) throw runAbort.signal.reason ?? new Error('interrupted');
        journal.update(step.id, {
          status: 'running', startedAt: new Date(t0).toISOString(), applies: (previous?.applies ?? 0) + 1,
          inputsDigest: previous?.inputsDigest,
        });
        const outputs = (await step.apply(ctx)) ?? {};
        if (step.verify) {
          const ok = await step.verify(ctx);
          if (ok === false) throw new VerifyFailed(step.id);
        }
        const t1 = now();
        journal.update(step.id, {
          status: 'done', inputsDigest: digest, outputs: { ...previous?.outputs, ...checked.outputs, ...outputs },
          finishedAt: new Date(t1).toISOString(), durationMs: t1 - t0, lastError: undefined,
        });
        status[step.id] = 'done';
        emit({ type: 'done', at: t1, stepId: step.id, durationMs: t1 - t0 });
        return true;
      } catch (error) {
        const t1 = now();
        if (runAbort.signal.aborted) {
          journal.update(step.id, { status: 'interrupted', finishedAt: new Date(t1).toISOString(), lastError: { message: 'interrupted', at: new Date(t1).toISOString() } });
          status[step.id] = 'interrupted';
          emit({ type: 'interrupted', at: t1, stepId: step.id });
          return false;
        }
        const err = error instanceof Error ? error : new Error(String(error));
        journal.update(step.id, { status: 'failed', finishedAt: new Date(t1).toISOString(), lastError: { message: errorMessage(err), at: new Date(t1).toISOString() } });
        status[step.id] = 'failed';
        errors[step.id] = err;
        emit({ type: 'failed', at: t1, stepId: step.id, error: err, durationMs: t1 - t0 });
        const decision = options.onFailure ? await options.onFailure(step.id, err) : 'skip';
        if (decision === 'retry' && !runAbort.signal.aborted) {
          delete errors[step.id];
          continue;
        }
        if (decision === 'abort') aborting = true;
        return false;
      }
    }
  };

  // Scheduler: start every step whose needs are done, up to `concurrency` at once.
  const pending = new Set(steps.map((s) => s.id));
  const ok = new Set<string>();
  const ended = new Set<string>();
  const running = new Map<string, Promise<void>>();
  const byId = new Map(steps.map((s) => [s.id, s] as const));

  // Dependants of a failed step will not run this time; those of an interrupted one stay
  // not-started, so the next run picks them up.
  const skipBlocked = () => {
    if (runAbort.signal.aborted) return;
    let changed = true;
    while (changed) {
      changed = false;
      for (const id of [...pending]) {
        const s = byId.get(id)!;
        const failedNeed = (s.needs ?? []).find((n) => ended.has(n) && !ok.has(n));
        if (failedNeed) {
          pending.delete(id);
          ended.add(id);
          status[id] = 'skipped';
          emit({ type: 'skipped', at: now(), stepId: id, reason: 'dependency-failed', because: failedNeed });
          changed = true;
        }
      }
    }
  };

  await new Promise<void>((resolveAll) => {
    const pump = () => {
      skipBlocked();
      if (!runAbort.signal.aborted && !aborting) {
        for (const s of steps) {
          if (running.size >= concurrency) break;
          if (!pending.has(s.id)) continue;
          if (!(s.needs ?? []).every((n) => ok.has(n))) continue;
          pending.delete(s.id);
          const p = runInStepScope(s.id, () => runStep(s)).then((success) => {
            running.delete(s.id);
            ended.add(s.id);
            if (success) ok.add(s.id);
            pump();
          });
          running.set(s.id, p);
        }
      }
      if (running.size === 0) resolveAll();
    };
    pump();
  });
  parentSignal?.removeEventListener('abort', onParentAbort);

  const values = Object.values(status);
  const finalStatus: RunStatus = runAbort.signal.aborted || values.includes('interrupted')
    ? 'interrupted'
    : values.some((v) => v === 'failed' || v === 'skipped' || v === 'not-started') ? 'failed' : 'done';
  const durationMs = now() - started;
  emit({ type: 'run-finished', at: now(), status: finalStatus, durationMs });
  return { status: finalStatus, durationMs, steps: status, errors };
}

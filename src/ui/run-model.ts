// The run screen's model: folds RunEvents into per-step state with bounded output rings.
// Mutable and outside React on purpose: events arrive far faster than frames, so the screen
// reads this model on a throttled clock instead of re-rendering per event.

import type { RunEvent, RunStatus, SkipReason } from '../engine/events.js';
import { decodeReleaseState, type ReleaseState } from '../deploy/release-state.js';
import { RingBuffer } from './ring-buffer.js';

export type StepPhase = 'pending' | 'running' | 'done' | 'already-done' | 'skipped' | 'failed' | 'interrupted';

export interface OutputLine {
  text: string;
  stream: 'stdout' | 'stderr' | 'log' | 'command';
}

export interface AwaitedState {
  message: string;
  fraction?: number;
  /** When this message was first reported: the wait's start. */
  since: number;
}

export interface StepView {
  id: string;
  title: string;
  needs: readonly string[];
  phase: StepPhase;
  startedAt?: number;
  durationMs?: number;
  /** Why it was already done, or why it was skipped. */
  reason?: string;
  resumed: boolean;
  inputsChanged: boolean;
  /** The exact command being (or last) run. */
  command?: string;
  awaited?: AwaitedState;
  /** Release panels of a deploy step, by release name, in first-seen order. */
  releases: Map<string, ReleaseState & { since: number }>;
  output: RingBuffer<OutputLine>;
  error?: Error;
}

/** @default 400 lines kept per step: more than any pane shows, little memory with 20 steps. */
export const DEFAULT_OUTPUT_LINES = 400;

const SKIP_WORDS: Record<SkipReason, string> = {
  'dependency-failed': 'a step it needs did not finish',
  'user-skipped': 'skipped by you',
  aborted: 'the run was aborted',
};

export class RunModel {
  readonly steps = new Map<string, StepView>();
  readonly order: string[] = [];
  startedAt: number | undefined;
  finished: { status: RunStatus; durationMs: number } | undefined;
  /** Every event folded so far (tests and the frame throttle read it). */
  events = 0;
  #lastStarted: string | undefined;
  readonly #capacity: number;

  constructor(capacity: number = DEFAULT_OUTPUT_LINES) {
    this.#capacity = capacity;
  }

  #step(id: string): StepView {
    let s = this.steps.get(id);
    if (!s) {
      // A step the run-started list did not name (a sub-step): shown after the others.
      s = this.#newStep(id, id, []);
      this.steps.set(id, s);
      this.order.push(id);
    }
    return s;
  }

  #newStep(id: string, title: string, needs: readonly string[]): StepView {
    return { id, title, needs, phase: 'pending', resumed: false, inputsChanged: false, releases: new Map(), output: new RingBuffer(this.#capacity) };
  }

  apply(event: RunEvent): void {
    this.events++;
    switch (event.type) {
      case 'run-started':
        this.startedAt = event.at;
        this.finished = undefined;
        for (const s of event.steps) {
          if (!this.steps.has(s.id)) {
            this.steps.set(s.id, this.#newStep(s.id, s.title, s.needs));
            this.order.push(s.id);
          }
        }
        return;
      case 'started': {
        const s = this.#step(event.stepId);
        s.phase = 'running';
        s.startedAt = event.at;
        s.resumed = event.resumed;
        s.inputsChanged = event.inputsChanged;
        s.durationMs = undefined;
        s.error = undefined;
        s.awaited = undefined;
        s.reason = undefined;
        this.#lastStarted = s.id;
        return;
      }
      case 'checked':
        if (!event.done && event.reason) this.#step(event.stepId).output.push({ text: `check: ${event.reason}`, stream: 'log' });
        return;
      case 'command': {
        const s = this.#step(event.stepId);
        s.command = event.command;
        s.output.push({ text: `$ ${event.command}`, stream: 'command' });
        return;
      }
      case 'line':
        this.#step(event.stepId).output.push({ text: event.line, stream: event.stream });
        return;
      case 'progress': {
        const s = this.#step(event.stepId);
        const release = decodeReleaseState(event.message);
        if (release) {
          const before = s.releases.get(release.release);
          // The wait is the phase's: "3 pods Ready (1 so far)" → "(2 so far)" is the same wait going on.
          const sameWait = before && before.phase === release.phase;
          s.releases.set(release.release, { ...release, since: sameWait ? before.since : event.at });
          return;
        }
        const since = s.awaited && s.awaited.message === event.message ? s.awaited.since : event.at;
        s.awaited = { message: event.message, fraction: event.fraction, since };
        return;
      }
      case 'done': {
        const s = this.#step(event.stepId);
        s.phase = 'done';
        s.durationMs = event.durationMs;
        s.awaited = undefined;
        return;
      }
      case 'skipped-already-done': {
        const s = this.#step(event.stepId);
        s.phase = 'already-done';
        s.reason = event.reason;
        s.awaited = undefined;
        return;
      }
      case 'skipped': {
        const s = this.#step(event.stepId);
        s.phase = 'skipped';
        s.reason = event.because ? `${SKIP_WORDS[event.reason]} (${event.because})` : SKIP_WORDS[event.reason];
        return;
      }
      case 'failed': {
        const s = this.#step(event.stepId);
        s.phase = 'failed';
        s.durationMs = event.durationMs;
        s.error = event.error;
        s.awaited = undefined;
        return;
      }
      case 'interrupted': {
        const s = this.#step(event.stepId);
        s.phase = 'interrupted';
        s.awaited = undefined;
        return;
      }
      case 'run-finished':
        this.finished = { status: event.status, durationMs: event.durationMs };
        return;
    }
  }

  get running(): StepView[] {
    return this.order.map((id) => this.steps.get(id)!).filter((s) => s.phase === 'running');
  }

  /** The step whose output the pane shows: the chosen one, else the latest started running one, else the latest started. */
  focus(chosen?: string): StepView | undefined {
    if (chosen && this.steps.get(chosen)) return this.steps.get(chosen);
    const running = this.running;
    const last = this.#lastStarted ? this.steps.get(this.#lastStarted) : undefined;
    if (last && last.phase === 'running') return last;
    return running[running.length - 1] ?? last;
  }

  counts(): Record<StepPhase, number> {
    const c: Record<StepPhase, number> = { pending: 0, running: 0, done: 0, 'already-done': 0, skipped: 0, failed: 0, interrupted: 0 };
    for (const s of this.steps.values()) c[s.phase]++;
    return c;
  }
}

// Holds a run's model plus what the screen must answer: pending failure decisions and Ctrl-C state.
// The engine's events and the CLI's onFailure calls go in here; the run screen subscribes.

import type { RunEvent } from '../engine/events.js';
import type { FailureDecision } from '../engine/runner.js';
import { RunModel } from './run-model.js';

export interface PendingDecision {
  stepId: string;
  error: Error;
  resolve: (decision: FailureDecision) => void;
}

/** A yes/no question a step asks while the run is on screen ("replace the certificates?"). */
export interface PendingQuestion {
  question: string;
  defaultYes: boolean;
  resolve: (yes: boolean) => void;
}

export class RunStore {
  readonly model: RunModel;
  /** Failures waiting for retry/skip/abort, oldest first; the screen asks about the first. */
  readonly decisions: PendingDecision[] = [];
  /** Steps' yes/no questions, oldest first; asked after any failure decision. */
  readonly questions: PendingQuestion[] = [];
  /** Set once Ctrl-C asked the run to stop. */
  stopping = false;
  /** Set when the screen should take its final frame and unmount. */
  closed = false;
  /** Counts changes, so a screen that subscribes late can tell it missed some. */
  version = 0;
  #listeners = new Set<(urgent: boolean) => void>();

  constructor(outputLines?: number) {
    this.model = new RunModel(outputLines);
  }

  subscribe(listener: (urgent: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** `urgent` changes (a question, the end) render at once; the rest wait for the frame clock. */
  notify(urgent = false): void {
    this.version++;
    for (const l of this.#listeners) l(urgent);
  }

  push(event: RunEvent): void {
    this.model.apply(event);
    this.notify(event.type === 'run-finished' || event.type === 'failed');
  }

  askFailure(stepId: string, error: Error): Promise<FailureDecision> {
    if (this.stopping || this.closed) return Promise.resolve('abort');
    return new Promise((resolve) => {
      this.decisions.push({ stepId, error, resolve });
      this.notify(true);
    });
  }

  /** A step's confirmation; answered with its default when the run is stopping or the screen closes. */
  askConfirm(question: string, defaultYes: boolean): Promise<boolean> {
    if (this.stopping || this.closed) return Promise.resolve(defaultYes);
    return new Promise((resolve) => {
      this.questions.push({ question, defaultYes, resolve });
      this.notify(true);
    });
  }

  answer(yes: boolean): void {
    this.questions.shift()?.resolve(yes);
    this.notify(true);
  }

  decide(decision: FailureDecision): void {
    this.decisions.shift()?.resolve(decision);
    this.notify(true);
  }

  /** Answers every pending question with abort (Ctrl-C confirmed, or the screen closes). */
  abortAll(): void {
    for (const d of this.decisions.splice(0)) d.resolve('abort');
    for (const q of this.questions.splice(0)) q.resolve(q.defaultYes);
    this.notify(true);
  }

  close(): void {
    this.closed = true;
    this.abortAll();
  }
}

// The step model: check (cheap, read-only), apply (idempotent), verify (proves the result).

import type { StepRecord } from './journal.js';

export type Outputs = Record<string, unknown>;

export interface CheckResult {
  /** True when reality already is what apply would make it. */
  done: boolean;
  /** Why (shown next to "already done", or why apply is needed). */
  reason?: string;
  /** Facts found while checking (saved like apply's outputs). */
  outputs?: Outputs;
}

export interface StepContext<D> {
  /** The plan's shared data: tools, answers, workspace. The engine never looks inside. */
  readonly data: D;
  readonly stepId: string;
  /** Aborted on Ctrl-C; pass it to every exec call. */
  readonly signal: AbortSignal;
  /** The journal record of the previous run of this step, if any. */
  readonly previous: StepRecord | undefined;
  /** True when the step's inputs differ from those it last completed with. */
  readonly inputsChanged: boolean;
  /** A line of output for the UI and the transcript. */
  log(line: string): void;
  /** What is being awaited, e.g. "cluster CREATE_IN_PROGRESS". */
  progress(message: string, fraction?: number): void;
  /** Outputs another step learned (this run or an earlier one). */
  outputsOf(stepId: string): Outputs | undefined;
}

export interface Step<D = unknown> {
  /** The runbook's words in kebab-case: `keypair`, `ingress-labels`. */
  id: string;
  title: string;
  /** Steps that must be done first. */
  needs?: readonly string[];
  /** What the step depends on; a change of these invalidates the step. @default none */
  inputs?(data: D): unknown;
  /** Probes reality. Must not change anything. */
  check(ctx: StepContext<D>): Promise<CheckResult | boolean>;
  /** Makes it so. Must be safe to repeat. */
  apply(ctx: StepContext<D>): Promise<Outputs | void>;
  /** Proves apply worked; throw (or return false) when it did not. @default none */
  verify?(ctx: StepContext<D>): Promise<boolean | void>;
}

/** Normalises check's two allowed return shapes. */
export function toCheckResult(value: CheckResult | boolean): CheckResult {
  return typeof value === 'boolean' ? { done: value } : value;
}

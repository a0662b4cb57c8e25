// ToolError: a process call that failed, with the same fields as a successful result.

import type { ExecResult } from './types.js';

const STDERR_TAIL_LINES = 8;

export function stderrTail(stderr: string, lines = STDERR_TAIL_LINES): string {
  return stderr.trimEnd().split('\n').slice(-lines).join('\n');
}

function reason(result: ExecResult): string {
  if (result.isCanceled) return 'was interrupted';
  if (result.timedOut) return `timed out after ${Math.round(result.durationMs / 1000)}s`;
  if (result.signal) return `was killed by ${result.signal}`;
  if (result.exitCode === undefined) return 'could not be started';
  return `exited with code ${result.exitCode}`;
}

export class ToolError extends Error {
  readonly result: ExecResult;
  /** One line for the screen: what ran and how it ended. */
  readonly shortMessage: string;

  constructor(result: ExecResult, options?: { cause?: unknown }) {
    const short = `command ${reason(result)}: ${result.command}`;
    const tail = stderrTail(result.stderr);
    super(tail ? `${short}\n${tail}` : short, options);
    this.name = 'ToolError';
    this.result = result;
    this.shortMessage = short;
  }

  get exitCode(): number | undefined {
    return this.result.exitCode;
  }
  get stderr(): string {
    return this.result.stderr;
  }
  get isCanceled(): boolean {
    return this.result.isCanceled;
  }
  get timedOut(): boolean {
    return this.result.timedOut;
  }
}

/** A command that is not installed: says which and what to do. */
export class CommandNotFoundError extends ToolError {
  constructor(result: ExecResult, file: string, options?: { cause?: unknown }) {
    super(result, options);
    this.name = 'CommandNotFoundError';
    this.message = `${file}: command not found on PATH. Install it or put it on PATH, then run again.`;
  }
}

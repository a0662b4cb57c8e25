// The error kinds the CLI turns into exit codes and messages: what failed, where, what to do next.

/** Bad command line or answers: exit 2, nothing was run. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Something the user can fix: exit 1, with the fix. */
export class ActionableError extends Error {
  readonly exitCode: number = 1;
  readonly hint: string | undefined;
  readonly nextSteps: string[];
  constructor(message: string, options: { hint?: string; nextSteps?: string[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ActionableError';
    this.hint = options.hint;
    this.nextSteps = options.nextSteps ?? [];
  }
}

/** The journal cannot be read: never discarded silently. */
export class JournalError extends ActionableError {
  constructor(message: string, options: { hint?: string; nextSteps?: string[]; cause?: unknown } = {}) {
    super(message, options);
    this.name = 'JournalError';
  }
}

/** Another run holds the workspace. */
export class LockedError extends ActionableError {
  constructor(message: string, options: { hint?: string; nextSteps?: string[] } = {}) {
    super(message, options);
    this.name = 'LockedError';
  }
}

/** A defect of ours: exit 1 and ask for a report with the transcript. */
export class BugError extends Error {
  readonly exitCode = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BugError';
  }
}

/** Ctrl-C or SIGTERM: exit 130; the journal records the interrupted step. */
export class Interrupted extends Error {
  readonly exitCode = 130;
  constructor(message = 'interrupted') {
    super(message);
    this.name = 'Interrupted';
  }
}

export function exitCodeOf(error: unknown): number {
  if (error && typeof error === 'object' && 'exitCode' in error && typeof (error as { exitCode: unknown }).exitCode === 'number') {
    const code = (error as { exitCode: number }).exitCode;
    if (code === 2 || code === 130) return code;
  }
  return 1;
}

// What a stand-in gets from its caller (a real process or a test) and what it returns.

import { randomUUID } from 'node:crypto';

export interface SimIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A stand-in's answer: exit code, and whether the command was one that changes something. */
export interface ToolOutcome {
  exitCode: number;
  mutating: boolean;
}

/** OpenStack request ids are random: nothing compares them. */
export function requestId(): string {
  return `req-${randomUUID()}`;
}

/** A Magnum/Keystone API error line. Magnum keeps only the text before the first `.`. */
export function apiError(message: string, code: number, truncate = true): string {
  const title = truncate ? message.split('.', 1)[0]! : message;
  return `${title} (HTTP ${code}) (Request-ID: ${requestId()})\n`;
}

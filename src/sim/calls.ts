// The call log <simDir>/calls.jsonl: one JSON line per stand-in invocation.

import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { simPaths } from './store.js';

export interface CallRecord {
  tool: 'openstack' | 'kubectl' | 'helm';
  argv: string[];
  mutating: boolean;
  /** ms epoch */
  start: number;
  end: number;
  exitCode: number;
}

/** One write(2) with O_APPEND per line, so concurrent invocations never interleave a line. */
export function appendCall(dir: string, record: CallRecord): void {
  appendFileSync(simPaths(dir).calls, `${JSON.stringify(record)}\n`);
}

export function readCalls(dir: string): CallRecord[] {
  const path = simPaths(dir).calls;
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as CallRecord);
}

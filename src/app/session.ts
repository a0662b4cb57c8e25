// A session: one run on one workspace — lock, journal, transcript, secret masker, and Ctrl-C handling.

import fs from 'node:fs';
import path from 'node:path';
import { acquireLock, Journal, type WorkspaceLock } from '../engine/index.js';
import { Masker, Transcript } from '../tools/exec/index.js';
import { hangupStopsRun, letGoOfLostTerminal } from './hangup.js';

export interface Session {
  readonly workspace: string;
  readonly journal: Journal;
  readonly lock: WorkspaceLock;
  readonly transcript: Transcript;
  readonly masker: Masker;
  /** Aborted on the first Ctrl-C / SIGTERM (or by `interrupt()`): running children are stopped. */
  readonly signal: AbortSignal;
  interrupt(reason?: string): void;
}

export interface SessionOptions {
  workspace: string;
  /** Recorded in the lock so a refused second run can say what holds the workspace. */
  command: string;
  /**
   * Whether this process handles SIGINT itself. The ink UI reads Ctrl-C as a key instead and calls
   * `interrupt()`. @default true
   */
  handleSignals?: boolean;
}

export function stateDir(workspace: string): string {
  return path.join(workspace, '.panda-k8s');
}

/** Opens a session, runs `fn`, and always releases the lock and closes the transcript. */
export async function withSession<T>(options: SessionOptions, fn: (session: Session) => Promise<T>): Promise<T> {
  const workspace = path.resolve(options.workspace);
  fs.mkdirSync(stateDir(workspace), { recursive: true, mode: 0o700 });
  // Open the journal before taking the lock: a damaged journal is reported without side effects.
  const journal = Journal.open(workspace);
  const lock = acquireLock(workspace, options.command);
  const masker = new Masker();
  let transcript: Transcript | undefined;
  const controller = new AbortController();
  let presses = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    if (sig === 'SIGHUP' && !hangupStopsRun()) {
      transcript?.write('# SIGHUP ignored: this run has no terminal to lose (nohup, or all output to files); it goes on');
      return;
    }
    presses++;
    if (presses === 1) {
      process.stderr.write(`\n${sig === 'SIGINT' ? 'Ctrl-C' : sig}: stopping the running command; the journal records where the run stopped. Press Ctrl-C again to quit at once.\n`);
      controller.abort(new Error(`interrupted by ${sig}`));
    } else {
      lock.release();
      letGoOfLostTerminal();
      process.exit(130);
    }
  };
  const handle = options.handleSignals ?? true;
  if (handle) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
  }
  try {
    transcript = new Transcript(path.join(stateDir(workspace), 'logs'), masker);
    transcript.write(`# panda-k8s ${options.command} (pid ${process.pid}) in ${workspace}`);
    return await fn({
      workspace,
      journal,
      lock,
      transcript,
      masker,
      signal: controller.signal,
      interrupt: (reason) => controller.abort(new Error(reason ?? 'interrupted')),
    });
  } finally {
    if (handle) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
    }
    transcript?.close();
    lock.release();
  }
}

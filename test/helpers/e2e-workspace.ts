// Reads what a bootstrap run leaves in its workspace, for the end-to-end tests: the journal, the
// lock, the sim's call log, and the processes still working on the workspace.
import fs from 'node:fs';
import path from 'node:path';
import { isAlive } from './process.js';

export interface JournalFile {
  steps: Record<string, { status: string; applies?: number; lastError?: { message: string } }>;
}

export function readJournal(ws: string): JournalFile {
  return JSON.parse(fs.readFileSync(path.join(ws, '.panda-k8s', 'state.json'), 'utf8')) as JournalFile;
}

export function stepsWith(journal: JournalFile, status: string): string[] {
  return Object.entries(journal.steps).filter(([, r]) => r.status === status).map(([id]) => id).sort();
}

/** The lock's holder, or undefined when there is no lock file. */
export function readLock(ws: string): { pid: number } | undefined {
  const file = path.join(ws, '.panda-k8s', 'lock');
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
}

export interface SimCall {
  tool: string;
  argv: string[];
  mutating: boolean;
  start: number;
  end: number;
  exitCode: number;
}

export function readCalls(ws: string): SimCall[] {
  const file = path.join(ws, '.panda-k8s', 'sim', 'calls.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as SimCall);
}

/**
 * What a mutating call changes, so that two calls for the same thing compare equal:
 * `helm upgrade <release>` for helm (its values paths do not matter), otherwise the whole command.
 */
export function thingOf(call: SimCall): string {
  if (call.tool === 'helm' && call.argv[0] === 'upgrade') {
    const release = call.argv.slice(1).find((a) => !a.startsWith('-'));
    return `helm upgrade ${release}`;
  }
  return [call.tool, ...call.argv].join(' ');
}

export function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * panda-k8s processes (the CLI and the sim's tools, run from a bundle named panda-k8s.mjs or the
 * sim's bin/ scripts) whose command line or environment names the workspace. Linux /proc.
 */
export function processesOf(ws: string): number[] {
  const found: number[] = [];
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      // The tmux server's command line holds the whole command, so it is no panda-k8s process.
      // A sim stand-in is `sh <ws>/.panda-k8s/sim/bin/helm …` until it execs node.
      const ours = cmdline.includes('panda-k8s.mjs') || cmdline.includes(path.join(ws, '.panda-k8s', 'sim', 'bin'));
      if (!ours || path.basename(cmdline.split('\0')[0] ?? '') === 'tmux') continue;
      let environ = '';
      try {
        environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8');
      } catch {
        /* not ours */
      }
      if (cmdline.includes(ws) || environ.includes(ws)) found.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

/**
 * Waits until no panda-k8s process works on the workspace and the given ones (e.g. the lock's
 * holder) are gone, reaped too: the workspace lock takes a zombie for a live holder, and an
 * orphan is a zombie until init reaps it (here that can take a second or two).
 */
export async function waitGone(ws: string, timeoutMs = 15_000, pids: number[] = []): Promise<void> {
  const start = Date.now();
  for (;;) {
    const left = [...new Set([...processesOf(ws), ...pids])].filter(isAlive);
    if (left.length === 0) return;
    if (Date.now() - start > timeoutMs) {
      const described = left.map((pid) => {
        try {
          return `${pid}: ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 160)}`;
        } catch {
          return String(pid);
        }
      });
      throw new Error(`processes still working on ${ws} after ${timeoutMs} ms:\n${described.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends SIGKILL to each process, ignoring the ones already gone. */
export function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

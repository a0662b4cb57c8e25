// 1. Start-up: --version and --help against a bare `node -e 0`, median of interleaved runs.
// ink and react must not load for these, so the ratio stays close to 1.
// Then the wizard's first frame: spawn → the first screen fully drawn, in a pseudo-terminal (script(1)).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { atMost, info, interleaved, median, round, runProcess, timeProcess, type BenchResult } from './harness.js';

/** The last line of the wizard's first screen: once it is on the terminal, the whole frame is. */
const FIRST_FRAME_END = 'Enter confirm';
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>78]/g;

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface FirstFrameOptions {
  /** @default 10000 */
  timeoutMs?: number;
  /** Merged over the environment (e.g. XDG_CACHE_HOME: the launcher's cache folder). */
  env?: NodeJS.ProcessEnv;
  /** After the frame, keep the wizard running until this also holds (polled) or 5 s pass: e.g. until its code cache is written. */
  keepUntil?: () => boolean;
}

/**
 * Whether the work the first screen starts in the background is over: it asks the (simulated) cloud for
 * its cluster templates, in a process of its own group that killing the wizard does not stop. Left
 * running, it would take the CPU from the next start measured.
 */
function backgroundDone(ws: string): boolean {
  try {
    return fs.readFileSync(path.join(ws, '.panda-k8s', 'sim', 'calls.jsonl'), 'utf8').includes('"template"');
  } catch {
    return false;
  }
}

/** CPU time (user + system, ms) process `pid` has used so far, from /proc in clock ticks; undefined without /proc. */
function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name; ticks of 10 ms (CLK_TCK 100).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** The process whose parent is `pid` (script(1)'s shell, which execs node in place). */
function childOf(pid: number): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) return Number(entry);
    } catch {
      /* gone */
    }
  }
  return undefined;
}

export interface FirstFrame {
  /** Wall time, spawn → first screen drawn. */
  ms: number;
  /** CPU time node had used by then (10 ms ticks): what the start costs, whatever else the machine runs. */
  cpuMs: number | undefined;
}

/**
 * ms from spawning `node <cli> --target sim -w <empty dir>` under a pty (120×40) until its output
 * holds the first screen's last line. The output is read as it arrives (no polling delay); the
 * pty (script + stty) is part of what is timed, as a terminal would be.
 */
export function wizardFirstFrame(cli: string, options: FirstFrameOptions = {}): Promise<FirstFrame> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-bench-wizard-'));
  const command = `stty cols 120 rows 40; exec ${shq(process.execPath)} ${shq(cli)} --target sim -w ${shq(ws)}`;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', ...options.env };
    delete env['CI'];
    delete env['NO_COLOR'];
    const child = spawn('script', ['-qfc', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env });
    let text = '';
    let found: number | undefined;
    let cpuMs: number | undefined;
    const stop = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the wizard drew no first frame within ${timeoutMs} ms; it printed: ${text.slice(-500)}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (found !== undefined) return;
      text += chunk.toString('utf8');
      if (text.replace(ANSI, '').includes(FIRST_FRAME_END)) {
        found = performance.now() - start;
        const node = childOf(child.pid!);
        cpuMs = node === undefined ? undefined : cpuMsOf(node);
        clearTimeout(timer);
        const keepUntil = () => backgroundDone(ws) && (options.keepUntil?.() ?? true);
        const since = Date.now();
        const poll = setInterval(() => {
          if (keepUntil() || Date.now() - since > 5000) {
            clearInterval(poll);
            stop();
          }
        }, 50);
      }
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      fs.rmSync(ws, { recursive: true, force: true });
      if (found !== undefined) resolve({ ms: found, cpuMs });
      else reject(new Error(`the wizard ended before its first frame; it printed: ${text.replace(ANSI, '').slice(-500)}`));
    });
  });
}

/** CPU time (ms) of a bare `node -e …` by the time it runs its line, as cpuMsOf counts it for the wizard. */
async function bareCpuMs(): Promise<number> {
  const out = await runProcess(process.execPath, ['-e', 'const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000))']);
  return Number(out.stdout);
}

export async function benchStartup(root: string, runs = 15, wizardRuns = 7): Promise<BenchResult> {
  const cli = path.join(root, 'dist', 'panda-k8s.mjs');
  const node = process.execPath;
  const times = await interleaved(runs, {
    bare: () => timeProcess(node, ['-e', '0']),
    version: () => timeProcess(node, [cli, '--version']),
    help: () => timeProcess(node, [cli, '--help']),
  });
  const bare = median(times.bare!);
  // A cache folder of the bench's own: the first start unpacks the CLI into it (timed apart, as a user's
  // very first start after installing), and stays until V8's code cache is written; later starts use both.
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-bench-cache-'));
  const codeCached = () => fs.readdirSync(path.join(cache, 'panda-k8s')).some((n) => n.endsWith('.v8cache'));
  const env = { XDG_CACHE_HOME: cache };
  const cold = await wizardFirstFrame(cli, { env, keepUntil: codeCached });
  if (!codeCached()) throw new Error(`the wizard wrote no code cache in ${cache}`);
  await wizardFirstFrame(cli, { env }); // warm-up: the file cache, not the figure
  const wizard: FirstFrame[] = [];
  const bareCpu: number[] = [];
  for (let i = 0; i < wizardRuns; i++) {
    wizard.push(await wizardFirstFrame(cli, { env }));
    bareCpu.push(await bareCpuMs());
  }
  fs.rmSync(cache, { recursive: true, force: true });
  const walls = wizard.map((w) => w.ms);
  const first = median(walls);
  const ratio = first / bare;
  const cpus = wizard.map((w) => w.cpuMs).filter((c): c is number => c !== undefined);
  return {
    bench: 'start-up',
    figures: [
      info('node -e 0 (median)', round(bare, 1), 'ms'),
      atMost('--version / node -e 0', round(median(times.version!) / bare), 'ratio', 1.5),
      atMost('--help / node -e 0', round(median(times.help!) / bare), 'ratio', 1.5),
      // The target is a multiple of a bare Node start-up: milliseconds move with the machine's speed of the day.
      atMost('wizard first frame / node -e 0', round(ratio, 2), 'ratio', 4.0,
        `median of ${wizardRuns} (${round(first, 0)} ms, range ${round(Math.min(...walls), 0)}–${round(Math.max(...walls), 0)}), spawn → first screen drawn (script -qfc, 120×40), with the launcher's code cache${ratio > 4 ? '; MISSED: a CPU profile shows where (node --cpu-prof)' : ''}`),
      info('wizard first frame (median)', round(first, 0), 'ms'),
      ...(cpus.length ? [info('CPU to the first frame / CPU of node -e 0', round(median(cpus) / median(bareCpu), 2), 'ratio',
        `${median(cpus)} ms against ${round(median(bareCpu), 1)} ms (/proc, 10 ms ticks): the cost of a start, whatever else the machine runs`)] : []),
      info('the very first start (no cache yet) / node -e 0', round(cold.ms / bare, 2), 'ratio', `${round(cold.ms, 0)} ms: unpacks the CLI into the cache folder and compiles it without a code cache`),
    ],
  };
}

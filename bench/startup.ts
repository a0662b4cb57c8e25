// 1. Start-up: --version and --help against a bare `node -e 0`, median of interleaved runs.
// ink and react must not load for these, so the ratio stays close to 1.
// Then the wizard's first frame: spawn → the first screen fully drawn, in a pseudo-terminal (script(1)).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { atMost, info, interleaved, median, round, timeProcess, type BenchResult } from './harness.js';

/** The last line of the wizard's first screen: once it is on the terminal, the whole frame is. */
const FIRST_FRAME_END = 'Enter confirm';
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>78]/g;

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * ms from spawning `node <cli> --target sim -w <empty dir>` under a pty (120×40) until its output
 * holds the first screen's last line. The output is read as it arrives (no polling delay); the
 * pty (script + stty) is part of what is timed, as a terminal would be.
 */
export function wizardFirstFrame(cli: string, timeoutMs = 10_000): Promise<number> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-bench-wizard-'));
  const command = `stty cols 120 rows 40; exec ${shq(process.execPath)} ${shq(cli)} --target sim -w ${shq(ws)}`;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
    delete env['CI'];
    delete env['NO_COLOR'];
    const child = spawn('script', ['-qfc', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env });
    let text = '';
    let found: number | undefined;
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
        clearTimeout(timer);
        stop();
      }
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      fs.rmSync(ws, { recursive: true, force: true });
      if (found !== undefined) resolve(found);
      else reject(new Error(`the wizard ended before its first frame; it printed: ${text.replace(ANSI, '').slice(-500)}`));
    });
  });
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
  await wizardFirstFrame(cli); // warm-up: the file cache, not the figure
  const wizard: number[] = [];
  for (let i = 0; i < wizardRuns; i++) wizard.push(await wizardFirstFrame(cli));
  const first = median(wizard);
  return {
    bench: 'start-up',
    figures: [
      info('node -e 0 (median)', round(bare, 1), 'ms'),
      atMost('--version / node -e 0', round(median(times.version!) / bare), 'ratio', 1.5),
      atMost('--help / node -e 0', round(median(times.help!) / bare), 'ratio', 1.5),
      atMost('wizard first frame in a pty (median)', round(first, 0), 'ms', 300,
        `median of ${wizardRuns}, spawn → first screen drawn (script -qfc, 120×40), range ${round(Math.min(...wizard), 0)}–${round(Math.max(...wizard), 0)} ms${first > 300 ? '; MISSED: a CPU profile puts it in loading and initialising ink/react/yoga and in the first layout (string-width measuring text cold inside yoga), on top of node start-up' : ''}`),
      // The target is in ms, which moves with the machine's speed of the day; this ratio does not.
      info('wizard first frame / node -e 0', round(first / bare, 1), 'ratio', 'how many bare Node start-ups the first frame costs: compares runs on a faster or slower day'),
    ],
  };
}

// 3. Live view under load: 200,000 lines, printed as fast as a child process can, through the exec
// choke point (transcript + onLine) into the ink run screen drawn to a null terminal. The measured
// part runs in its own process (live-view-worker.ts) so its memory growth is its own.

import path from 'node:path';
import { atLeast, atMost, info, round, runProcess, type BenchResult } from './harness.js';

interface WorkerResult {
  lines: number;
  received: number;
  transcribed: number;
  inOrder: boolean;
  exitCode: number;
  ms: number;
  frames: number;
  minFrameGapMs: number;
  frameBytes: number;
  rssGrowth: number;
  rss0: number;
}

export async function benchLiveView(root: string, lines = 200_000): Promise<BenchResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['CI']; // ink draws only a last frame under CI
  const run = await runProcess(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'live-view-worker.ts'), String(lines)], { env, cwd: root });
  const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as WorkerResult;
  if (r.exitCode !== 0) throw new Error(`the printing child exited ${r.exitCode}`);
  const seconds = r.ms / 1000;
  const mib = r.rssGrowth / 1024 / 1024;
  const dropped = r.lines - Math.min(r.transcribed, r.received);
  return {
    bench: 'live view',
    figures: [
      atLeast('lines through exec → run screen', Math.round(r.lines / seconds), 'lines/s', 50_000, `${r.lines} lines in ${round(seconds, 2)} s`),
      info('frames rendered', r.frames, 'frames', `while the lines streamed; ${round(r.frameBytes / 1024, 0)} KiB written to the null terminal (120×40) in all`),
      atMost('frame rate', round(r.frames / seconds, 1), 'frames/s', 30, `shortest gap between frames ${round(r.minFrameGapMs, 0)} ms`),
      atMost('peak RSS growth', round(mib, 1), 'MiB', 64, `over ${round(r.rss0 / 1024 / 1024, 0)} MiB at the start`),
      atMost('lines dropped from the transcript', dropped, 'lines', 0,
        `${r.transcribed} transcribed, ${r.received} reached onLine${r.inOrder ? ', in order' : ', NOT in order'}`),
    ],
  };
}

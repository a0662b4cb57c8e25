// 1. Start-up: --version and --help against a bare `node -e 0`, median of interleaved runs.
// ink and react must not load for these, so the ratio stays close to 1.

import path from 'node:path';
import { atMost, interleaved, median, round, timeProcess, type BenchResult } from './harness.js';

export async function benchStartup(root: string, runs = 15): Promise<BenchResult> {
  const cli = path.join(root, 'dist', 'panda-k8s.mjs');
  const node = process.execPath;
  const times = await interleaved(runs, {
    bare: () => timeProcess(node, ['-e', '0']),
    version: () => timeProcess(node, [cli, '--version']),
    help: () => timeProcess(node, [cli, '--help']),
  });
  const bare = median(times.bare!);
  return {
    bench: 'start-up',
    figures: [
      { name: 'node -e 0 (median)', value: round(bare, 1), unit: 'ms' },
      atMost('--version / node -e 0', round(median(times.version!) / bare), 'ratio', 1.5),
      atMost('--help / node -e 0', round(median(times.help!) / bare), 'ratio', 1.5),
    ],
  };
}

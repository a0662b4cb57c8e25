// 5. Resume probe: on a fully deployed sim workspace, `panda-k8s status` wall time against its own
// cluster probes (taken from the call log of a status run) run one after another, each as the same
// process through the workspace's sim stand-ins. Median of interleaved runs.

import path from 'node:path';
import { atMost, info, interleaved, median, round, timeProcess, type BenchResult } from './harness.js';
import { callCount, callsFrom, cli, deployedSimWorkspace, simDir } from './sim-workspace.js';

export async function benchStatus(root: string, runs = 7): Promise<BenchResult> {
  const ws = await deployedSimWorkspace(root);
  const cliPath = path.join(root, 'dist', 'panda-k8s.mjs');
  const from = callCount(ws);
  const first = await cli(root, ['status', '-w', ws]);
  if (!/RELEASES/.test(first.stdout)) throw new Error(`status printed no releases table:\n${first.stdout.slice(0, 500)}`);
  const probes = callsFrom(ws, from);
  if (probes.length === 0) throw new Error('status made no cluster call');
  const inProcess = probes.reduce((sum, c) => sum + (c.end - c.start), 0);
  const bin = (tool: string) => path.join(simDir(ws), 'bin', tool);
  const times = await interleaved(runs, {
    status: () => timeProcess(process.execPath, [cliPath, 'status', '-w', ws], { cwd: root }),
    sequential: async () => {
      let sum = 0;
      for (const p of probes) sum += await timeProcess(bin(p.tool), p.argv, { cwd: root });
      return sum;
    },
  });
  const status = median(times.status!);
  const sequential = median(times.sequential!);
  const ratio = status / sequential;
  const best = 1 / probes.length;
  return {
    bench: 'resume probe',
    figures: [
      info('probes status runs', probes.length, 'calls', probes.map((p) => `${p.tool} ${p.argv.filter((a) => !a.startsWith('/')).slice(0, 3).join(' ')}`).join('; ')),
      info('status wall (median)', round(status, 0), 'ms'),
      info('its probes one after another (median)', round(sequential, 0), 'ms', `in-process time of the probes (call log): ${inProcess} ms; the rest is process start`),
      atMost('status / sequential probes', round(ratio), 'ratio', 0.5,
        ratio > 0.5
          ? `MISSED: status asks the cluster only ${probes.length} things (all releases in one helm list, all pods in one kubectl get), already in parallel; with ${probes.length} probes even a free CLI cannot go below ${round(best)}, and the CLI's own start-up comes on top`
          : undefined),
    ],
  };
}

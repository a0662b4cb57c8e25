// 5. Resume probe: on a fully deployed sim workspace, `panda-k8s status` wall time against its own
// cluster probes (taken from the call log of a status run: helm list, kubectl get pods and one
// `kubectl get --raw` per service health probe) run one after another, each as the same process through
// the workspace's sim stand-ins. Median of interleaved runs.

import os from 'node:os';
import path from 'node:path';
import { atMost, info, interleaved, median, round, timeProcess, type BenchResult } from './harness.js';
import { callCount, callsFrom, cli, deployedSimWorkspace, simDir } from './sim-workspace.js';

/** A short name of a probe call: `helm list`, `kubectl get pods`, `kubectl get --raw <service>/proxy/<path>`. */
function probeLabel(p: { tool: string; argv: string[] }): string {
  const raw = p.argv.indexOf('--raw');
  if (raw >= 0) {
    const m = /services\/[^:]*:([^:]+):\d+\/proxy(.*)$/.exec(p.argv[raw + 1] ?? '');
    return `${p.tool} get --raw ${m ? `${m[1]}${m[2]}` : p.argv[raw + 1]}`;
  }
  const skip = new Set(['--kubeconfig', '--kube-context', '--context', '--namespace', '-o', '-n']);
  const words = p.argv.filter((a, i) => !a.startsWith('-') && !skip.has(p.argv[i - 1] ?? ''));
  return `${p.tool} ${words.slice(0, 2).join(' ')}`;
}

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
      info('probes status runs', probes.length, 'calls', probes.map(probeLabel).join('; ')),
      info('status wall (median)', round(status, 0), 'ms'),
      info('its probes one after another (median)', round(sequential, 0), 'ms', `in-process time of the probes (call log): ${inProcess} ms; the rest is process start`),
      atMost('status / sequential probes', round(ratio), 'ratio', 0.5,
        ratio > 0.5
          ? `MISSED: status runs its ${probes.length} probes (helm list, kubectl get pods, the services' health probes) all at once; with ${probes.length} equal probes a free CLI on enough cores would reach ${round(best)}, but on ${os.cpus().length} cores their process starts queue, and the CLI's own start-up comes on top`
          : `${probes.length} probes at once (helm list, kubectl get pods, the services' health probes); the CLI's own start-up is included`),
    ],
  };
}

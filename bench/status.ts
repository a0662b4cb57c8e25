// 5. Resume probe: on a fully deployed sim workspace, `panda-k8s status` wall time against its own
// cluster probes (taken from the call log of a status run: helm list, kubectl get pods and one
// `kubectl get --raw` per service health probe) run one after another, each as the same process through
// the workspace's sim stand-ins. Median of interleaved runs.

import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { atMost, info, interleaved, median, round, timeProcess, type BenchResult } from './harness.js';
import { callCount, callsFrom, cli, deployedSimWorkspace, simDir } from './sim-workspace.js';

/**
 * Wall time of one replayed probe, in ms. Unlike timeProcess it expects the exit code the probe had in the
 * status run: the ActiveMQ probe exits 1 by design (the API server's HTTP proxy cannot read a STOMP answer,
 * and that error is what proves the port answers).
 */
function timeReplay(file: string, args: string[], exitCode: number, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code === exitCode) resolve(ms);
      else reject(new Error(`${file} ${args.join(' ')} exited ${code}, in the status run ${exitCode}: ${err.slice(-500)}`));
    });
  });
}

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
      for (const p of probes) sum += await timeReplay(bin(p.tool), p.argv, p.exitCode, root);
      return sum;
    },
  });
  const status = median(times.status!);
  const sequential = median(times.sequential!);
  const ratio = status / sequential;
  const cores = os.cpus().length;
  // The sim's probes are CPU-bound process starts (each stand-in loads the CLI bundle): on `cores` cores,
  // n of them at once take at least sequential / min(n, cores), and the CLI's own start-up comes first.
  const floor = 1 / Math.min(probes.length, cores);
  return {
    bench: 'resume probe',
    figures: [
      info('probes status runs', probes.length, 'calls', probes.map(probeLabel).join('; ')),
      info('status wall (median)', round(status, 0), 'ms'),
      info('its probes one after another (median)', round(sequential, 0), 'ms', `in-process time of the probes (call log): ${inProcess} ms; the rest is process start`),
      info('floor of the probes alone on this machine', round(floor), 'ratio', `${probes.length} CPU-bound probe processes spread over ${cores} cores, before the CLI's own start-up`),
      atMost('status / sequential probes', round(ratio), 'ratio', 0.5,
        ratio > 0.5
          ? `MISSED: status runs its ${probes.length} probes (helm list, kubectl get pods, the services' health probes) all at once, but each sim probe is a CPU-bound process start, so on ${cores} cores they take at least ${round(floor)} of their sequential sum, and the CLI's own start-up (loading its bundle) comes on top; on a real cluster the probes wait on the network rather than the CPU and overlap`
          : `${probes.length} probes at once (helm list, kubectl get pods, the services' health probes); the CLI's own start-up is included`),
    ],
  };
}

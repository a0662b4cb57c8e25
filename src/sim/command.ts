// `panda-k8s sim reset|status|fault|speed|calls`: inspect and drive the simulated cloud.

import { rmSync } from 'node:fs';
import { readCalls } from './calls.js';
import { effectiveSpeed } from './clock.js';
import { FAULT_HELP, FAULT_NAMES, parseFault, readFaults, writeFaults, type Fault } from './faults.js';
import type { SimIO } from './io.js';
import { nodeReady, podStatus } from './kube.js';
import { tickClusters } from './openstack.js';
import { simPaths, withState } from './store.js';

export const SIM_USAGE = `Usage: panda-k8s sim <command>

Drives the simulated cloud of --target sim (state in <workspace>/.panda-k8s/sim).

Commands:
  status                 clusters, nodes, releases, pods, speed and faults
  reset                  forget everything (state, faults, call log)
  speed <factor>         real wait = nominal duration × factor (0: one step per poll; default 0.01)
  helm-major <3|4>       which helm major the stand-in plays (default 3)
  fault <name> [args]    switch a fault on:
${FAULT_NAMES.map((n) => `                           ${FAULT_HELP[n]}`).join('\n')}
  fault --clear [name]   switch all faults (or one) off
  faults                 list the faults in force
  calls [--mutating]     the call log, one line per stand-in invocation
`;

/** Runs `sim <args>` against the sim folder `simDir`; returns the exit code (2 for bad usage). */
export async function runSimCommand(args: string[], io: SimIO & { simDir: string }): Promise<number> {
  const { simDir: dir } = io;
  const [cmd, ...rest] = args;
  switch (cmd) {
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      io.stdout(SIM_USAGE);
      return cmd === undefined ? 2 : 0;
    case 'reset': {
      const p = simPaths(dir);
      for (const f of [p.state, p.faults, p.calls]) rmSync(f, { force: true });
      io.stdout(`sim: reset ${dir} (state, faults and call log removed)\n`);
      return 0;
    }
    case 'speed': {
      const value = Number(rest[0]);
      if (rest[0] === undefined || !Number.isFinite(value) || value < 0) {
        io.stderr(`sim speed: give a factor ≥ 0 (e.g. 0.01; 0 = one step per poll), got "${rest[0] ?? ''}"\n`);
        return 2;
      }
      await withState(dir, (s) => {
        s.speed = value;
      });
      io.stdout(`sim: speed ${value}${io.env['PANDA_K8S_SIM_SPEED'] ? ` (note: PANDA_K8S_SIM_SPEED=${io.env['PANDA_K8S_SIM_SPEED']} overrides it)` : ''}\n`);
      return 0;
    }
    case 'helm-major': {
      const major = Number(rest[0]);
      if (major !== 3 && major !== 4) {
        io.stderr(`sim helm-major: give 3 or 4, got "${rest[0] ?? ''}"\n`);
        return 2;
      }
      await withState(dir, (s) => {
        s.helmMajor = major;
      });
      io.stdout(`sim: helm ${major}\n`);
      return 0;
    }
    case 'fault': {
      if (rest[0] === '--clear') {
        const name = rest[1];
        const left = name ? readFaults(dir).filter((f) => f.name !== name) : [];
        writeFaults(dir, left);
        await withState(dir, (s) => {
          s.faultUse = {};
        });
        io.stdout(name ? `sim: fault ${name} cleared\n` : 'sim: all faults cleared\n');
        return 0;
      }
      const fault = parseFault(rest);
      if (typeof fault === 'string') {
        io.stderr(`sim fault: ${fault}\n`);
        return 2;
      }
      const targetOf = (f: Fault) => ('target' in f ? f.target : undefined);
      // One fault per name (and target): setting it again replaces its options.
      const faults = readFaults(dir).filter((f) => !(f.name === fault.name && targetOf(f) === targetOf(fault)));
      faults.push(fault);
      writeFaults(dir, faults);
      if (fault.name === 'old-ingress') io.stdout('sim: clusters created from now on get the old ingress controller\n');
      io.stdout(`sim: fault on: ${describeFault(fault)}\n`);
      return 0;
    }
    case 'faults': {
      const faults = readFaults(dir);
      io.stdout(faults.length ? faults.map((f) => `${describeFault(f)}\n`).join('') : 'sim: no faults\n');
      return 0;
    }
    case 'calls': {
      const onlyMutating = rest.includes('--mutating');
      const calls = readCalls(dir).filter((c) => !onlyMutating || c.mutating);
      for (const c of calls) io.stdout(`${JSON.stringify(c)}\n`);
      return 0;
    }
    case 'status':
      return status(dir, io);
    default:
      io.stderr(`sim: unknown command "${cmd}"\n\n${SIM_USAGE}`);
      return 2;
  }
}

function describeFault(f: Fault): string {
  const { name, ...opts } = f;
  const text = Object.entries(opts).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  return text ? `${name} (${text})` : name;
}

async function status(dir: string, io: SimIO): Promise<number> {
  const lines: string[] = [];
  await withState(dir, (state) => {
    const faults = readFaults(dir);
    const view = { state, faults, speed: effectiveSpeed(state, io.env), now: Date.now() };
    tickClusters(view);
    lines.push(`sim: ${dir}`, `speed: ${view.speed}   helm: ${state.helmMajor}   faults: ${faults.length ? faults.map(describeFault).join(', ') : 'none'}`);
    lines.push(`keypairs: ${state.keypairs.map((k) => k.name).join(', ') || 'none'}`);
    for (const c of state.clusters) {
      lines.push(`cluster ${c.name} (${c.uuid}): ${c.status}, ${c.nodeCount} × ${c.flavor}, ingress-nginx ${c.ingress.version}${c.ingress.sslPassthrough ? '' : ' without ssl-passthrough'}`);
      const kube = state.kubes.find((k) => k.clusterUuid === c.uuid);
      if (!kube) continue;
      for (const n of kube.nodes) lines.push(`  node ${n.name}: ${nodeReady(view, n) ? 'Ready' : 'NotReady'}${n.labels['role'] ? ` role=${n.labels['role']}` : ''}`);
      for (const r of kube.releases) {
        const rev = r.revisions.at(-1)!;
        lines.push(`  release ${r.namespace}/${r.name}: rev ${rev.revision} ${rev.status} (${rev.chart}-${rev.chartVersion})`);
      }
      const pods = kube.pods.filter((p) => p.namespace !== 'kube-system');
      const ready = pods.filter((p) => podStatus(view, kube, p).ready).length;
      lines.push(`  pods: ${ready}/${pods.length} Ready outside kube-system`);
    }
  });
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

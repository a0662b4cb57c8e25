// 6. Cloud calls: at CERN every `openstack` call costs 1-3 s (a Python start and a Keystone login), so the count
// matters more than anything the CLI does itself. On a workspace of its own:
//   fresh      `bootstrap --target sim` from nothing: openstack calls, the cluster-ready polls counted apart
//   no-op      the same command again, nothing left to do: openstack calls per run and wall time (median) on the sim
//   real CLI   that no-op run again with `--target openstack` through the REAL openstack CLI against the loopback
//              Keystone/Nova/Magnum stand-in holding the sim's state (kubectl and helm stay the sim's): wall time
//              and openstack calls. Skipped, and said so, where python-openstackclient is not installed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readState, simPaths } from '../src/sim/store.js';
import { aliasHostNames, loadProfile } from '../bootstrap/profile.js';
import { atMost, info, median, round, runProcess, type BenchResult, type Figure } from './harness.js';
import { callCount, callsFrom, simDir, type CallRecord } from './sim-workspace.js';
import { writeCertSet } from '../test/helpers/bootstrap-certs.js';
import { startOpenStackApi } from '../test/helpers/openstack-api.js';

const NOOP_RUNS = 5;

function openstackCalls(calls: CallRecord[]): CallRecord[] {
  return calls.filter((c) => c.tool === 'openstack');
}

/** The cluster-ready polls: every `coe cluster show` after the create request. */
function polls(calls: CallRecord[]): number {
  const created = calls.findIndex((c) => c.argv.slice(0, 3).join(' ') === 'coe cluster create');
  return created < 0 ? 0 : calls.slice(created + 1).filter((c) => c.argv.slice(0, 3).join(' ') === 'coe cluster show').length;
}

export async function benchCloudCalls(root: string): Promise<BenchResult> {
  const cli = path.join(root, 'dist', 'panda-k8s.mjs');
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-bench-calls-'));
  try {
    // Answers with host certificates of a test CA (not the rehearsal's), so that the same workspace may also be
    // run with --target openstack; the outside secret values are the rehearsal's stand-ins (target sim fills them).
    const hosts = aliasHostNames(loadProfile('cern').site, 'panda-k8s');
    const certs = writeCertSet(path.join(ws, 'certs'), { hosts });
    fs.writeFileSync(path.join(ws, 'panda-k8s.yaml'), `cluster:\n  name: panda-k8s\ncertificates:\n  dir: ${certs}\n`);
    const run = (target: string, env: NodeJS.ProcessEnv = {}) => runProcess(process.execPath, [cli, 'bootstrap', '--target', target, '--yes', '--plain', '-w', ws], { env: { PANDA_K8S_SIM_SPEED: '', ...env }, cwd: root });

    await run('sim');
    const freshCalls = openstackCalls(callsFrom(ws, 0));
    const freshPolls = polls(freshCalls);

    const walls: number[] = [];
    const perRun: number[] = [];
    let noopCalls: CallRecord[] = [];
    for (let i = 0; i < NOOP_RUNS; i++) {
      const from = callCount(ws);
      const r = await run('sim');
      walls.push(r.ms);
      const calls = callsFrom(ws, from);
      if (calls.some((c) => c.mutating)) throw new Error(`the no-op run changed something: ${calls.filter((c) => c.mutating).map((c) => `${c.tool} ${c.argv.join(' ')}`).join('; ')}`);
      noopCalls = openstackCalls(calls);
      perRun.push(noopCalls.length);
    }
    const figures: Figure[] = [
      info('fresh rehearsal: openstack calls', freshCalls.length, 'calls', `${freshCalls.length - freshPolls} + ${freshPolls} cluster-ready polls (the polls depend on how long Magnum takes)`),
      atMost('no-op run: openstack calls', Math.max(...perRun), 'calls', 4, noopCalls.map((c) => c.argv.slice(0, 3).join(' ')).join('; ')),
      atMost('no-op run on the sim: wall (median)', round(median(walls), 0), 'ms', 2000, `${NOOP_RUNS} runs of bootstrap --target sim --yes with nothing left to do; every kubectl/helm/openstack call is a process start of the sim`),
    ];
    figures.push(...(await throughRealCli(cli, ws, root)));
    return { bench: 'cloud calls', figures };
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

/** The no-op run with `--target openstack`: the real openstack CLI against the API stand-in in the sim's state. */
async function throughRealCli(cli: string, ws: string, root: string): Promise<Figure[]> {
  const which = spawnSync('sh', ['-c', 'command -v openstack'], { encoding: 'utf8' });
  if (which.status !== 0) return [info('no-op run through the real openstack CLI', 0, 'ms', 'NOT MEASURED: python3-openstackclient is not installed here')];
  const api = await startOpenStackApi({ state: readState(simPaths(simDir(ws))), showsToFinishCreate: Infinity, showsToFinishDelete: Infinity });
  // kubectl and helm stay the sim's (its wrappers carry their sim folder); openstack is the real one on PATH.
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-bench-bin-'));
  for (const tool of ['kubectl', 'helm']) fs.symlinkSync(path.join(simDir(ws), 'bin', tool), path.join(bin, tool));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-bench-home-'));
  const env: NodeJS.ProcessEnv = { ...api.env, PATH: `${bin}:${process.env['PATH']}`, HOME: home, SHELL: '/bin/sh' };
  try {
    const walls: number[] = [];
    let calls = 0;
    for (let i = 0; i < 3; i++) {
      const before = api.requests.length;
      const r = await runProcess(process.execPath, [cli, 'bootstrap', '--target', 'openstack', '--yes', '--plain', '-w', ws], { env, cwd: root });
      walls.push(r.ms);
      const logins = api.requests.slice(before).filter((q) => q.path === '/identity/v3/auth/tokens').length;
      const writes = api.requests.slice(before).filter((q) => q.method !== 'GET' && q.path !== '/identity/v3/auth/tokens');
      if (writes.length > 0) throw new Error(`the no-op run through the real CLI changed something: ${writes.map((w) => `${w.method} ${w.path}`).join('; ')}`);
      calls = logins;
    }
    return [
      info('no-op run through the real openstack CLI: wall (median)', round(median(walls), 0), 'ms', `bootstrap --target openstack with python-openstackclient against the loopback API stand-in; ${calls} Keystone logins (one per openstack call that reaches the cloud, --version needs none)`),
    ];
  } finally {
    await api.close();
    fs.rmSync(bin, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  }
}

// kubectl and helm accept every command line the product issues: the argv of every kubectl and helm call of a
// rehearsal (bootstrap, status, plan, a reinstall, a secrets refresh, an install, an uninstall), with helm 3 and
// with helm 4 on the sim, replayed with the real kubectl 1.32 and 1.35 and the real helm of that major against an
// API server that refuses connections. Each must fail on the connection (or succeed, for what needs no cluster),
// never on usage ("unknown flag: --all" is what helm 4 said to `helm list --all`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readCalls, type CallRecord } from '../../src/sim/calls.js';
import { HELM_V3, HELM_V4, KUBECTL_V32, KUBECTL_V35 } from '../../src/tools/bundled-tools.js';
import { ROOT, tempDir } from '../helpers/process.js';
import { simFixture } from '../sim/helpers.js';
import { withState } from '../../src/sim/store.js';

const CLI = path.join(ROOT, 'dist/panda-k8s.mjs');
const ENV = { ...process.env, CI: '1', PANDA_K8S_SIM_SPEED: '0', PANDA_K8S_POLL_MS: '0' };

function cli(args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: ENV, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `panda-k8s ${args.join(' ')}:\n${r.stdout.slice(-3000)}${r.stderr.slice(-2000)}`);
}

/** The kubectl and helm calls of a rehearsal whose sim plays helm `major`. */
function rehearsalCalls(major: 3 | 4): { ws: string; calls: CallRecord[] } {
  const ws = tempDir(`argv-h${major}-`);
  const w = ['-w', ws];
  cli(['sim', 'helm-major', String(major), ...w]);
  cli(['bootstrap', '--target', 'sim', '--yes', '--plain', ...w]);
  cli(['status', ...w]);
  cli(['plan', ...w]);
  cli(['install', '--reinstall', '-c', 'bigmon', '--keep-data', '--yes', '--plain', ...w]);
  cli(['install', '--refresh-secrets', '--yes', '--plain', ...w]);
  cli(['install', '--yes', '--plain', ...w]);
  cli(['uninstall', '--yes', '--plain', ...w]);
  return { ws, calls: readCalls(path.join(ws, '.panda-k8s', 'sim')).filter((c) => c.tool !== 'openstack') };
}

/** A kubeconfig whose API server refuses every connection (port 1 on loopback), with every context the argv name. */
function unreachableKubeconfig(dir: string, contexts: string[]): string {
  const file = path.join(dir, 'unreachable.kubeconfig');
  const names = [...new Set(['default', ...contexts])];
  fs.writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', 'current-context: default',
    'clusters:', '- name: nowhere', '  cluster:', '    server: https://127.0.0.1:1', '    insecure-skip-tls-verify: true',
    'users:', '- name: nobody', '  user:', '    token: not-a-token',
    'contexts:', ...names.flatMap((n) => [`- name: ${n}`, '  context:', '    cluster: nowhere', '    user: nobody']),
  ].join('\n') + '\n', { mode: 0o600 });
  return file;
}

/** The argv with every --kubeconfig pointing at the unreachable one. */
function retarget(argv: string[], kubeconfig: string): string[] {
  return argv.map((a, i) => (argv[i - 1] === '--kubeconfig' ? kubeconfig : a.startsWith('--kubeconfig=') ? `--kubeconfig=${kubeconfig}` : a));
}

/** What a refused connection looks like from kubectl and helm. */
const CONNECTION = /connection refused|Unable to connect to the server|The connection to the server .* was refused|Kubernetes cluster unreachable|dial tcp/;

function replay(bin: string, argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(bin, argv, { env, timeout: 60_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

test('every kubectl and helm command line of a rehearsal, with helm 3 and helm 4, is accepted by the real parsers', async () => {
  const home = tempDir('argv-home-');
  const problems: string[] = [];
  const tried: Record<string, number> = {};
  for (const major of [3, 4] as const) {
    const { ws, calls } = rehearsalCalls(major);
    const contexts = calls.flatMap((c) => c.argv.flatMap((a, i) => (c.argv[i - 1] === '--context' || c.argv[i - 1] === '--kube-context' ? [a] : [])));
    const kubeconfig = unreachableKubeconfig(ws, contexts);
    const env = { PATH: process.env['PATH'], HOME: home, KUBECONFIG: kubeconfig, HELM_CACHE_HOME: path.join(home, 'cache'), HELM_CONFIG_HOME: path.join(home, 'config'), HELM_DATA_HOME: path.join(home, 'data') };
    const distinct = new Map<string, CallRecord>();
    for (const c of calls) distinct.set(`${c.tool} ${c.argv.join(' ')}`, c);
    for (const c of distinct.values()) {
      const binaries = c.tool === 'kubectl' ? [KUBECTL_V32, KUBECTL_V35] : [major === 3 ? HELM_V3 : HELM_V4];
      for (const bin of binaries) {
        const argv = retarget(c.argv, kubeconfig);
        const r = await replay(bin, argv, env);
        const label = `${path.basename(path.dirname(bin))}`;
        tried[label] = (tried[label] ?? 0) + 1;
        if (r.code !== 0 && !CONNECTION.test(r.out)) problems.push(`${label} ${c.argv.join(' ')}\n    exit ${r.code}: ${r.out.trim().split('\n').slice(0, 3).join(' | ')}`);
      }
    }
  }
  assert.deepEqual(problems, [], `command lines refused for another reason than the connection:\n${problems.join('\n')}`);
  // Both kubectl versions and both helm majors were exercised, with the verbs that matter.
  for (const bin of ['kubectl-v32', 'kubectl-v35', 'helm-v3', 'helm-v4']) assert.ok((tried[bin] ?? 0) >= 10, `${bin}: ${tried[bin] ?? 0} command lines`);
});

test('helm 4 refuses `helm list --all` as usage, and the sim\'s helm 4 refuses it the same way', async (t) => {
  const home = tempDir('argv-home-');
  const kubeconfig = unreachableKubeconfig(tempDir('argv-list-'), []);
  const argv = ['list', '--namespace', 'panda', '--all', '-o', 'json', '--kubeconfig', kubeconfig];
  const real = await replay(HELM_V4, argv, { PATH: process.env['PATH'], HOME: home });
  assert.deepEqual([real.code, real.out], [1, 'Error: unknown flag: --all\n']);
  const sim = simFixture('0');
  t.after(() => sim.cleanup());
  await withState(sim.dir, (s) => {
    s.helmMajor = 4;
  });
  const r = await sim.tool('helm', argv);
  assert.deepEqual([r.code, r.stdout, r.stderr], [1, '', 'Error: unknown flag: --all\n']);
  await withState(sim.dir, (s) => {
    s.helmMajor = 3;
  });
  assert.equal((await sim.tool('helm', argv)).stderr.includes('unknown flag'), false, 'helm 3 takes --all');
});

// Concurrency of the stand-ins as real child processes: 20 parallel invocations keep one valid state
// file, and helm releases deploying in parallel overlap in the call log.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readCalls } from '../../src/sim/calls.js';
import { parseReleaseList } from '../../src/tools/parse/helm.js';
import { simFixture, type SimFixture } from './helpers.js';

function run(sim: SimFixture, tool: string, args: string[], env = sim.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(join(sim.bin, tool), args, { env, cwd: sim.work }, (err, stdout, stderr) => ok({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }));
  });
}

let sim: SimFixture;
before(() => {
  sim = simFixture('0');
});
after(() => sim.cleanup());

test('20 parallel invocations leave a valid state file holding all their changes', async () => {
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) => run(sim, 'openstack', ['keypair', 'create', '--public-key', sim.publicKey, `kp-${i}`, '-f', 'json'])),
  );
  assert.deepEqual(results.map((r) => r.code), Array(20).fill(0), results.map((r) => r.stderr).join(''));
  const state = JSON.parse(readFileSync(join(sim.dir, 'state.json'), 'utf8')) as { keypairs: { name: string }[] };
  assert.deepEqual(state.keypairs.map((k) => k.name).sort(), Array.from({ length: 20 }, (_, i) => `kp-${i}`).sort());
  assert.equal(readCalls(sim.dir).length, 20);
  assert.deepEqual(readdirSync(sim.dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock')), [], 'no temp or lock file left behind');
});

test('helm releases deployed in parallel overlap in time and each waits for its pods', async () => {
  await run(sim, 'openstack', ['coe', 'cluster', 'create', 'c1', '--keypair', 'kp-0', '--cluster-template', 'kubernetes-1.30.1-1', '--node-count', '3', '--flavor', 'm2.xlarge', '--master-flavor', 'm2.medium']);
  await run(sim, 'openstack', ['coe', 'cluster', 'show', 'c1', '-f', 'json']);
  await run(sim, 'openstack', ['coe', 'cluster', 'show', 'c1', '-f', 'json']);
  const cfg = await run(sim, 'openstack', ['coe', 'cluster', 'config', 'c1', '--dir', sim.work, '--force']);
  assert.equal(cfg.code, 0, cfg.stderr);
  const chart = new URL('./fixtures/tiny', import.meta.url).pathname;
  // Speed 0.03: pods need ~1.3 s of real time, so both helm processes are inside their wait together.
  const env = { ...sim.env, PANDA_K8S_SIM_SPEED: '0.03' };
  const helm = (rel: string) =>
    new Promise<number>((ok) => execFile(join(sim.bin, 'helm'), ['upgrade', '--install', rel, chart, '-n', 'panda', '--create-namespace', '--wait', '--atomic', '--timeout', '5m'], { env, cwd: sim.work }, (err) => ok(err ? 1 : 0)));
  assert.deepEqual(await Promise.all([helm('a'), helm('b')]), [0, 0]);
  const calls = readCalls(sim.dir).filter((c) => c.tool === 'helm' && c.mutating);
  const [a, b] = calls;
  assert.ok(a && b && a.start < b.end && b.start < a.end, `helm a [${a?.start}, ${a?.end}] and b [${b?.start}, ${b?.end}] overlap`);
  const list = parseReleaseList((await run(sim, 'helm', ['list', '-n', 'panda', '-o', 'json'])).stdout);
  assert.deepEqual(list.map((r) => [r.name, r.status, r.revision, r.chart, r.appVersion]), [['a', 'deployed', 1, 'tiny-0.1.0', '1.2.3'], ['b', 'deployed', 1, 'tiny-0.1.0', '1.2.3']]);
  const probe = await run(sim, 'kubectl', ['get', '--raw', '/api/v1/namespaces/panda/services/http:a-web:80/proxy/server/panda/isAlive'], env);
  assert.deepEqual([probe.code, probe.stdout], [0, 'alive=yes\n']);
  const none = await run(sim, 'kubectl', ['get', '--raw', '/api/v1/namespaces/panda/services/http:nosuch:80/proxy/']);
  assert.deepEqual([none.code, none.stderr], [1, 'Error from server (NotFound): services "nosuch" not found\n']);
});

test('helm 3 rejects --rollback-on-failure like the real binary (it renders with it)', async () => {
  const chart = new URL('./fixtures/tiny', import.meta.url).pathname;
  const r = await run(sim, 'helm', ['upgrade', '--install', 'x', chart, '-n', 'panda', '--wait', '--rollback-on-failure']);
  assert.deepEqual([r.code, r.stderr], [1, 'Error: unknown flag: --rollback-on-failure\n']);
});

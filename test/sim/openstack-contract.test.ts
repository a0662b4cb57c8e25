// The sim's `openstack` held against the REAL client: every openstack command line the product issued in a
// rehearsal (from the sim's call log) is run again, each through the real python-openstackclient against the API
// stand-in and through the sim's stand-in, both in the same state (the sim's, at that moment of the rehearsal):
// same exit code, same stream, and for JSON the same keys and value types. Where they differ, the sim is wrong.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readState, simPaths } from '../../src/sim/store.js';
import { writeFaults } from '../../src/sim/faults.js';
import { bootstrapOnSim, failure, newWorkspace, simCalls } from '../helpers/bootstrap-sim.js';
import { startOpenStackApi } from '../helpers/openstack-api.js';
import { needRealOpenstack, realEnv, runRealOpenstack, type Ran } from '../helpers/real-openstack.js';
import { simFixture } from './helpers.js';

/**
 * Objects whose keys are data, not schema (labels, properties, addresses, faults …): their shape is the shape of
 * their values, whatever the keys.
 */
const MAPS = new Set(['labels', 'labels_overridden', 'labels_skipped', 'labels_added', 'faults', 'health_status_reason', 'properties', 'Properties', 'addresses', 'Networks']);

/** A JSON value's shape: the type of each leaf and every key of every object (arrays, maps: the union of their items). */
export function shapeOf(v: unknown, key?: string): unknown {
  if (v === null) return 'null';
  const union = (items: unknown[]) => {
    const distinct = [...new Set(items.map((x) => JSON.stringify(shapeOf(x))))].map((x) => JSON.parse(x) as unknown);
    return distinct.length <= 1 ? distinct[0] ?? 'empty' : distinct;
  };
  if (Array.isArray(v)) return { array: union(v) };
  if (typeof v === 'object') {
    if (key && MAPS.has(key)) return { map: union(Object.values(v as Record<string, unknown>)) };
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, shapeOf(x, k)]));
  }
  return typeof v;
}

/** Request ids, uuids, addresses, ports and times vary: a text's shape keeps the words. */
const textShape = (s: string) =>
  s.replace(/req-[0-9a-f-]{36}/g, 'req-ID').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID').replace(/https?:\/\/[^\s/,]+/g, 'URL').trimEnd();

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function compare(argv: string[], real: Ran, sim: Ran): string[] {
  const where = `openstack ${argv.join(' ')}`;
  const problems: string[] = [];
  if (real.code !== sim.code) problems.push(`${where}: exit ${sim.code} from the sim, ${real.code} from the real client (stderr: ${real.stderr.trim().slice(0, 200)})`);
  if ((real.stdout === '') !== (sim.stdout === '')) problems.push(`${where}: stdout ${sim.stdout ? 'printed' : 'empty'} by the sim, ${real.stdout ? 'printed' : 'empty'} by the real client`);
  if ((real.stderr === '') !== (sim.stderr === '')) problems.push(`${where}: stderr ${sim.stderr ? JSON.stringify(sim.stderr.slice(0, 120)) : 'empty'} from the sim, ${real.stderr ? JSON.stringify(real.stderr.slice(0, 120)) : 'empty'} from the real client`);
  const rj = parse(real.stdout);
  const sj = parse(sim.stdout);
  if (rj !== undefined || sj !== undefined) {
    assert.deepEqual(shapeOf(sj), shapeOf(rj), `${where}: the sim's JSON (actual) differs in keys or types from the real client's (expected)`);
    if (rj && sj && typeof rj === 'object' && !Array.isArray(rj)) assert.deepEqual(Object.keys(sj as object), Object.keys(rj as object), `${where}: key order`);
  } else if (real.stdout || sim.stdout) {
    if (textShape(real.stdout) !== textShape(sim.stdout)) problems.push(`${where}: stdout ${JSON.stringify(sim.stdout)} from the sim, ${JSON.stringify(real.stdout)} from the real client`);
  }
  if (real.stderr && sim.stderr && textShape(real.stderr).split('\n')[0] !== textShape(sim.stderr).split('\n')[0]) {
    problems.push(`${where}: stderr ${JSON.stringify(textShape(sim.stderr))} from the sim, ${JSON.stringify(textShape(real.stderr))} from the real client`);
  }
  return problems;
}

test('every openstack command line of a rehearsal answers alike from the real client and from the sim, in the same state', async (t) => {
  if (!needRealOpenstack(t)) return;
  // The product's own calls: a fresh rehearsal, then a run with nothing left to do.
  const { workspace, projectRoot } = newWorkspace();
  for (let i = 0; i < 2; i++) {
    const run = await bootstrapOnSim(workspace, { projectRoot });
    assert.equal(run.summary?.status, 'done', failure(run));
  }
  const calls = simCalls(workspace).filter((c) => c.tool === 'openstack');

  // Replay them on a fresh sim (each in turn, so its state moves as the rehearsal's did); before each picked one,
  // the API stand-in is given the sim's state of that moment and the real client runs the same line against it.
  const replay = simFixture('0');
  t.after(() => replay.cleanup());
  const api = await startOpenStackApi({ showsToFinishCreate: Infinity, showsToFinishDelete: Infinity });
  t.after(() => api.close());
  const env = realEnv(api);
  const problems: string[] = [];
  const seen = new Set<string>();
  let compared = 0;
  for (const call of calls) {
    // Each distinct line once; a cluster poll once per state of the clusters it saw.
    const state = readState(simPaths(replay.dir));
    const key = `${call.argv.join(' ')}|${call.argv[1] === 'cluster' ? state.clusters.map((c) => c.status).join(',') : ''}`;
    if (seen.has(key)) {
      await replay.tool('openstack', call.argv);
      continue;
    }
    seen.add(key);
    api.load(state);
    const real = await runRealOpenstack(call.argv, env, workspace);
    const sim = await replay.tool('openstack', call.argv);
    problems.push(...compare(call.argv, real, sim));
    compared++;
  }
  assert.deepEqual(problems, []);
  // The product's calls include the lookups that miss, the create, the config and the property writes.
  const lines = calls.map((c) => c.argv.slice(0, 3).join(' '));
  for (const verb of ['token issue -f', 'keypair show panda-k8s-rehearsal', 'keypair create --public-key', 'coe cluster template', 'coe cluster create', 'coe cluster show', 'coe cluster config', 'server list --long', 'server set --property']) {
    assert.ok(lines.some((l) => `${l} `.startsWith(verb) || l.startsWith(verb)), `the rehearsal issued ${verb}`);
  }
  assert.ok(compared >= 10, `${compared} command lines compared`);
});

test('a refused password: the real client and the sim\'s auth fault fail alike on every kind of call', async (t) => {
  if (!needRealOpenstack(t)) return;
  const sim = simFixture('0');
  t.after(() => sim.cleanup());
  writeFaults(sim.dir, [{ name: 'auth' }]);
  const api = await startOpenStackApi();
  t.after(() => api.close());
  const env = realEnv(api, { OS_PASSWORD: 'wrong' });
  const problems: string[] = [];
  for (const argv of [['token', 'issue', '-f', 'json'], ['coe', 'cluster', 'show', 'panda-k8s', '-f', 'json'], ['keypair', 'show', 'lxplus', '-f', 'json'], ['server', 'list', '-f', 'json']]) {
    problems.push(...compare(argv, await runRealOpenstack(argv, env), await sim.tool('openstack', argv)));
  }
  assert.deepEqual(problems, []);
});

test('the limits: a landb-alias over 255 characters and a cluster name Magnum refuses fail alike', async (t) => {
  if (!needRealOpenstack(t)) return;
  const sim = simFixture('0');
  t.after(() => sim.cleanup());
  await sim.tool('openstack', ['keypair', 'create', '--public-key', sim.publicKey, 'lxplus', '-f', 'json']);
  await sim.tool('openstack', ['coe', 'cluster', 'create', 'PanDA-DOMA-k8s', '--keypair', 'lxplus', '--cluster-template', 'kubernetes-1.29.2-2', '--node-count', '1']);
  await sim.tool('openstack', ['coe', 'cluster', 'show', 'PanDA-DOMA-k8s', '-f', 'json']);
  const state = readState(simPaths(sim.dir));
  const node = state.servers.find((s) => s.name.endsWith('-node-0'))!.name;
  const api = await startOpenStackApi({ state });
  t.after(() => api.close());
  const env = realEnv(api);
  const problems: string[] = [];
  for (const argv of [
    ['server', 'set', '--property', `landb-alias=${'x--load-1-,'.repeat(23)}`, node],
    ['server', 'set', '--property', 'landb alias/x=1', node],
    ['coe', 'cluster', 'create', '9-lives', '--keypair', 'lxplus', '--cluster-template', 'kubernetes-1.29.2-2'],
    ['coe', 'cluster', 'create', `a${'b'.repeat(242)}`, '--keypair', 'lxplus', '--cluster-template', 'kubernetes-1.29.2-2'],
  ]) {
    api.load(readState(simPaths(sim.dir)));
    problems.push(...compare(argv, await runRealOpenstack(argv, env), await sim.tool('openstack', argv)));
  }
  assert.deepEqual(problems, []);
});


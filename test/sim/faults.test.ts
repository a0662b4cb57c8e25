// Each fault gives the real tool's kind of output and exit code.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { runSimCommand } from '../../src/sim/command.js';
import { parseCluster } from '../../src/tools/parse/openstack.js';
import { ingressControllerInfo, parseEvents, parseNodes, parsePods, parsePvcs, parseWorkloads } from '../../src/tools/parse/kubectl.js';
import { simFixture, SAMPLES, type SimFixture } from './helpers.js';

let sim: SimFixture;
beforeEach(() => {
  sim = simFixture('0');
});
afterEach(() => sim.cleanup());

const shape = (text: string) => text.replace(/req-[0-9a-f-]{36}/g, 'req-ID');

async function fault(...args: string[]): Promise<void> {
  const code = await runSimCommand(['fault', ...args], { simDir: sim.dir, stdout: () => {}, stderr: (t) => assert.fail(t), env: sim.env, cwd: sim.work });
  assert.equal(code, 0);
}

/** Creates a 2-node cluster and fetches its kubeconfig (speed 0: two shows complete it). */
async function cluster(): Promise<string> {
  await sim.tool('openstack', ['keypair', 'create', '--public-key', sim.publicKey, 'lxplus', '-f', 'json']);
  const c = await sim.tool('openstack', ['coe', 'cluster', 'create', 'c1', '--keypair', 'lxplus', '--cluster-template', 'kubernetes-1.30.1-1', '--node-count', '2', '--flavor', 'm2.large', '--master-flavor', 'm2.medium', '--merge-labels', '--labels', 'ingress_controller=nginx']);
  assert.equal(c.code, 0, c.stderr);
  await sim.tool('openstack', ['coe', 'cluster', 'show', 'c1', '-f', 'json']);
  await sim.tool('openstack', ['coe', 'cluster', 'show', 'c1', '-f', 'json']);
  await sim.tool('openstack', ['coe', 'cluster', 'config', 'c1', '--dir', sim.work, '--force']);
  return join(sim.work, 'config');
}

test('auth: every openstack call fails like the wrong-password sample', async () => {
  await fault('auth');
  for (const argv of [['token', 'issue', '-f', 'json'], ['coe', 'cluster', 'list', '-f', 'json']]) {
    const r = await sim.tool('openstack', argv);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(shape(r.stderr), shape(readFileSync(join(SAMPLES, 'token-issue-wrong-password.err'), 'utf8')));
  }
});

test('quota: cluster create is refused with a 403, exit 1', async () => {
  await fault('quota');
  await sim.tool('openstack', ['keypair', 'create', '--public-key', sim.publicKey, 'lxplus', '-f', 'json']);
  const r = await sim.tool('openstack', ['coe', 'cluster', 'create', 'c1', '--keypair', 'lxplus', '--cluster-template', 'kubernetes-1.30.1-1']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^Resource limit exceeded: .* \(HTTP 403\) \(Request-ID: req-[0-9a-f-]+\)\n$/);
});

test('create-failed: the cluster ends CREATE_FAILED with the given status_reason', async () => {
  await fault('create-failed', 'Resource CREATE failed: Quota exceeded for cores');
  await sim.tool('openstack', ['keypair', 'create', '--public-key', sim.publicKey, 'lxplus', '-f', 'json']);
  await sim.tool('openstack', ['coe', 'cluster', 'create', 'c1', '--keypair', 'lxplus', '--cluster-template', 'kubernetes-1.30.1-1']);
  await sim.tool('openstack', ['coe', 'cluster', 'show', 'c1', '-f', 'json']);
  const c = parseCluster((await sim.tool('openstack', ['coe', 'cluster', 'show', 'c1', '-f', 'json'])).stdout);
  assert.equal(c.status, 'CREATE_FAILED');
  assert.equal(c.statusReason, 'Resource CREATE failed: Quota exceeded for cores');
  assert.equal(c.apiAddress, null);
});

test('node-notready: that worker stays NotReady, with the kubelet reason', async () => {
  await fault('node-notready', '1');
  const kc = await cluster();
  await sim.tool('kubectl', ['--kubeconfig', kc, 'get', 'nodes', '-o', 'json']);
  const nodes = parseNodes((await sim.tool('kubectl', ['--kubeconfig', kc, 'get', 'nodes', '-o', 'json'])).stdout);
  assert.deepEqual(nodes.map((n) => [n.name.replace(/^c1-[a-z0-9]+-/, ''), n.ready]), [['master-0', true], ['node-0', true], ['node-1', false]]);
  assert.match(nodes[2]!.notReadyReason!, /^KubeletNotReady: /);
});

test('old-ingress: an ingress-nginx below 1.12 without --enable-ssl-passthrough', async () => {
  await fault('old-ingress', '1.9.6');
  const kc = await cluster();
  const r = await sim.tool('kubectl', ['--kubeconfig', kc, '-n', 'kube-system', 'get', 'daemonset', '-l', 'app.kubernetes.io/name=ingress-nginx', '-o', 'json']);
  const [ds] = parseWorkloads(r.stdout);
  assert.deepEqual(ingressControllerInfo(ds!), { version: '1.9.6', sslPassthrough: false });
});

test('transient: the first K calls fail with a connection error, then calls succeed', async () => {
  await fault('transient', '2', '--tool', 'openstack');
  const results = [];
  for (let i = 0; i < 3; i++) results.push(await sim.tool('openstack', ['token', 'issue', '-f', 'json']));
  assert.deepEqual(results.map((r) => r.code), [1, 1, 0]);
  assert.match(results[0]!.stderr, /Unable to establish connection to https:\/\/keystone\.cern\.ch.*Connection refused/);
});

test('kubectl without a reachable cluster answers like kubectl (exit 1)', async () => {
  const r = await sim.tool('kubectl', ['--kubeconfig', join(sim.work, 'nope'), 'get', 'nodes', '-o', 'json']);
  assert.deepEqual([r.code, r.stderr], [1, `error: stat ${join(sim.work, 'nope')}: no such file or directory\n`]);
  const kc = await cluster();
  const ctx = await sim.tool('kubectl', ['--kubeconfig', kc, '--context', 'other', 'get', 'nodes']);
  assert.deepEqual([ctx.code, ctx.stderr], [1, 'error: context "other" does not exist\n']);
  const missing = await sim.tool('kubectl', ['--kubeconfig', kc, 'get', 'configmap', 'nope', '-n', 'kube-system', '-o', 'json']);
  assert.deepEqual([missing.code, missing.stderr], [1, 'Error from server (NotFound): configmaps "nope" not found\n']);
});

const chart = new URL('./fixtures/tiny', import.meta.url).pathname;

async function deploy(kc: string, release: string, extra: string[] = []) {
  return sim.tool('helm', ['upgrade', '--install', release, chart, '--namespace', 'panda', '--create-namespace', '--wait', '--timeout', '5m', '--atomic', '--kubeconfig', kc, ...extra]);
}

test('image-pull and crash-loop: the chosen workload\'s pods show the reason, helm --atomic fails and uninstalls', async () => {
  const kc = await cluster();
  await fault('image-pull', 'rel1/web');
  await fault('crash-loop', 'rel2-db');
  const r1 = await deploy(kc, 'rel1');
  assert.equal(r1.code, 1);
  assert.equal(r1.stderr, 'Error: INSTALLATION FAILED: release rel1 failed, and has been uninstalled due to atomic being set: context deadline exceeded\n');
  const plain = await sim.tool('helm', ['upgrade', '--install', 'rel1', chart, '-n', 'panda', '--create-namespace', '--kubeconfig', kc]);
  assert.equal(plain.code, 0, plain.stderr);
  await sim.tool('helm', ['upgrade', '--install', 'rel2', chart, '-n', 'panda', '--kubeconfig', kc]);
  for (let i = 0; i < 3; i++) await sim.tool('kubectl', ['--kubeconfig', kc, 'get', 'pods', '-n', 'panda', '-o', 'json']);
  const pods = parsePods((await sim.tool('kubectl', ['--kubeconfig', kc, 'get', 'pods', '-n', 'panda', '-o', 'json'])).stdout);
  const reasons = Object.fromEntries(pods.map((p) => [p.name.replace(/-[a-z0-9]+-[a-z0-9]{5}$/, ''), p.waitingReason ?? (p.ready ? 'Ready' : p.phase)]));
  assert.deepEqual(reasons, { 'rel1-web': 'ImagePullBackOff', 'rel1-db-0': 'Ready', 'rel2-web': 'Ready', 'rel2-db-0': 'CrashLoopBackOff' });
  const crash = pods.find((p) => p.name === 'rel2-db-0')!;
  assert.ok(crash.restarts > 0);
  const logs = await sim.tool('kubectl', ['--kubeconfig', kc, 'logs', 'rel2-db-0', '-n', 'panda', '--tail', '2']);
  assert.equal(logs.stdout.split('\n').length, 3);
  const events = parseEvents((await sim.tool('kubectl', ['--kubeconfig', kc, 'get', 'events', '-n', 'panda', '-o', 'json'])).stdout);
  assert.ok(events.some((e) => e.type === 'Warning' && e.reason === 'Failed' && /Failed to pull image/.test(e.message)));
  assert.ok(events.some((e) => e.reason === 'BackOff' && /Back-off restarting failed container/.test(e.message)));
});

test('pvc-pending: the claim stays Pending and its pod unschedulable; helm (no rollback) leaves the release failed', async () => {
  const kc = await cluster();
  await fault('pvc-pending');
  const r = await sim.tool('helm', ['upgrade', '--install', 'rel', chart, '-n', 'panda', '--create-namespace', '--wait', '--timeout', '1m', '--kubeconfig', kc]);
  assert.deepEqual([r.code, r.stderr], [1, 'Error: INSTALLATION FAILED: context deadline exceeded\n']);
  const pvcs = parsePvcs((await sim.tool('kubectl', ['--kubeconfig', kc, 'get', 'pvc', '-n', 'panda', '-o', 'json'])).stdout);
  assert.deepEqual(pvcs.map((c) => [c.name, c.phase]), [['data-rel-db-0', 'Pending']]);
  const pods = parsePods((await sim.tool('kubectl', ['--kubeconfig', kc, 'get', 'pods', '-n', 'panda', '-l', 'app.kubernetes.io/component=db', '-o', 'json'])).stdout);
  assert.match(pods[0]!.unschedulable!, /pod has unbound immediate PersistentVolumeClaims/);
  const list = JSON.parse((await sim.tool('helm', ['list', '-n', 'panda', '-o', 'json', '--kubeconfig', kc])).stdout);
  assert.equal(list[0].status, 'failed');
});

test('helm-timeout: an upgrade of a deployed release fails and is rolled back (helm 4 wording)', async () => {
  const kc = await cluster();
  await runSimCommand(['helm-major', '4'], { simDir: sim.dir, stdout: () => {}, stderr: () => {}, env: sim.env, cwd: sim.work });
  const ok = await sim.tool('helm', ['upgrade', '--install', 'rel', chart, '-n', 'panda', '--create-namespace', '--wait', '--rollback-on-failure', '--kubeconfig', kc]);
  assert.equal(ok.code, 0, ok.stderr);
  await fault('helm-timeout', 'rel');
  const r = await sim.tool('helm', ['upgrade', '--install', 'rel', chart, '-n', 'panda', '--wait', '--rollback-on-failure', '--set', 'replicas=3', '--kubeconfig', kc]);
  assert.deepEqual([r.code, r.stderr], [1, 'Error: UPGRADE FAILED: release rel failed, and has been rolled back due to rollback-on-failure being set: context deadline exceeded\n']);
  const status = JSON.parse((await sim.tool('helm', ['status', 'rel', '-n', 'panda', '-o', 'json', '--kubeconfig', kc])).stdout);
  assert.deepEqual([status.version, status.info.status, status.info.description], [3, 'deployed', 'Rollback to 1']);
});

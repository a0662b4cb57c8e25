// `panda-k8s plan`: the steps in order with the commands they would run; nothing changes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, tempDir } from '../helpers/process.js';

const BUNDLE = path.join(ROOT, 'dist', 'panda-k8s.mjs');
const env = { ...process.env, CI: '1', PANDA_K8S_SIM_SPEED: '0', PANDA_K8S_POLL_MS: '0' };

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function mutatingCalls(ws: string): unknown[] {
  const file = path.join(ws, '.panda-k8s', 'sim', 'calls.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((c) => c.mutating);
}

function snapshot(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => {
    const file = path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
    return `${path.relative(dir, file)}:${fs.statSync(file).size}:${fs.statSync(file).mtimeMs}`;
  }).sort();
}

describe('plan', () => {
  test('on a fresh rehearsal workspace it lists every step with the commands that would change something, and changes nothing', () => {
    const ws = tempDir();
    const secretsFiles = snapshot(path.join(ROOT, 'secrets', 'files'));
    const r = cli(['plan', '--target', 'sim', '-w', ws]);
    assert.equal(r.code, 0, r.stderr);
    const order = [...r.stdout.matchAll(/^\s*\d+\. (\S+)/gm)].map((m) => m[1]);
    assert.deepEqual(order.slice(0, 4), ['preflight', 'keypair', 'cluster-template', 'cluster']);
    assert.equal(order.at(-1), 'verify');
    assert.match(r.stdout, /\$ openstack keypair create --public-key \S+ panda-k8s-rehearsal/);
    assert.match(r.stdout, /\$ openstack coe cluster create panda-k8s --keypair panda-k8s-rehearsal --cluster-template kubernetes-1\.30\.1-1 .*--merge-labels --labels cern_enabled=true,ingress_controller=nginx,cinder_csi_enabled=True/);
    for (const rel of ['panda-secrets', 'test-msgsvc', 'test-iam', 'test-panda', 'test-harvester', 'test-idds', 'test-bigmon']) {
      assert.match(r.stdout, new RegExp(`\\$ helm upgrade --install ${rel} `));
    }
    assert.match(r.stdout, /^\d+ of 26 steps would run \(keypair, cluster, .*verify\), with \d+ commands that change something\. Nothing was changed: run panda-k8s bootstrap to do it\.$/m);
    assert.deepEqual(mutatingCalls(ws), [], 'no mutating command reached the cloud');
    assert.equal(fs.existsSync(path.join(ws, '.panda-k8s', 'state.json')), false, 'no journal');
    assert.equal(fs.existsSync(path.join(ws, 'panda-k8s.yaml')), false, 'no answers file');
    assert.equal(fs.existsSync(path.join(ws, '.panda-k8s', 'secrets.values.yaml')), false, 'no secret values file');
    assert.deepEqual(snapshot(path.join(ROOT, 'secrets', 'files')), secretsFiles, 'secrets/files untouched');
  });

  test('on a bootstrapped workspace every step is already done (verify tests again) and only verify\'s helm tests are listed', () => {
    const ws = tempDir();
    const boot = cli(['bootstrap', '--target', 'sim', '--yes', '--plain', '-w', ws]);
    assert.equal(boot.code, 0, boot.stderr + boot.stdout.slice(-3000));
    const before = mutatingCalls(ws).length;
    const r = cli(['plan', '-w', ws]);
    assert.equal(r.code, 0, r.stderr);
    // verify always runs each release's helm test again (it makes the test Pods): the only commands listed.
    const listed = [...r.stdout.matchAll(/^\s+\$ (.*)$/gm)].map((m) => m[1]!.split(' ').slice(0, 3).join(' '));
    assert.deepEqual(listed, ['test-msgsvc', 'test-iam', 'test-panda', 'test-harvester', 'test-idds', 'test-bigmon'].map((rel) => `helm test ${rel}`), r.stdout);
    const steps = [...r.stdout.matchAll(/^\s*\d+\. (\S+)/gm)].map((m) => m[1]);
    const done = [...r.stdout.matchAll(/^\s*\d+\. (\S+).*\n\s+already done/gm)].map((m) => m[1]);
    assert.deepEqual(steps.filter((s) => !done.includes(s)), ['verify'], r.stdout);
    assert.match(r.stdout, /^1 of 26 steps would run \(verify\), with 6 commands that change something\./m);
    assert.equal(mutatingCalls(ws).length, before);
  });
});

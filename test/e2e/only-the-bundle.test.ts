// The bundle is the product: from a folder that holds only dist/panda-k8s.mjs, with helm and kubectl on PATH
// and a home and cache of its own (as a user who copied one file to lxplus), every command works: the full
// rehearsal (target sim), target existing, install -t, plan, status, uninstall, sim. Nothing of the checkout
// is reachable from there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import YAML from 'yaml';
import { HELM_V3, KUBECTL_V32 } from '../../src/tools/bundled-tools.js';
import { ROOT, tempDir } from '../helpers/process.js';

describe('a folder holding only the bundle', () => {
  const dir = tempDir('pk8s-lone-');
  const bundle = path.join(dir, 'panda-k8s.mjs');
  fs.copyFileSync(path.join(ROOT, 'dist', 'panda-k8s.mjs'), bundle);
  const home = tempDir('pk8s-home-');
  const cache = tempDir('pk8s-cache-');
  // helm and kubectl where a user has them: one folder on PATH (links to the real binaries), then the system's.
  const bin = tempDir('pk8s-bin-');
  fs.symlinkSync(HELM_V3, path.join(bin, 'helm'));
  fs.symlinkSync(KUBECTL_V32, path.join(bin, 'kubectl'));
  const env: NodeJS.ProcessEnv = {
    PATH: [bin, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter),
    HOME: home,
    XDG_CACHE_HOME: cache,
    PANDA_K8S_SIM_SPEED: '0',
    TMPDIR: process.env['TMPDIR'] ?? '/tmp',
  };
  const ws = path.join(dir, 'ws');
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [bundle, ...args], { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, all: `${r.stdout}\n${r.stderr}` };
  };

  test('the whole rehearsal runs, deploying the charts the bundle carries, staged in the workspace', () => {
    const r = run('bootstrap', '--target', 'sim', '--yes', '--plain', '-w', ws);
    assert.equal(r.code, 0, r.all.slice(-3000));
    assert.match(r.stdout, /^\[verify\] done/m);
    const staged = fs.readdirSync(path.join(ws, '.panda-k8s', 'home'));
    assert.equal(staged.length, 1);
    assert.match(staged[0]!, /^[0-9a-f]{16}$/);
    const charts = path.join(ws, '.panda-k8s', 'home', staged[0]!, 'charts');
    assert.deepEqual(fs.readdirSync(charts).sort(), fs.readdirSync(path.join(ROOT, 'charts')).sort());
    // Every release was installed from there (the sim's call log has the real argv).
    const calls = fs.readFileSync(path.join(ws, '.panda-k8s', 'sim', 'calls.jsonl'), 'utf8');
    const upgrades = calls.split('\n').filter((l) => l.includes('"upgrade"'));
    assert.ok(upgrades.length >= 7, `secrets and six releases installed, saw ${upgrades.length}`);
    for (const line of upgrades) assert.ok(line.includes(path.join(ws, '.panda-k8s')), `installed from the workspace: ${line.slice(0, 300)}`);
  });

  test('status, plan, sim status, uninstall and install on the rehearsal workspace', () => {
    const status = run('status', '-w', ws);
    assert.equal(status.code, 0, status.all);
    assert.match(status.stdout, /release:test-bigmon\s+done/);
    const plan = run('plan', '-w', ws);
    assert.equal(plan.code, 0, plan.all);
    const sim = run('sim', 'status', '-w', ws);
    assert.equal(sim.code, 0, sim.all);
    assert.match(sim.stdout, /^speed: 0 {3}helm: [34]/m);
    const uninstall = run('uninstall', '-c', 'bigmon', '--yes', '--plain', '-w', ws);
    assert.equal(uninstall.code, 0, uninstall.all);
    const install = run('install', '-c', 'bigmon', '--yes', '--plain', '-w', ws);
    assert.equal(install.code, 0, install.all);
  });

  test('target existing: deploys through the kubeconfig of a cluster made elsewhere (the rehearsal\'s)', () => {
    const ex = path.join(dir, 'ex');
    fs.mkdirSync(ex);
    const kubeconfig = path.join(ws, '.panda-k8s', 'kube', 'config');
    const outside: Record<string, string> = {
      'auth.oidc.audience': 'https://pandaserver.example.org', 'auth.oidc.config_url': 'https://iam.example.org/.well-known/openid-configuration',
      'auth.oidc.clients[0].client_id': 'panda-client', 'auth.oidc.token_cache.client_id': 'token-client', 'auth.oidc.token_cache.endpoint': 'https://iam.example.org/token',
      'panda.hostName': 'pandaserver.example.org', 'bigmon.hostname': 'bigmon.example.org', 'bigmon.vo': 'atlas',
      'bigmon.auth.providers.indigoiam.basePath': 'https://iam.example.org', 'iam.baseUrl': 'https://iam.example.org',
    };
    fs.writeFileSync(path.join(ex, 'panda-k8s.yaml'), YAML.stringify({
      target: 'existing', profile: 'existing', kube: { kubeconfig, namespace: 'panda-ex' }, deploy: { affix: 'ex-' }, secrets: { values: outside },
    }));
    const secrets = {
      PANDA_K8S_SECRET_AUTH_AUTHIDTOKEN: 't', PANDA_K8S_SECRET_AUTH_OIDC_CLIENTS_0_CLIENT_SECRET: 'c', PANDA_K8S_SECRET_AUTH_OIDC_TOKEN_CACHE_CLIENT_SECRET: 'tc',
      PANDA_K8S_SECRET_BIGMON_AUTH_PROVIDERS_INDIGOIAM_KEY: 'k', PANDA_K8S_SECRET_BIGMON_AUTH_PROVIDERS_INDIGOIAM_SECRET: 's',
    };
    // That cluster's kubectl and helm (the rehearsal's stand-ins, themselves this bundle) first on PATH.
    const clusterTools = path.join(ws, '.panda-k8s', 'sim', 'bin');
    const r = spawnSync(process.execPath, [bundle, 'bootstrap', '--yes', '--plain', '-w', ex], {
      cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
      env: { ...env, ...secrets, PATH: [clusterTools, env['PATH']].join(path.delimiter) },
    });
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`.slice(-3000));
    assert.match(r.stdout, /^\[summary\] PanDA is deployed/m);
    assert.equal(fs.readdirSync(path.join(ex, '.panda-k8s', 'home')).length, 1, 'its own staged copy');
  });

  test('install -t renders every component with the helm on PATH', () => {
    const r = run('install', '-t', '-e', 'lsst');
    assert.equal(r.code, 0, r.all.slice(-3000));
    const headers = [...r.stdout.matchAll(/^# ---- (\S+) /gm)].map((m) => m[1]);
    assert.deepEqual(headers, ['test-msgsvc', 'test-iam', 'test-panda', 'test-harvester', 'test-idds', 'test-bigmon']);
  });

  test('nothing was written beside the bundle but the workspaces', () => {
    assert.deepEqual(fs.readdirSync(dir).sort(), ['ex', 'panda-k8s.mjs', 'ws']);
  });
});

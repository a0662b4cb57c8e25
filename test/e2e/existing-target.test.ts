// Target existing end to end: a cluster that panda-k8s did not make (here one the sim made for
// another workspace), reached only through the kubeconfig the answers name. No OpenStack step runs,
// every kubectl and helm call names that kubeconfig, a second run changes nothing, and a kubeconfig
// that is not there is a bad input (exit 2) before anything runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import YAML from 'yaml';
import { ROOT, tempDir } from '../helpers/process.js';
import { projectHome } from '../helpers/e2e-home.js';
import { readCalls, readJournal, type SimCall } from '../helpers/e2e-workspace.js';

const BUNDLE = path.join(ROOT, 'dist', 'panda-k8s.mjs');
const UNSET = ['CI', 'NO_COLOR', 'PANDA_K8S_SIM_DIR', 'PANDA_K8S_POLL_MS', 'KUBECONFIG'];
/** The secrets an operator exports: they must never show in output, transcript or journal. */
const SECRETS: Record<string, string> = {
  PANDA_K8S_SECRET_AUTH_AUTHIDTOKEN: 'tok-3f9c1e77aa',
  PANDA_K8S_SECRET_AUTH_OIDC_CLIENTS_0_CLIENT_SECRET: 'cs-81be55d0c2',
  PANDA_K8S_SECRET_AUTH_OIDC_TOKEN_CACHE_CLIENT_SECRET: 'tc-0a6d93f4e1',
  PANDA_K8S_SECRET_BIGMON_AUTH_PROVIDERS_INDIGOIAM_KEY: 'ik-5c2e7b19d8',
  PANDA_K8S_SECRET_BIGMON_AUTH_PROVIDERS_INDIGOIAM_SECRET: 'is-e4f07a3b96',
};
const OPENSTACK_ONLY = ['keypair', 'cluster-template', 'cluster', 'cluster-ready', 'kubeconfig', 'landb-aliases'];

let dir = '';
let home = '';
let clusterWs = '';
let kubeconfig = '';
let simBin = '';

function run(ws: string, args: string[], extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, PANDA_K8S_HOME: home, PANDA_K8S_SIM_SPEED: '0.001', ...extraEnv };
  for (const k of UNSET) delete env[k];
  const r = spawnSync(process.execPath, [BUNDLE, 'bootstrap', '--yes', '--plain', '-w', ws, ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

/** An existing-cluster workspace: the answers an operator writes, with the outside values that are not secret. */
function existingWorkspace(name: string, kube: string): string {
  const ws = path.join(dir, name);
  fs.mkdirSync(ws);
  fs.writeFileSync(path.join(ws, 'panda-k8s.yaml'), YAML.stringify({
    target: 'existing',
    profile: 'existing',
    kube: { kubeconfig: kube, namespace: 'panda-ex' },
    deploy: { affix: 'ex-' },
    secrets: {
      values: {
        'auth.oidc.audience': 'https://pandaserver.example.org',
        'auth.oidc.config_url': 'https://iam.example.org/.well-known/openid-configuration',
        'auth.oidc.clients[0].client_id': 'panda-client',
        'auth.oidc.token_cache.client_id': 'token-client',
        'auth.oidc.token_cache.endpoint': 'https://iam.example.org/token',
        'panda.hostName': 'pandaserver.example.org',
        'bigmon.hostname': 'bigmon.example.org',
        'bigmon.vo': 'atlas',
        'bigmon.auth.providers.indigoiam.basePath': 'https://iam.example.org',
        'iam.baseUrl': 'https://iam.example.org',
      },
    },
  }));
  return ws;
}

/** The cluster's tools (kubectl, helm; openstack too, to catch any call to it) first on PATH. */
const withClusterTools = () => ({ PATH: [simBin, process.env['PATH'] ?? ''].join(path.delimiter), ...SECRETS });

describe('target existing against a cluster made elsewhere', { timeout: 300_000 }, () => {
  before(() => {
    assert.ok(fs.existsSync(BUNDLE), `${BUNDLE} is missing: run node scripts/build.mjs (npm test does)`);
    dir = tempDir('pk8s-existing-');
    home = projectHome(dir);
    clusterWs = path.join(dir, 'cluster');
    fs.mkdirSync(clusterWs);
    const made = run(clusterWs, ['--target', 'sim']);
    assert.equal(made.code, 0, made.out.slice(-2000));
    kubeconfig = path.join(clusterWs, '.panda-k8s', 'kube', 'config');
    simBin = path.join(clusterWs, '.panda-k8s', 'sim', 'bin');
    assert.ok(fs.existsSync(kubeconfig) && fs.existsSync(path.join(simBin, 'kubectl')));
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('deploys through the named kubeconfig only, with no OpenStack step; a second run changes nothing', () => {
    const ws = existingWorkspace('existing', kubeconfig);
    const before = readCalls(clusterWs).length;
    const first = run(ws, [], withClusterTools());
    assert.equal(first.code, 0, first.out.slice(-3000));
    assert.match(first.out, /^\[summary\] PanDA is deployed/m);
    // verify proves the broker with its helm test (a STOMP login per account, a message round trip).
    assert.match(first.out, /^\[verify\] - ok: helm test ex-msgsvc: ex-msgsvc-activemq-test Succeeded$/m);
    assert.doesNotMatch(first.out, /malformed HTTP response/);
    for (const r of ['ex-msgsvc', 'ex-iam', 'ex-panda', 'ex-harvester', 'ex-idds', 'ex-bigmon']) {
      assert.match(first.out, new RegExp(`^\\[summary\\] release ${r} \\(\\S+\\): deployed$`, 'm'));
    }

    const journal = readJournal(ws);
    assert.deepEqual(Object.keys(journal.steps).filter((id) => OPENSTACK_ONLY.includes(id)), [], 'no OpenStack step in the plan');
    assert.deepEqual(Object.entries(journal.steps).filter(([, r]) => r.status !== 'done').map(([id]) => id), [], 'every step done');
    assert.equal(fs.existsSync(path.join(ws, '.panda-k8s', 'sim')), false, 'no simulated cloud of its own');
    assert.equal(fs.existsSync(path.join(ws, '.panda-k8s', 'kube')), false, 'no kubeconfig of its own');

    const calls: SimCall[] = readCalls(clusterWs).slice(before);
    assert.ok(calls.length > 0, 'the run reached the cluster');
    assert.deepEqual(calls.filter((c) => c.tool === 'openstack').map((c) => c.argv.join(' ')), [], 'no openstack call');
    const kubeCalls = calls.filter((c) => (c.tool === 'kubectl' || c.tool === 'helm') && !/^(version|template)$/.test(c.argv[0] ?? ''));
    for (const c of kubeCalls) {
      const at = c.argv.indexOf('--kubeconfig');
      assert.ok(at >= 0 && c.argv[at + 1] === kubeconfig, `${c.tool} ${c.argv.join(' ')} names the kubeconfig`);
    }
    const upgrades = calls.filter((c) => c.tool === 'helm' && c.argv[0] === 'upgrade');
    assert.equal(upgrades.length, 7, upgrades.map((c) => c.argv.slice(0, 3).join(' ')).join('\n'));
    for (const c of upgrades) assert.equal(c.argv[c.argv.indexOf('--namespace') + 1], 'panda-ex', c.argv.join(' '));

    // The exported secrets reached the cluster (in the secrets release's values) but nothing we print or keep.
    const kept = [first.out, fs.readFileSync(path.join(ws, '.panda-k8s', 'state.json'), 'utf8'),
      ...fs.readdirSync(path.join(ws, '.panda-k8s', 'logs')).map((f) => fs.readFileSync(path.join(ws, '.panda-k8s', 'logs', f), 'utf8'))].join('\n');
    for (const value of Object.values(SECRETS)) assert.ok(!kept.includes(value), `secret ${value.slice(0, 3)}… is masked`);

    const transcripts = fs.readdirSync(path.join(ws, '.panda-k8s', 'logs')).map((f) => fs.readFileSync(path.join(ws, '.panda-k8s', 'logs', f), 'utf8')).join('\n');
    assert.match(transcripts, /POD LOGS: ex-msgsvc-activemq-test/, 'the transcript keeps the test Pods\' logs');

    const count = readCalls(clusterWs).length;
    const second = run(ws, [], withClusterTools());
    assert.equal(second.code, 0, second.out.slice(-2000));
    const mutating = readCalls(clusterWs).slice(count).filter((c) => c.mutating);
    // Only verify's helm test of each release runs again (it makes test Pods, and changes no release).
    assert.deepEqual(mutating.map((c) => `${c.tool} ${c.argv.slice(0, 2).join(' ')}`).sort(), ['ex-bigmon', 'ex-harvester', 'ex-iam', 'ex-idds', 'ex-msgsvc', 'ex-panda'].map((r) => `helm test ${r}`), 'the second run changes nothing');
  });

  test('a kubeconfig that is not there: exit 2 naming kube.kubeconfig, nothing run', () => {
    const missing = path.join(dir, 'nowhere', 'config');
    const ws = existingWorkspace('missing-kubeconfig', missing);
    const before = readCalls(clusterWs).length;
    const r = run(ws, [], withClusterTools());
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, new RegExp(`kube\\.kubeconfig \\(answers file or --kubeconfig\\): ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a readable file`));
    assert.equal(fs.existsSync(path.join(ws, '.panda-k8s', 'state.json')), false, 'no journal: nothing ran');
    assert.equal(readCalls(clusterWs).length, before, 'no tool was called');
  });
});

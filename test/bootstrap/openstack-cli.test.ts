// The product's OpenStack steps through the REAL openstack CLI (python-openstackclient 6.0 + magnumclient)
// against the loopback Keystone/Nova/Magnum stand-in: keypair, template, cluster create → CREATE_IN_PROGRESS →
// COMPLETE, CREATE_FAILED with its reason, the wait for a cluster being deleted, cluster config (SHELL unset, csh),
// the LanDB properties (the 255 limit → HTTP 400), a refused password; a second run POSTs nothing.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { RunData } from '../../src/app/run-data.js';
import { Journal, runPlan, type RunSummary, type Step } from '../../src/engine/index.js';
import { createExec, ToolError, type Exec } from '../../src/tools/exec/index.js';
import { OpenStack } from '../../src/tools/openstack.js';
import { keypairStep } from '../../bootstrap/keypair.js';
import { clusterTemplateStep } from '../../bootstrap/cluster-template.js';
import { clusterStep } from '../../bootstrap/cluster.js';
import { clusterReadyStep } from '../../bootstrap/cluster-ready.js';
import { kubeconfigStep } from '../../bootstrap/kubeconfig.js';
import { landbAliasesStep } from '../../bootstrap/landb-aliases.js';
import { preflightStep } from '../../bootstrap/preflight.js';
import { fakeData } from '../helpers/bootstrap-fake.js';
import { publicKeyFile } from '../helpers/bootstrap-answers.js';
import { tempDir } from '../helpers/bootstrap-fixtures.js';
import { startOpenStackApi, type OpenStackApi } from '../helpers/openstack-api.js';
import { needRealOpenstack, realEnv } from '../helpers/real-openstack.js';

/** The openstack steps in runbook order (landb-aliases after kubeconfig: the nodes come from a stand-in kubectl). */
const STEPS: Step<RunData>[] = [keypairStep, clusterTemplateStep, clusterStep, clusterReadyStep, kubeconfigStep, { ...landbAliasesStep, needs: ['kubeconfig'] }]
  .map((s) => ({ ...s, needs: (s.needs ?? []).filter((n) => n !== 'preflight') }));

/** kubectl answers `get nodes` with the cluster's servers, all Ready (the real kubectl is not under test here). */
function withNodes(real: Exec, api: OpenStackApi): Exec {
  return {
    ...real,
    run: async (file, args, opts) => {
      if (file !== 'kubectl') return real.run(file, args, opts);
      const items = api.state.servers.filter((s) => s.clusterUuid).map((s) => ({
        metadata: { name: s.name, labels: /-master-/.test(s.name) ? { 'node-role.kubernetes.io/master': '' } : {} },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      }));
      const stdout = JSON.stringify({ kind: 'List', items });
      return { command: `kubectl ${args.join(' ')}`, argv: [file, ...args], cwd: '', exitCode: 0, signal: undefined, durationMs: 0, stdout, stderr: '', timedOut: false, isCanceled: false, dryRun: false, failed: false };
    },
  };
}

interface Setup {
  api: OpenStackApi;
  workspace: string;
  projectRoot: string;
  keyFile: string;
  journal: Journal;
  /** Every command the product ran (argv), across runs. */
  commands: string[][];
  data(env?: Record<string, string | undefined>, answers?: Record<string, unknown>): RunData;
}

async function setup(t: TestContext, options: Parameters<typeof startOpenStackApi>[0] = {}): Promise<Setup | undefined> {
  if (!needRealOpenstack(t)) return undefined;
  const api = await startOpenStackApi(options);
  t.after(() => api.close());
  const workspace = tempDir('osc-ws');
  const keyFile = publicKeyFile(workspace);
  const journal = Journal.inMemory();
  const commands: string[][] = [];
  let projectRoot: string | undefined;
  const s: Setup = {
    api, workspace, keyFile, journal, commands,
    get projectRoot() {
      return projectRoot!;
    },
    data(env = {}, answers = {}) {
      const real = createExec({ env: realEnv(api, env) });
      const recorded: Exec = { ...real, run: (file, args, o) => (commands.push([file, ...args]), real.run(file, args, o)) };
      const data = fakeData(withNodes(recorded, api), {
        cluster: { name: 'PanDA-DOMA-k8s', keypair: 'lxplus', publicKeyFile: keyFile, nodeCount: 2, template: 'kubernetes-1.29.2-2', ...answers },
      }, { target: 'openstack', workspace, ...(projectRoot ? { projectRoot } : {}) });
      projectRoot ??= data.projectRoot;
      return data;
    },
  };
  return s;
}

function run(s: Setup, data: RunData, steps = STEPS): Promise<RunSummary> {
  return runPlan({ steps, data, journal: s.journal, concurrency: 1 });
}

const errorsOf = (summary: RunSummary) => Object.entries(summary.errors).map(([id, e]) => `[${id}] ${e.message}\n${((e as { nextSteps?: string[] }).nextSteps ?? []).join('\n')}`).join('\n');
const writes = (api: OpenStackApi) => api.requests.filter((r) => r.method !== 'GET' && r.path !== '/identity/v3/auth/tokens');

test('through the real CLI: keypair, newest-or-answered template, cluster create → CREATE_COMPLETE, kubeconfig, aliases; a second run POSTs nothing', async (t) => {
  const s = await setup(t);
  if (!s) return;
  const first = await run(s, s.data());
  assert.equal(first.status, 'done', errorsOf(first));

  // What the API was asked to change, as the real client sent it.
  const posts = writes(s.api).map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, '<id>')}`);
  assert.deepEqual(posts, [
    'POST /compute/v2.1/os-keypairs',
    'POST /container-infra/v1/clusters',
    'POST /container-infra/v1/certificates',
    'POST /compute/v2.1/servers/<id>/metadata',
    'POST /compute/v2.1/servers/<id>/metadata',
  ]);
  const create = writes(s.api).find((r) => r.path === '/container-infra/v1/clusters')!.body as Record<string, unknown>;
  assert.equal(create['name'], 'PanDA-DOMA-k8s', 'the name goes to Magnum as given');
  assert.equal(create['merge_labels'], true);
  assert.deepEqual(create['labels'], { cern_enabled: 'true', ingress_controller: 'nginx', cinder_csi_enabled: 'True' });
  assert.deepEqual([create['node_count'], create['flavor_id'], create['master_flavor_id'], create['keypair']], [2, 'm2.xlarge', 'm2.xlarge', 'lxplus']);

  // The kubeconfig the client wrote, made private; the aliases on the nodes, lower-case.
  const kubeconfig = path.join(s.workspace, '.panda-k8s/kube/config');
  assert.equal(fs.statSync(kubeconfig).mode & 0o777, 0o600);
  assert.match(fs.readFileSync(kubeconfig, 'utf8'), /name: PanDA-DOMA-k8s/);
  const nodes = s.api.state.servers.filter((x) => /-node-\d$/.test(x.name)).sort((a, b) => a.name.localeCompare(b.name));
  assert.deepEqual(nodes.map((n) => n.properties['landb-alias']!.split(',')[0]), ['panda-doma-k8s--load-1-', 'panda-doma-k8s--load-2-']);

  // The second run: nothing to do, nothing POSTed, and few calls (one cluster show, one server list).
  const before = s.api.requests.length;
  const calls = s.commands.length;
  const second = await run(s, s.data());
  assert.equal(second.status, 'done', errorsOf(second));
  assert.deepEqual(s.api.requests.slice(before).filter((r) => r.method !== 'GET' && r.path !== '/identity/v3/auth/tokens'), []);
  assert.deepEqual(s.commands.slice(calls).filter((c) => c[0] === 'openstack').map((c) => c.slice(1).join(' ')), [
    'coe cluster show PanDA-DOMA-k8s -f json',
    `server list --long --no-name-lookup --name ${nodes[0]!.name.replace(/0$/, '')} -f json -c Name -c Properties`,
  ]);
});

test('through the real CLI: CREATE_FAILED stops with Magnum\'s status_reason and the delete command', async (t) => {
  const s = await setup(t);
  if (!s) return;
  s.api.failNextCreate('Resource CREATE failed: ResourceInError: resources.kube_minions: Went to status ERROR due to "Message: No valid host was found."');
  const r = await run(s, s.data());
  assert.equal(r.status, 'failed');
  assert.equal(r.steps['cluster-ready'], 'failed');
  assert.match(errorsOf(r), /cluster PanDA-DOMA-k8s: CREATE_FAILED: Resource CREATE failed: ResourceInError: .*No valid host was found\.[\s\S]*openstack coe cluster delete PanDA-DOMA-k8s/);
});

test('through the real CLI: a cluster still being deleted is waited for (DELETE_IN_PROGRESS), then created anew', async (t) => {
  const s = await setup(t, { showsToFinishDelete: 3 });
  if (!s) return;
  const first = await run(s, s.data());
  assert.equal(first.status, 'done', errorsOf(first));
  s.api.startDelete('PanDA-DOMA-k8s');
  const old = s.api.state.clusters[s.api.state.clusters.length - 1]!.uuid;
  const again = fakeJournalRun(s);
  const r = await again;
  assert.equal(r.status, 'done', errorsOf(r));
  const cluster = s.api.state.clusters.find((c) => c.name === 'PanDA-DOMA-k8s')!;
  assert.notEqual(cluster.uuid, old, 'created anew after the old one was gone');
  assert.equal(writes(s.api).filter((w) => w.path === '/container-infra/v1/clusters').length, 2);
});

/** A run that forgets what the journal learned (a fresh workspace journal): every check asks the cloud. */
function fakeJournalRun(s: Setup): Promise<RunSummary> {
  return runPlan({ steps: STEPS, data: s.data(), journal: Journal.inMemory(), concurrency: 1 });
}

test('through the real CLI: cluster config works with SHELL unset (the wrapper passes it) and with a csh SHELL', async (t) => {
  const s = await setup(t);
  if (!s) return;
  assert.equal((await run(s, s.data(), STEPS.slice(0, 4))).status, 'done');
  const dir = path.join(s.workspace, 'cfg');
  fs.mkdirSync(dir);
  for (const shell of [undefined, '/bin/tcsh']) {
    const exec = createExec({ env: realEnv(s.api, { SHELL: shell }) });
    const printed = await new OpenStack(exec).clusterConfig('PanDA-DOMA-k8s', dir);
    assert.equal(printed, path.join(dir, 'config'), `SHELL=${shell ?? '(unset)'}`);
  }
  // Without the wrapper's SHELL the client itself dies with KeyError 'SHELL': what the wrapper guards against.
  const bare = createExec({ env: realEnv(s.api, { SHELL: undefined }) });
  const r = await bare.run('openstack', ['coe', 'cluster', 'config', 'PanDA-DOMA-k8s', '--dir', dir, '--force'], { allowFailure: true, env: { SHELL: undefined } });
  assert.deepEqual([r.exitCode, r.stderr.trim()], [1, "'SHELL'"]);
});

test('through the real CLI: a landb-alias over 255 characters is refused by Nova with HTTP 400, as the sim refuses it', async (t) => {
  const s = await setup(t);
  if (!s) return;
  assert.equal((await run(s, s.data(), STEPS.slice(0, 4))).status, 'done');
  const node = s.api.state.servers.find((x) => x.name.endsWith('-node-0'))!.name;
  const os = new OpenStack(createExec({ env: realEnv(s.api) }));
  const long = 'a'.repeat(256);
  const error = await os.serverSetProperty(node, 'landb-alias', long).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof ToolError);
  assert.equal(error.exitCode, 1);
  assert.match(error.stderr, new RegExp(`^Invalid input for field/attribute landb-alias\\. Value: ${long}\\. '${long}' is too long \\(HTTP 400\\) \\(Request-ID: req-[0-9a-f-]{36}\\)$`));
  assert.equal(s.api.state.servers.find((x) => x.name === node)!.properties['landb-alias'], undefined);
});

test('through the real CLI: a refused password stops preflight with the fix, before anything is asked of Magnum or Nova', async (t) => {
  const s = await setup(t);
  if (!s) return;
  const data = s.data({ OS_PASSWORD: 'not-the-password' });
  const r = await runPlan({ steps: [preflightStep], data, journal: Journal.inMemory() });
  assert.equal(r.status, 'failed');
  assert.match(errorsOf(r), /OpenStack credentials do not work: The request you have made requires authentication\. \(HTTP 401\) \(Request-ID: req-[0-9a-f-]{36}\)[\s\S]*openstack token issue/);
  assert.deepEqual(s.api.requests.filter((q) => !q.path.startsWith('/identity')), []);
});

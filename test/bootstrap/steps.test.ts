// The cluster steps against a recording fake Exec: the commands they run, and the ones they do not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keypairStep } from '../../bootstrap/keypair.js';
import { clusterStep } from '../../bootstrap/cluster.js';
import { clusterReadyStep } from '../../bootstrap/cluster-ready.js';
import { ingressLabelsStep } from '../../bootstrap/ingress-labels.js';
import { ingressSnippetsStep } from '../../bootstrap/ingress-snippets.js';
import { landbAliasesStep } from '../../bootstrap/landb-aliases.js';
import { clusterTemplateStep } from '../../bootstrap/cluster-template.js';
import { fakeData, fakeExec, json, nodesJson, runSteps } from '../helpers/bootstrap-fake.js';

const ANSWERS = { cluster: { name: 'pkc', nodeCount: 2, keypair: 'lxplus', publicKeyFile: '/dev/null' } };
const mutating = (calls: { argv: string[]; mutating: boolean }[]) => calls.filter((c) => c.mutating).map((c) => c.argv.join(' '));
/** `coe cluster show pkc`: no such cluster yet (what the keypair and template checks ask first). */
const NO_CLUSTER: [RegExp, { exitCode: number; stderr: string }] = [/coe cluster show pkc/, { exitCode: 1, stderr: 'Cluster pkc could not be found (HTTP 404) (Request-ID: req-1)' }];
const STANDING = json({ uuid: 'u1', name: 'pkc', status: 'CREATE_COMPLETE', node_count: 2, cluster_template_id: 'tmpl-uuid', keypair: 'lxplus', labels: {}, faults: {} });
const errorOf = (s: { errors: Record<string, Error> }) => Object.values(s.errors).map((e) => `${e.message}\n${((e as { nextSteps?: string[] }).nextSteps ?? []).join('\n')}`).join('\n');

test('keypair: an existing keypair is kept (no create, no overwrite)', async () => {
  const exec = fakeExec([NO_CLUSTER, [/keypair show lxplus/, json({ name: 'lxplus', fingerprint: 'aa:bb', type: 'ssh' })]]);
  const { summary } = await runSteps([keypairStep], fakeData(exec, ANSWERS));
  assert.equal(summary.steps['keypair'], 'already-done');
  assert.deepEqual(mutating(exec.calls), []);
});

test('keypair and cluster-template: once the cluster stands, one cluster show answers both (no keypair show, no template list)', async () => {
  const exec = fakeExec([[/coe cluster show pkc/, STANDING]]);
  const { summary, events } = await runSteps([keypairStep, clusterTemplateStep], fakeData(exec, ANSWERS));
  assert.equal(summary.steps['keypair'], 'already-done');
  assert.equal(summary.steps['cluster-template'], 'already-done');
  assert.deepEqual(exec.calls.map((c) => c.argv.join(' ')), ['openstack coe cluster show pkc -f json']);
  assert.match(events.filter((e) => e.type === 'checked').map((e) => (e as { reason?: string }).reason).join('\n'), /cluster pkc exists \(template tmpl-uuid\)/);
});

test('keypair: a cluster that failed to create still needs its keypair (delete and retry creates it again)', async () => {
  const exec = fakeExec([[/coe cluster show pkc/, json({ uuid: 'u1', name: 'pkc', status: 'CREATE_FAILED', labels: {}, faults: {} })], [/keypair show lxplus/, json({ name: 'lxplus', fingerprint: 'aa:bb', type: 'ssh' })]]);
  await runSteps([keypairStep], fakeData(exec, ANSWERS));
  assert.ok(exec.calls.some((c) => c.argv.join(' ') === 'openstack keypair show lxplus -f json'));
});

test('keypair: a missing keypair without a public key file names cluster.publicKeyFile', async () => {
  const exec = fakeExec([NO_CLUSTER, [/keypair show/, { exitCode: 1, stderr: 'No Keypair found for lxplus' }]]);
  const { summary } = await runSteps([keypairStep], fakeData(exec, { cluster: { ...ANSWERS.cluster, publicKeyFile: undefined } }));
  assert.match(errorOf(summary), /cluster\.publicKeyFile: keypair lxplus does not exist and no public key file is named/);
  assert.deepEqual(mutating(exec.calls), []);
});

test('cluster-template: the newest by version, not by string order', async () => {
  const exec = fakeExec([NO_CLUSTER, [/template list/, json([
    { uuid: '1', name: 'kubernetes-1.9.6-1', tags: '' }, { uuid: '2', name: 'kubernetes-1.29.10-1', tags: '' },
    { uuid: '3', name: 'kubernetes-1.29.2-2', tags: '' }, { uuid: '4', name: 'swarm-2.0.0-1', tags: '' },
  ])]]);
  const { summary, events } = await runSteps([clusterTemplateStep], fakeData(exec, ANSWERS));
  assert.equal(summary.steps['cluster-template'], 'already-done');
  const checked = events.find((e) => e.type === 'checked');
  assert.match((checked as { reason?: string }).reason!, /newest template kubernetes-1\.29\.10-1/);
});

test('cluster-template: an answered template that does not exist is refused, offering the newest', async () => {
  const exec = fakeExec([NO_CLUSTER, [/template list/, json([{ uuid: '2', name: 'kubernetes-1.29.10-1', tags: '' }])]]);
  const { summary } = await runSteps([clusterTemplateStep], fakeData(exec, { cluster: { ...ANSWERS.cluster, template: 'kubernetes-1.30.0-1' } }));
  assert.match(errorOf(summary), /cluster\.template: template "kubernetes-1\.30\.0-1" does not exist[\s\S]*The newest is kubernetes-1\.29\.10-1/);
});

test('cluster: created with the CERN labels and --merge-labels, as the seed does', async () => {
  let created = false;
  const exec = fakeExec([
    [/coe cluster show pkc/, () => (created ? json({ uuid: 'u1', name: 'pkc', status: 'CREATE_IN_PROGRESS', node_count: 2, labels: {}, faults: {} }) : { exitCode: 1, stderr: 'Cluster pkc could not be found (HTTP 404)' })],
    [/coe cluster create/, () => ((created = true), { stdout: 'Request to create cluster u1 accepted\n' })],
  ]);
  const data = fakeData(exec, { ...ANSWERS, cluster: { ...ANSWERS.cluster, template: 'kubernetes-1.29.2-2' } });
  const { summary } = await runSteps([clusterStep], data);
  assert.equal(summary.steps['cluster'], 'done', errorOf(summary));
  assert.deepEqual(mutating(exec.calls), [
    'openstack coe cluster create pkc --keypair lxplus --cluster-template kubernetes-1.29.2-2 --node-count 2 --flavor m2.xlarge --master-flavor m2.xlarge --merge-labels --labels cern_enabled=true,ingress_controller=nginx,cinder_csi_enabled=True',
  ]);
});

test('cluster-ready: CREATE_FAILED unattended stops with status_reason and the exact delete command, deleting nothing', async () => {
  const exec = fakeExec([[/coe cluster show pkc/, json({ uuid: 'u1', name: 'pkc', status: 'CREATE_FAILED', status_reason: 'Quota exceeded for instances', node_count: 2, labels: {}, faults: {} })]]);
  const { summary } = await runSteps([clusterReadyStep], fakeData(exec, ANSWERS));
  const why = errorOf(summary);
  assert.match(why, /cluster pkc: CREATE_FAILED: Quota exceeded for instances/);
  assert.match(why, /^openstack coe cluster delete pkc$/m);
  assert.deepEqual(mutating(exec.calls), []);
});

test('cluster-ready: reports status and elapsed time while waiting', async () => {
  let n = 0;
  const exec = fakeExec([[/coe cluster show pkc/, () => json({ uuid: 'u1', name: 'pkc', status: ++n < 4 ? 'CREATE_IN_PROGRESS' : 'CREATE_COMPLETE', node_count: 2, labels: {}, faults: {} })]]);
  const { summary, events } = await runSteps([clusterReadyStep], fakeData(exec, ANSWERS));
  assert.equal(summary.steps['cluster-ready'], 'done');
  const progress = events.filter((e) => e.type === 'progress').map((e) => (e as { message: string }).message);
  assert.match(progress[0]!, /^cluster pkc CREATE_IN_PROGRESS, \d+s elapsed$/);
});

test('ingress-labels: only unlabelled workers are labelled, with --overwrite; masters never', async () => {
  const exec = fakeExec([[/get nodes/, nodesJson('pkc', 3, (i) => (i === 1 ? { role: 'ingress' } : {}))], [/label node/, {}]]);
  await runSteps([ingressLabelsStep], fakeData(exec, ANSWERS));
  assert.deepEqual(mutating(exec.calls).map((c) => c.replace(/--kubeconfig \S+ /, '')), [
    'kubectl label node pkc-abc-node-0 role=ingress --overwrite',
    'kubectl label node pkc-abc-node-2 role=ingress --overwrite',
  ]);
});

const controller = (version: string, passthrough: boolean) => json({
  kind: 'List',
  items: [{
    kind: 'DaemonSet', metadata: { name: 'cern-magnum-ingress-nginx-controller', namespace: 'kube-system', labels: { 'app.kubernetes.io/version': version } },
    spec: { template: { spec: { containers: [{ name: 'controller', image: `registry.k8s.io/ingress-nginx/controller:v${version}`, args: ['/nginx-ingress-controller', ...(passthrough ? ['--enable-ssl-passthrough'] : [])] }] } } },
  }],
});

for (const [version, riskLevel] of [['1.11.3', false], ['1.12.0', true], ['1.13.1', true]] as const) {
  test(`ingress-snippets: controller ${version} ${riskLevel ? 'also gets' : 'does not need'} annotations-risk-level Critical (merge patch, string values)`, async () => {
    const exec = fakeExec([
      [/get configmap/, json({ metadata: { name: 'cern-magnum-ingress-nginx-controller', namespace: 'kube-system' }, data: { 'allow-snippet-annotations': 'false' } })],
      [/get daemonset/, controller(version, true)],
      [/get deployment/, json({ kind: 'List', items: [] })],
      [/patch configmap/, {}],
    ]);
    await runSteps([ingressSnippetsStep], fakeData(exec, ANSWERS));
    const patch = exec.calls.find((c) => c.mutating)!.argv;
    assert.deepEqual(patch.slice(patch.indexOf('--type')), ['--type', 'merge', '-p', JSON.stringify({ data: { 'allow-snippet-annotations': 'true', ...(riskLevel ? { 'annotations-risk-level': 'Critical' } : {}) } })]);
  });
}

test('ingress-snippets: a controller without --enable-ssl-passthrough stops the step with the exact patch command', async () => {
  const exec = fakeExec([
    [/get configmap/, json({ metadata: { name: 'x', namespace: 'kube-system' }, data: {} })],
    [/get daemonset/, controller('1.12.1', false)],
    [/get deployment/, json({ kind: 'List', items: [] })],
  ]);
  const { summary } = await runSteps([ingressSnippetsStep], fakeData(exec, ANSWERS));
  assert.match(errorOf(summary), /runs without --enable-ssl-passthrough[\s\S]*kubectl --kubeconfig \S+ -n kube-system patch daemonset cern-magnum-ingress-nginx-controller --type json/);
  assert.deepEqual(mutating(exec.calls), []);
});

test('landb-aliases: each node gets its own name and its 1-based index; correct nodes are left alone; read and verified with one server list each', async () => {
  const props: Record<string, Record<string, string>> = {
    'pkc-abc-node-0': { 'landb-alias': 'pkc--load-1-,pkc-harvester--load-1-,pkc-panda--load-1-,pkc-idds--load-1-,pkc-bigmon--load-1-,pkc-server--load-1-' },
    'pkc-abc-node-1': {},
  };
  const exec = fakeExec([
    [/get nodes/, nodesJson('pkc', 2)],
    [/server list --long --no-name-lookup --name pkc-abc-node- -f json -c Name -c Properties/, () => json(Object.entries(props).map(([Name, Properties]) => ({ Name, Properties })))],
    [/server set/, (argv) => ((props[argv.at(-1)!] = { 'landb-alias': argv[4]!.split('=')[1]! }), {})],
  ]);
  const { summary } = await runSteps([landbAliasesStep], fakeData(exec, ANSWERS));
  assert.equal(summary.steps['landb-aliases'], 'done', errorOf(summary));
  assert.deepEqual(mutating(exec.calls), [
    'openstack server set --property landb-alias=pkc--load-2-,pkc-harvester--load-2-,pkc-panda--load-2-,pkc-idds--load-2-,pkc-bigmon--load-2-,pkc-server--load-2- pkc-abc-node-1',
  ]);
  assert.ok(!exec.calls.some((c) => c.argv.join(' ').includes('NODE_NAME')), 'never the seed\'s literal NODE_NAME');
  // One listing before (check, reused by apply) and one after (verify): never one server show per node.
  assert.equal(exec.calls.filter((c) => c.argv[0] === 'openstack' && !c.mutating).length, 2);
  assert.ok(!exec.calls.some((c) => c.argv.includes('show')));
});

test('preflight (existing): a kube context that does not answer is named, with the command that lists contexts', async () => {
  const { preflightStep } = await import('../../bootstrap/preflight.js');
  const exec = fakeExec([
    [/kubectl version --client/, json({ clientVersion: { gitVersion: 'v1.32.3' } })],
    [/helm version --template/, { stdout: 'v4.1.0' }],
    [/kubectl .*version -o json/, { exitCode: 1, stderr: 'error: context "slac" does not exist' }],
  ]);
  const data = fakeData(exec, { profile: 'existing', kube: { context: 'slac' }, cric: { mode: 'real' } }, { target: 'existing' });
  data.kubeContext = 'slac';
  data.answers.secrets = { values: {} };
  const { summary } = await runSteps([preflightStep], data);
  const why = errorOf(summary);
  assert.match(why, /the Kubernetes cluster of context "slac" of \S+ does not answer: error: context "slac" does not exist/);
  assert.match(why, /config get-contexts/);
  assert.ok(!exec.calls.some((c) => c.argv[0] === 'openstack'), 'no openstack call for an existing cluster');
});

test('preflight: a missing tool is named with how to install it', async () => {
  const { preflightStep } = await import('../../bootstrap/preflight.js');
  const { CommandNotFoundError } = await import('../../src/tools/exec/index.js');
  const base = fakeExec([[/kubectl version --client/, json({ clientVersion: { gitVersion: 'v1.32.3' } })], [/token issue/, json({ project_id: 'p' })]]);
  const exec = { ...base, run: async (file: string, args: readonly string[], o?: object) => {
    if (file === 'helm') throw new CommandNotFoundError({ command: 'helm', argv: ['helm'], cwd: '', exitCode: undefined, signal: undefined, durationMs: 0, stdout: '', stderr: '', timedOut: false, isCanceled: false, dryRun: false, failed: true }, 'helm');
    if (file === 'openstack' && args[0] === '--version') return base.run(file, args, o).catch(() => ({ stdout: 'openstack 6.0.0', stderr: '', exitCode: 0 }) as never);
    return base.run(file, args, o);
  } };
  const data = fakeData(exec, ANSWERS);
  const { summary } = await runSteps([preflightStep], data);
  assert.match(errorOf(summary), /helm is not on PATH[\s\S]*Install helm: https:\/\/helm\.sh/);
});

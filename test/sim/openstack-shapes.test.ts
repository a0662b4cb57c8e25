// The openstack stand-in prints what the real client printed in the captured samples, and each fault
// gives the real tool's kind of output and exit code.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { simFixture, SAMPLES, type SimFixture } from './helpers.js';

const sample = (name: string, ext: 'out' | 'err' | 'rc') => readFileSync(join(SAMPLES, `${name}.${ext}`), 'utf8');
/** Request ids and uuids are random: compare the shape. */
const shape = (text: string) => text.replace(/req-[0-9a-f-]{36}/g, 'req-ID');

let sim: SimFixture;
let clusterUuid = '';
before(async () => {
  sim = simFixture('0');
  await sim.tool('openstack', ['keypair', 'create', '--public-key', sim.publicKey, 'lxplus', '-f', 'json']);
  const r = await sim.tool('openstack', ['coe', 'cluster', 'create', 'PanDA-DOMA-k8s', '--keypair', 'lxplus', '--cluster-template', 'kubernetes-1.29.2-2', '--node-count', '4', '--flavor', 'm2.xlarge', '--master-flavor', 'm2.xlarge', '--merge-labels', '--labels', 'cern_enabled=true,ingress_controller=nginx,cinder_csi_enabled=True']);
  clusterUuid = r.stdout.split(' ')[4]!;
});
after(() => sim.cleanup());

test('cluster create answers like the sample, and refuses -f with the same usage error (exit 2)', async () => {
  assert.match(clusterUuid, /^[0-9a-f-]{36}$/);
  const r = await sim.tool('openstack', ['coe', 'cluster', 'create', 'X', '--keypair', 'lxplus', '--cluster-template', 'kubernetes-1.29.2-2', '--node-count', '4', '-f', 'json']);
  assert.equal(r.code, Number(sample('cluster-create-json', 'rc')));
  assert.equal(r.stderr, sample('cluster-create-json', 'err'));
  assert.equal(r.stdout, '');
});

test('show/list/template/keypair/server JSON have the sample keys in the sample order', async () => {
  const keys = (text: string) => Object.keys(JSON.parse(text));
  const show = await sim.tool('openstack', ['coe', 'cluster', 'show', 'PanDA-DOMA-k8s', '-f', 'json']);
  assert.deepEqual(keys(show.stdout), keys(sample('cluster-show-inprogress-json', 'out')));
  assert.equal(JSON.parse(show.stdout).status, 'CREATE_IN_PROGRESS');
  const done = JSON.parse((await sim.tool('openstack', ['coe', 'cluster', 'show', clusterUuid, '-f', 'json'])).stdout);
  assert.equal(done.status, 'CREATE_COMPLETE');
  assert.deepEqual(done.labels_overridden, JSON.parse(sample('cluster-show-complete-json', 'out')).labels_overridden);
  const list = JSON.parse((await sim.tool('openstack', ['coe', 'cluster', 'list', '-f', 'json'])).stdout);
  assert.deepEqual(Object.keys(list[0]), Object.keys(JSON.parse(sample('cluster-list-json', 'out'))[0]));
  const servers = JSON.parse((await sim.tool('openstack', ['server', 'list', '--name', 'panda-doma-k8s', '-f', 'json'])).stdout);
  assert.deepEqual(servers.map((s: { Name: string }) => s.Name.replace(/-[a-z0-9]{12}-/, '-X-')), JSON.parse(sample('server-list-name-inprogress', 'out')).map((s: { Name: string }) => s.Name.replace(/-[a-z0-9]{12}-/, '-X-')));
  const server = await sim.tool('openstack', ['server', 'show', servers[3].Name, '-f', 'json']);
  assert.deepEqual(keys(server.stdout), keys(sample('server-show-json', 'out')));
  const kp = await sim.tool('openstack', ['keypair', 'show', 'lxplus', '-f', 'json']);
  assert.deepEqual(keys(kp.stdout), keys(sample('keypair-show', 'out')));
  const token = await sim.tool('openstack', ['token', 'issue', '-f', 'json']);
  assert.deepEqual(keys(token.stdout), keys(sample('token-issue', 'out')));
  assert.match(JSON.parse(token.stdout).expires, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
  const value = await sim.tool('openstack', ['coe', 'cluster', 'list', '-f', 'value', '-c', 'name', '-c', 'status']);
  assert.equal(value.stdout, 'old-failed-cluster CREATE_FAILED\nPanDA-DOMA-k8s CREATE_COMPLETE\n');
});

const errors: [string, string[], string][] = [
  ['cluster-show-nosuch-json', ['coe', 'cluster', 'show', 'nosuch', '-f', 'json'], ''],
  ['cluster-delete-nosuch', ['coe', 'cluster', 'delete', 'nosuch'], ''],
  ['keypair-show-missing', ['keypair', 'show', 'nokey', '-f', 'json'], 'No Keypair found for nokey\n'],
  ['server-show-nosuch', ['server', 'show', 'nosuch-server', '-f', 'json'], ''],
  ['template-show-missing', ['coe', 'cluster', 'template', 'show', 'kubernetes-9.9.9-9', '-f', 'json'], ''],
];
for (const [name, argv, expected] of errors) {
  test(`lookup miss ${argv.slice(0, -1).join(' ')} prints the sample's error on stderr with its exit code`, async () => {
    const r = await sim.tool('openstack', argv);
    assert.equal(r.code, Number(sample(name, 'rc')));
    assert.equal(r.stdout, '');
    assert.equal(shape(r.stderr), expected || shape(sample(name, 'err')));
  });
}

test('cluster config: the sample stdout, a world-readable file, and its failure modes', async () => {
  const dir = join(sim.work, 'cfg');
  mkdirSync(dir, { recursive: true });
  const ok = await sim.tool('openstack', ['coe', 'cluster', 'config', 'PanDA-DOMA-k8s', '--dir', dir, '--force']);
  assert.equal(ok.stdout, `export KUBECONFIG=${dir}/config\n\n`);
  assert.equal(statSync(join(dir, 'config')).mode & 0o044, 0o044 & ~process.umask());
  const noforce = await sim.tool('openstack', ['coe', 'cluster', 'config', 'PanDA-DOMA-k8s', '--dir', dir]);
  assert.deepEqual([noforce.code, noforce.stderr], [1, `File ${dir}/config exists, aborting.\n`]);
  const missing = await sim.tool('openstack', ['coe', 'cluster', 'config', 'PanDA-DOMA-k8s', '--dir', `${dir}/nope`, '--force']);
  assert.deepEqual([missing.code, missing.stderr], [1, `[Errno 2] No such file or directory: '${dir}/nope/config'\n`]);
  const noshell = await sim.tool('openstack', ['coe', 'cluster', 'config', 'PanDA-DOMA-k8s', '--dir', dir, '--force'], { SHELL: undefined });
  assert.deepEqual([noshell.code, noshell.stdout, noshell.stderr], [1, '', sample('cluster-config-noshell', 'err')]);
});

test('delete: accepted, DELETE_IN_PROGRESS once, then gone with a 404', async () => {
  const del = await sim.tool('openstack', ['coe', 'cluster', 'delete', 'PanDA-DOMA-k8s']);
  assert.equal(del.stdout, sample('cluster-delete', 'out'));
  const deleting = await sim.tool('openstack', ['coe', 'cluster', 'show', 'PanDA-DOMA-k8s', '-f', 'json', '-c', 'status', '-c', 'status_reason']);
  assert.equal(deleting.stdout, sample('cluster-show-deleting-json', 'out'));
  const gone = await sim.tool('openstack', ['coe', 'cluster', 'show', 'PanDA-DOMA-k8s', '-f', 'json']);
  assert.equal(gone.code, 1);
  assert.equal(shape(gone.stderr), shape(sample('cluster-show-after-delete', 'err')));
});

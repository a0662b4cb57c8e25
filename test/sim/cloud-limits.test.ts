// The sim refuses what Nova and Magnum refuse, with their messages and exit codes: a server property value over
// 255 characters or a key outside Nova's pattern (HTTP 400, nothing stored), a cluster name outside Magnum's rule.
// Server names follow Magnum's Heat stack name: the cluster name cut at 30, lower-cased, plus a 12-character id.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { simFixture, type SimFixture } from './helpers.js';

let sim: SimFixture;
let node0 = '';
before(async () => {
  sim = simFixture('0');
  await sim.tool('openstack', ['keypair', 'create', '--public-key', sim.publicKey, 'lxplus', '-f', 'json']);
  const r = await sim.tool('openstack', ['coe', 'cluster', 'create', 'PanDA-DOMA-k8s_with.A-Name-Over-30', '--keypair', 'lxplus', '--cluster-template', 'kubernetes-1.29.2-2', '--node-count', '1']);
  assert.equal(r.code, 0, r.stderr);
  const servers = JSON.parse((await sim.tool('openstack', ['server', 'list', '-f', 'json'])).stdout) as { Name: string }[];
  node0 = servers.find((s) => s.Name.endsWith('-node-0'))!.Name;
});
after(() => sim.cleanup());

test('server names are Magnum\'s stack name: 30 characters of the name, "_" and "." as "-", lower case, a 12-character id', () => {
  assert.match(node0, /^panda-doma-k8s-with-a-name-ove-[a-z0-9]{12}-node-0$/);
});

test('a landb-alias value of 256 characters is refused like Nova does (HTTP 400, exit 1) and nothing is stored', async () => {
  const value = 'a'.repeat(256);
  const r = await sim.tool('openstack', ['server', 'set', '--property', `landb-alias=${value}`, '--property', 'other=x', node0]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`^Invalid input for field/attribute landb-alias\\. Value: ${value}\\. '${value}' is too long \\(HTTP 400\\) \\(Request-ID: req-[0-9a-f-]{36}\\)\\n$`));
  const props = JSON.parse((await sim.tool('openstack', ['server', 'show', node0, '-f', 'json'])).stdout).properties;
  assert.equal(props['landb-alias'], undefined);
  assert.equal(props['other'], undefined);
  const ok = await sim.tool('openstack', ['server', 'set', '--property', `landb-alias=${'a'.repeat(255)}`, node0]);
  assert.deepEqual([ok.code, ok.stdout, ok.stderr], [0, '', '']);
});

test('a property key outside Nova\'s pattern is refused as an unexpected metadata property', async () => {
  const r = await sim.tool('openstack', ['server', 'set', '--property', 'landb/alias=x', node0]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^Invalid input for field\/attribute metadata\. Value: \{'landb\/alias': 'x'\}\. Additional properties are not allowed \('landb\/alias' was unexpected\) \(HTTP 400\)/);
});

const badNames: [string, string][] = [
  ['1panda', 'starts with a digit'],
  ['panda k8s', 'holds a space'],
  [`a${'b'.repeat(242)}`, 'is 243 characters long'],
];
for (const [name, why] of badNames) {
  test(`Magnum refuses a cluster name that ${why} (HTTP 400, its title cut at the first ".")`, async () => {
    const r = await sim.tool('openstack', ['coe', 'cluster', 'create', name, '--keypair', 'lxplus', '--cluster-template', 'kubernetes-1.29.2-2']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Invalid input for field\/attribute name \(HTTP 400\) \(Request-ID: req-[0-9a-f-]{36}\)\n$/);
  });
}

// Cluster names as Magnum takes them, the lower-case names the cloud derives, and the limits those derived names
// meet later (Nova's 255-character property value, 63-character DNS labels), known when the name is answered.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cloudNameProblems, hostStem, landbAliasValue, expandAliases, validateClusterName } from '../../src/config/cloud-names.js';
import { loadProfile } from '../../bootstrap/profile.js';

const CERN = loadProfile('cern').site.landb;

const names: [string, boolean][] = [
  ['PanDA-DOMA-k8s', true],
  ['panda-k8s', true],
  ['a', true],
  ['Cluster_1.test', true],
  ['1panda', false],
  ['-panda', false],
  ['panda k8s', false],
  ['panda/k8s', false],
  ['', false],
  [`a${'b'.repeat(241)}`, true],
  [`a${'b'.repeat(242)}`, false],
];
for (const [name, ok] of names) {
  test(`Magnum ${ok ? 'accepts' : 'refuses'} the cluster name ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name)}`, () => {
    assert.equal(validateClusterName(name) === undefined, ok, validateClusterName(name));
  });
}

test('host names use the lower-case form Magnum derives: "_" and "." become "-"', () => {
  assert.equal(hostStem('PanDA-DOMA-k8s'), 'panda-doma-k8s');
  assert.equal(hostStem('My_Cluster.v2'), 'my-cluster-v2');
  assert.deepEqual(expandAliases(CERN.aliases, 'PanDA-DOMA-k8s'), ['panda-doma-k8s', 'panda-doma-k8s-harvester', 'panda-doma-k8s-panda', 'panda-doma-k8s-idds', 'panda-doma-k8s-bigmon', 'panda-doma-k8s-server']);
});

test('the six CERN aliases: 148 characters for panda-k8s, the limit at 26 characters of name', () => {
  assert.equal(landbAliasValue(expandAliases(CERN.aliases, 'panda-k8s'), 4).length, 148);
  assert.deepEqual(cloudNameProblems({ name: 'x'.repeat(26), nodeCount: 4, aliases: CERN.aliases }), []);
  const [problem, ...rest] = cloudNameProblems({ name: 'x'.repeat(27), nodeCount: 4, aliases: CERN.aliases });
  assert.deepEqual(rest, []);
  assert.match(problem!, /^cluster\.name: "x{27}" makes a landb-alias value of 256 characters on node 4 .*Nova refuses a server property longer than 255\. Shorten the name by 1 character \(to at most 26\)/);
});

test('ten nodes and more make the value longer: the node count takes part in the limit', () => {
  assert.deepEqual(cloudNameProblems({ name: 'x'.repeat(26), nodeCount: 9, aliases: CERN.aliases }), []);
  assert.match(cloudNameProblems({ name: 'x'.repeat(26), nodeCount: 10, aliases: CERN.aliases })[0]!, /256 characters on node 10 .*to at most 25\)/);
});

test('an alias longer than a DNS label is refused with the length and the cut', () => {
  const problems = cloudNameProblems({ name: 'p'.repeat(50), nodeCount: 4, aliases: ['{cluster}-harvester'] });
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /makes the alias p{50}-harvester--load-4- 69 characters long; a DNS label holds at most 63\. Shorten the name by 6 characters \(to at most 44\)/);
});

test('a site without aliases only needs Magnum\'s rule', () => {
  assert.deepEqual(cloudNameProblems({ name: 'x'.repeat(200), nodeCount: 4, aliases: [] }), []);
});

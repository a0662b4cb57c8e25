import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyProfile, aliasHostNames, landbAliasesFor, loadProfile, profileNames } from '../../bootstrap/profile.js';
import { BOOTSTRAP_STEP_IDS, bootstrapSteps } from '../../bootstrap/index.js';
import { orderSteps } from '../../src/engine/index.js';

test('every profile loads: cern, existing, lsst, sphenix', () => {
  assert.deepEqual(profileNames(), ['cern', 'existing', 'lsst', 'sphenix']);
  for (const name of profileNames()) assert.equal(loadProfile(name).name, name);
});

test('profile defaults sit under the answers: an answer wins, an absent one takes the default', () => {
  const { answers } = applyProfile({ cluster: { nodeCount: 2 } }, 'openstack');
  assert.equal(answers.cluster?.nodeCount, 2);
  assert.equal(answers.cluster?.flavor, 'm2.xlarge');
  assert.equal(answers.profile, 'cern');
});

test('sphenix is deployed with IAM disabled, on an existing cluster', () => {
  const { answers, profile } = applyProfile({ profile: 'sphenix' }, 'existing');
  assert.deepEqual(answers.deploy?.disable, ['iam']);
  assert.equal(answers.deploy?.experiment, 'sphenix');
  assert.equal(profile.target, 'existing');
});

test('an unknown profile is refused naming the key and suggesting the closest', () => {
  assert.throws(() => applyProfile({ profile: 'sphenx' }, 'existing'), /profile: unknown site profile "sphenx" \(did you mean "sphenix"\?\)/);
});

test('an existing-cluster profile is refused for the openstack target', () => {
  assert.throws(() => applyProfile({ profile: 'lsst' }, 'openstack'), /"lsst" is for an existing cluster/);
});

test('CERN LanDB aliases of node i and the host names they make', () => {
  const site = loadProfile('cern').site;
  assert.equal(landbAliasesFor(site, 'panda-doma-k8s', 1), 'panda-doma-k8s--load-1-,panda-doma-k8s-harvester--load-1-,panda-doma-k8s-panda--load-1-,panda-doma-k8s-idds--load-1-,panda-doma-k8s-bigmon--load-1-,panda-doma-k8s-server--load-1-');
  assert.deepEqual(aliasHostNames(site, 'c'), ['c.cern.ch', 'c-harvester.cern.ch', 'c-panda.cern.ch', 'c-idds.cern.ch', 'c-bigmon.cern.ch', 'c-server.cern.ch']);
});

test('target existing skips the OpenStack-only steps and starts nodes-ready from preflight', () => {
  const ids = bootstrapSteps('existing').map((s) => s.id);
  assert.deepEqual(ids, ['preflight', 'nodes-ready', 'ingress-labels', 'ingress-snippets', 'components', 'host-certificates', 'cric', 'secret-values']);
  assert.deepEqual(bootstrapSteps('existing').find((s) => s.id === 'nodes-ready')!.needs, ['preflight']);
  orderSteps(bootstrapSteps('existing'));
});

test('targets sim and openstack run the same runbook, in runbook order', () => {
  assert.deepEqual(bootstrapSteps('sim').map((s) => s.id), BOOTSTRAP_STEP_IDS);
  assert.deepEqual(bootstrapSteps('openstack').map((s) => s.id), BOOTSTRAP_STEP_IDS);
  assert.deepEqual(orderSteps(bootstrapSteps('sim')).map((s) => s.id), BOOTSTRAP_STEP_IDS);
});

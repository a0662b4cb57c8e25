// "The answers changed since the last deploy" must mean a different deployment: `install` spells the
// answers out (experiment none, every component, an empty disable list) where panda-k8s.yaml, which
// `status` reads, leaves them out; the same deployment must give the same digest.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Journal, runPlan } from '../../src/engine/index.js';
import { answersDigest, deploySteps } from '../../src/deploy/steps.js';
import { collectStatus } from '../../src/deploy/status.js';
import { COMPONENT_NAMES } from '../../src/deploy/components.js';
import { FakeCluster, fakeRunData } from '../helpers/deploy-fakes.js';
import type { Answers } from '../../src/config/answers.js';

async function deployInto(io: FakeCluster, answers: Answers, workspace?: string) {
  const data = fakeRunData(answers, { workspace });
  await runPlan({ steps: deploySteps(data, { io, pollMs: 5, probeAttempts: 1 }), data, journal: Journal.open(data.workspace) });
  return data;
}

test('the answers digest is the deployment\'s, not the spelling of the answers', () => {
  // What `install` passes (experiment none, every component, empty disable) and what panda-k8s.yaml holds after a bootstrap.
  const install: Answers = { target: 'sim', deploy: { affix: 'test-', experiment: 'none', enable: [...COMPONENT_NAMES], disable: [] } };
  assert.equal(answersDigest(install), answersDigest({ target: 'sim' }));
  assert.equal(answersDigest({ kube: {} }), answersDigest({}));
  assert.notEqual(answersDigest({ deploy: { disable: ['panda.jedi'] } }), answersDigest({}));
  assert.notEqual(answersDigest({ deploy: { experiment: 'lsst' } }), answersDigest({}));
  assert.notEqual(answersDigest({ kube: { namespace: 'other' } }), answersDigest({}));
  assert.notEqual(answersDigest({ secrets: { values: { 'panda.hostName': 'x' } } }), answersDigest({}));
});

test('deployed with install\'s answers, status from the workspace\'s answers: nothing changed', async () => {
  const io = new FakeCluster();
  const data = await deployInto(io, { deploy: { affix: 'test-', experiment: 'none', enable: [...COMPONENT_NAMES], disable: [] } });
  const report = await collectStatus(fakeRunData({}, { workspace: data.workspace }), { io });
  assert.equal(report.answersChanged, false);
  assert.equal(report.overall, 'deployed');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planDeploy, uninstallOrder, splitDisable } from '../../src/deploy/plan.js';

const names = (tiers: { release: string }[][]) => tiers.map((t) => t.map((r) => r.release));

test('secrets first, then tiers from the catalogue needs, catalogue order inside a tier', () => {
  const plan = planDeploy({});
  assert.deepEqual(names(plan.tiers), [
    ['panda-secrets'],
    ['test-msgsvc', 'test-iam'],
    ['test-panda'],
    ['test-harvester', 'test-idds', 'test-bigmon'],
  ]);
  assert.equal(plan.namespace, 'panda');
  assert.equal(plan.timeout, '10m');
});

test('every release of tier n+1 needs every release of tier n', () => {
  const plan = planDeploy({ deploy: { affix: '-dev' } });
  const panda = plan.releases.find((r) => r.kind === 'panda')!;
  assert.deepEqual(panda.needs, ['release:msgsvc-dev', 'release:iam-dev']);
  for (const r of plan.tiers[3]!) assert.deepEqual(r.needs, ['release:panda-dev']);
  assert.deepEqual(plan.tiers[1]!.map((r) => r.needs), [['release:panda-secrets'], ['release:panda-secrets']]);
});

test('the --enable order does not change the plan order', () => {
  const a = planDeploy({ deploy: { enable: ['bigmon', 'panda', 'msgsvc'] } });
  assert.deepEqual(names(a.tiers), [['panda-secrets'], ['test-msgsvc'], ['test-panda'], ['test-bigmon']]);
  assert.deepEqual(a.releases.find((r) => r.kind === 'panda')!.external, ['iam']);
});

test('sPHENIX with IAM disabled still deploys panda after msgsvc', () => {
  const plan = planDeploy({ deploy: { experiment: 'sphenix', disable: ['iam'] } });
  assert.deepEqual(names(plan.tiers), [['panda-secrets'], ['test-msgsvc'], ['test-panda'], ['test-harvester', 'test-idds', 'test-bigmon']]);
  assert.equal(plan.experiment, 'sphenix');
  assert.deepEqual(plan.disabled, ['iam']);
  assert.deepEqual(plan.notStarted, []);
});

test('a release whose dependency is disabled is not started, and says why', () => {
  const plan = planDeploy({ deploy: { disable: ['panda'] } });
  assert.deepEqual(names(plan.tiers), [['panda-secrets'], ['test-msgsvc', 'test-iam']]);
  assert.deepEqual(plan.notStarted.map((n) => `${n.release}: ${n.reason}`), [
    'test-harvester: it needs panda, which is disabled',
    'test-idds: it needs panda, which is disabled',
    'test-bigmon: it needs panda, which is disabled',
  ]);
});

test('disabled sub-components become the release\'s disabledSubs; all of them off means not started', () => {
  const plan = planDeploy({ deploy: { disable: ['panda.jedi', 'idds.rest', 'idds.daemon', 'idds.postgres'] } });
  assert.deepEqual(plan.releases.find((r) => r.kind === 'panda')!.disabledSubs, ['jedi']);
  assert.equal(plan.releases.find((r) => r.kind === 'idds'), undefined);
  assert.match(plan.notStarted[0]!.reason, /all its sub-components are disabled/);
});

test('experiment none means no overlay', () => {
  assert.equal(planDeploy({ deploy: { experiment: 'none' } }).experiment, undefined);
});

test('uninstall goes in reverse tier order; -c limits it and keeps the secrets', () => {
  const plan = planDeploy({});
  assert.deepEqual(uninstallOrder(plan).map((r) => r.release), [
    'test-bigmon', 'test-idds', 'test-harvester', 'test-panda', 'test-iam', 'test-msgsvc', 'panda-secrets',
  ]);
  assert.deepEqual(uninstallOrder(plan, ['msgsvc', 'idds']).map((r) => r.release), ['test-idds', 'test-msgsvc']);
});

test('splitDisable separates components from component.sub tokens', () => {
  const { components, subs } = splitDisable(['iam', 'panda.jedi', 'panda.postgres']);
  assert.deepEqual([...components], ['iam']);
  assert.deepEqual([...subs.get('panda')!], ['jedi', 'postgres']);
});

test('sPHENIX without --enable runs without IAM, as the experiment does', () => {
  const plan = planDeploy({ deploy: { experiment: 'sphenix' } });
  assert.deepEqual(plan.disabled, ['iam']);
  assert.deepEqual(names(plan.tiers)[1], ['test-msgsvc']);
  assert.deepEqual(names(planDeploy({ deploy: { experiment: 'sphenix', enable: ['iam', 'panda'] } }).tiers)[1], ['test-iam']);
});

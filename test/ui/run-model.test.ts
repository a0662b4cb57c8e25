import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunModel } from '../../src/ui/run-model.js';
import { encodeReleaseState } from '../../src/deploy/release-state.js';
import { line, runStarted, started } from './helpers/events.js';

test('200,000 output lines fold quickly and keep only the ring', () => {
  const model = new RunModel(400);
  model.apply(runStarted(['deploy-panda']));
  model.apply(started('deploy-panda', 0));
  const t0 = performance.now();
  for (let i = 0; i < 200_000; i++) model.apply(line('deploy-panda', `line ${i}`));
  const ms = performance.now() - t0;
  const step = model.steps.get('deploy-panda')!;
  // ~70 ms on an idle machine; the bound leaves room for a loaded CI runner.
  assert.ok(ms < 2_000, `took ${ms.toFixed(0)} ms`);
  assert.equal(step.output.size, 400);
  assert.equal(step.output.total, 200_000);
  assert.equal(step.output.last(1)[0]?.text, 'line 199999');
});

test('a wait keeps its start while the same message repeats and restarts when it changes', () => {
  const model = new RunModel();
  model.apply(runStarted(['cluster']));
  model.apply(started('cluster', 0));
  model.apply({ type: 'progress', at: 1_000, stepId: 'cluster', message: 'CREATE_IN_PROGRESS' });
  model.apply({ type: 'progress', at: 9_000, stepId: 'cluster', message: 'CREATE_IN_PROGRESS' });
  assert.equal(model.steps.get('cluster')!.awaited?.since, 1_000);
  model.apply({ type: 'progress', at: 10_000, stepId: 'cluster', message: 'CREATE_COMPLETE, fetching credentials' });
  assert.equal(model.steps.get('cluster')!.awaited?.since, 10_000);
});

test('a release wait lasts through changing pod counts within one helm phase', () => {
  const model = new RunModel();
  model.apply(started('deploy-iam', 0));
  const state = (at: number, ready: number, phase: 'upgrading' | 'deployed') => ({
    type: 'progress' as const, at, stepId: 'deploy-iam',
    message: encodeReleaseState({ release: 'test-iam', phase, awaiting: `2 pods Ready (${ready} so far)`, pods: [], events: [] }),
  });
  model.apply(state(1_000, 0, 'upgrading'));
  model.apply(state(5_000, 1, 'upgrading'));
  assert.equal(model.steps.get('deploy-iam')!.releases.get('test-iam')?.since, 1_000);
  model.apply(state(7_000, 2, 'deployed'));
  assert.equal(model.steps.get('deploy-iam')!.releases.get('test-iam')?.since, 7_000);
});

test('focus follows the latest started running step', () => {
  const model = new RunModel();
  model.apply(runStarted(['deploy-harvester', 'deploy-idds']));
  model.apply(started('deploy-harvester', 0));
  model.apply(started('deploy-idds', 1));
  assert.equal(model.focus()?.id, 'deploy-idds');
  model.apply({ type: 'done', at: 2, stepId: 'deploy-idds', durationMs: 1 });
  assert.equal(model.focus()?.id, 'deploy-harvester');
  assert.equal(model.focus('deploy-idds')?.id, 'deploy-idds');
});

test('skip reasons are told in words with the step that caused them', () => {
  const model = new RunModel();
  model.apply({ type: 'skipped', at: 0, stepId: 'deploy-bigmon', reason: 'dependency-failed', because: 'deploy-panda' });
  assert.equal(model.steps.get('deploy-bigmon')!.reason, 'a step it needs did not finish (deploy-panda)');
});

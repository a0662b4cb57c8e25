import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JournalData, StepRecord } from '../../src/engine/journal.js';
import { summarizeWorkspace } from '../../src/ui/workspace-summary.js';

const STEPS = ['keypair', 'cluster', 'nodes'].map((id) => ({ id, title: id }));
const journal = (steps: Record<string, StepRecord['status']>): JournalData => ({
  version: 1, createdAt: '', updatedAt: '2025-05-01T10:00:00.000Z', meta: {},
  steps: Object.fromEntries(Object.entries(steps).map(([id, status]) => [id, { status, ...(status === 'failed' ? { lastError: { message: 'quota', at: '' } } : {}) }])),
});

const CASES: [name: string, data: JournalData | undefined, state: string, stoppedAt: string | undefined][] = [
  ['no journal', undefined, 'new', undefined],
  ['an empty journal', journal({}), 'new', undefined],
  ['a step left running (the process died)', journal({ keypair: 'done', cluster: 'running' }), 'interrupted', 'cluster'],
  ['an interrupted step', journal({ keypair: 'done', cluster: 'interrupted' }), 'interrupted', 'cluster'],
  ['a failed step', journal({ keypair: 'done', cluster: 'failed' }), 'failed', 'cluster'],
  ['done steps then pending ones', journal({ keypair: 'done' }), 'interrupted', 'cluster'],
  ['every step done', journal({ keypair: 'done', cluster: 'done', nodes: 'done' }), 'complete', undefined],
];

for (const [name, data, state, stoppedAt] of CASES) {
  test(`a workspace with ${name} is ${state}${stoppedAt ? ` at ${stoppedAt}` : ''}`, () => {
    const summary = summarizeWorkspace({ path: '/ws', target: 'sim', steps: STEPS, journal: data });
    assert.equal(summary.state, state);
    assert.equal(summary.stoppedAt, stoppedAt);
  });
}

test('"last run" only for a journal that records a step: a journal the run has just opened is no earlier run', () => {
  assert.equal(summarizeWorkspace({ path: '/ws', target: 'sim', steps: STEPS, journal: journal({}) }).updatedAt, undefined);
  assert.equal(summarizeWorkspace({ path: '/ws', target: 'sim', steps: STEPS, journal: journal({ keypair: 'done' }) }).updatedAt, '2025-05-01T10:00:00.000Z');
});

test('a failed workspace carries the step\'s last error', () => {
  assert.equal(summarizeWorkspace({ path: '/ws', target: 'sim', steps: STEPS, journal: journal({ keypair: 'failed' }) }).lastError, 'quota');
});

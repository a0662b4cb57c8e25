import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeReleaseState, diagnosisOf, encodeReleaseState, type ReleaseState } from '../../src/deploy/release-state.js';

const STATE: ReleaseState = { release: 'test-panda', phase: 'waiting', pods: [{ name: 'p', phase: 'Pending', ready: 0, total: 1, restarts: 0, reason: 'FailedScheduling' }], events: [] };

test('a release state survives encoding into a progress message', () => {
  assert.deepEqual(decodeReleaseState(encodeReleaseState(STATE)), STATE);
});

test('ordinary progress text and broken payloads are not release states', () => {
  for (const message of ['waiting for nodes', 'release-state {not json', 'release-state {"pods":[]}']) assert.equal(decodeReleaseState(message), undefined, message);
});

test('the diagnosis is found on the error or down its cause chain', () => {
  const diagnosis = { summary: 'pod x CrashLoopBackOff' };
  assert.equal(diagnosisOf(Object.assign(new Error('a'), { diagnosis })), diagnosis);
  assert.equal(diagnosisOf(new Error('b', { cause: Object.assign(new Error('c'), { diagnosis }) })), diagnosis);
  assert.equal(diagnosisOf(new Error('d')), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import { RunView } from '../../../src/ui/components/RunView.js';
import { RunStore } from '../../../src/ui/run-store.js';
import { encodeReleaseState } from '../../../src/deploy/release-state.js';
import type { FailureDecision } from '../../../src/engine/runner.js';
import { KEY, delay, press, stripAnsi, waitForFrame } from '../helpers/keys.js';
import { done, line, runStarted, started } from '../helpers/events.js';

function mount(options: { target?: 'sim' | 'openstack'; onInterrupt?: () => void; now?: () => number } = {}) {
  const store = new RunStore();
  const ui = render(<RunView store={store} target={options.target ?? 'openstack'} animate={false} now={options.now ?? (() => 90_000)} onInterrupt={options.onInterrupt} />);
  return { store, ui, frame: () => stripAnsi(ui.lastFrame()) };
}

function resize(stdout: object, columns: number, rows: number) {
  Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
  (stdout as { emit(e: string): void }).emit('resize');
}

test('the step list shows each step\'s state: done, already done, running with elapsed time, pending', async () => {
  const { store, ui } = mount();
  store.push(runStarted(['keypair', 'template', 'cluster', 'kubeconfig']));
  store.push(started('keypair', 0));
  store.push({ type: 'skipped-already-done', at: 10, stepId: 'keypair', reason: 'keypair exists' });
  store.push(started('template', 10));
  store.push(done('template', 2_010, 2_000));
  store.push(started('cluster', 18_000));
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('cluster'));
  assert.match(frame, /✓ keypair .*already done/);
  assert.match(frame, /✓ template .* 2s/);
  assert.match(frame, /› cluster .* 1m12s/);
  assert.match(frame, /· kubeconfig/);
  ui.unmount();
});

test('the exact command and what is awaited, with for how long, are shown for the running step', async () => {
  const { store, ui } = mount();
  store.push(runStarted(['cluster']));
  store.push(started('cluster', 0));
  store.push({ type: 'command', at: 0, stepId: 'cluster', command: 'openstack coe cluster show panda -f json' });
  store.push({ type: 'progress', at: 30_000, stepId: 'cluster', message: 'cluster CREATE_IN_PROGRESS' });
  store.push({ type: 'progress', at: 60_000, stepId: 'cluster', message: 'cluster CREATE_IN_PROGRESS' });
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('⏳'));
  assert.match(frame, /\$ openstack coe cluster show panda -f json/);
  assert.match(frame, /⏳ cluster CREATE_IN_PROGRESS · waiting 1m00s/);
  ui.unmount();
});

test('with 10,000 output lines the pane shows only the last lines and few frames are drawn', async () => {
  const { store, ui } = mount();
  store.push(runStarted(['deploy-panda']));
  store.push(started('deploy-panda', 0));
  await delay(50);
  const before = ui.frames.length;
  for (let i = 0; i < 10_000; i++) store.push(line('deploy-panda', `helm line ${i}`));
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('helm line 9999'));
  const shown = frame.split('\n').filter((l) => l.startsWith('helm line '));
  assert.ok(shown.length > 0 && shown.length < 24, `${shown.length} output lines shown`);
  assert.equal(shown.at(-1), 'helm line 9999');
  assert.equal(shown[0], `helm line ${10_000 - shown.length}`);
  assert.match(frame, new RegExp(`last ${shown.length} of 10000 lines`));
  await delay(100);
  assert.ok(ui.frames.length - before <= 3, `${ui.frames.length - before} frames for 10,000 lines`);
  ui.unmount();
});

test('a deploy step shows its release panel with pods and warning events', async () => {
  const { store, ui } = mount();
  store.push(runStarted(['deploy-panda']));
  store.push(started('deploy-panda', 0));
  store.push({
    type: 'progress', at: 1_000, stepId: 'deploy-panda', message: encodeReleaseState({
      release: 'test-panda', namespace: 'panda', phase: 'upgrading', awaiting: '3 pods Ready',
      pods: [
        { name: 'test-panda-server-0', phase: 'Running', ready: 0, total: 1, restarts: 4, reason: 'CrashLoopBackOff' },
        { name: 'test-panda-jedi-0', phase: 'Running', ready: 1, total: 1, restarts: 0 },
      ],
      events: [{ object: 'Pod/test-panda-server-0', reason: 'BackOff', message: 'Back-off restarting failed container', count: 7 }],
    }),
  });
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('⎈'));
  assert.match(frame, /⎈ test-panda {2}upgrading {2}pods 1\/2 ready · awaiting 3 pods Ready for 1m29s/);
  assert.match(frame, /test-panda-server-0 {2}0\/1 {2}CrashLoopBackOff {2}restarts 4/);
  assert.match(frame, /! BackOff Pod\/test-panda-server-0: Back-off restarting failed container \(×7\)/);
  ui.unmount();
});

test('the failure screen shows the diagnosis and offers retry, skip and abort', async () => {
  const { store, ui } = mount();
  store.push(runStarted(['deploy-panda']));
  store.push(started('deploy-panda', 0));
  const error = Object.assign(new Error('release test-panda did not become ready in 10m'), {
    hint: 'the server cannot reach its database',
    nextSteps: ['kubectl -n panda logs test-panda-server-0'],
    diagnosis: { summary: 'pod test-panda-server-0 CrashLoopBackOff', logTail: ['psycopg2.OperationalError: password authentication failed'] },
  });
  store.push({ type: 'failed', at: 5_000, stepId: 'deploy-panda', error, durationMs: 5_000 });
  void store.askFailure('deploy-panda', error);
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('[r] Retry'));
  assert.match(frame, /✗ deploy-panda failed: release test-panda did not become ready in 10m/);
  assert.match(frame, /diagnosis: pod test-panda-server-0 CrashLoopBackOff/);
  assert.match(frame, /│ psycopg2\.OperationalError: password authentication failed/);
  assert.match(frame, /hint: the server cannot reach its database/);
  assert.match(frame, /\[r\] Retry {2}\[s\] Skip \(and the steps that need it\) {2}\[a\] Abort the run/);
  ui.unmount();
});

const CHOICE_KEYS: [keys: string[], expected: FailureDecision][] = [
  [['r'], 'retry'],
  [['s'], 'skip'],
  [['a'], 'abort'],
  [[KEY.enter], 'retry'],
  [[KEY.right, KEY.enter], 'skip'],
  [[KEY.left, KEY.enter], 'abort'],
];

for (const [keys, expected] of CHOICE_KEYS) {
  test(`the failure screen returns ${expected} for ${JSON.stringify(keys)}`, async () => {
    const { store, ui } = mount();
    store.push(runStarted(['nodes']));
    store.push(started('nodes', 0));
    const error = new Error('node panda-abc-node-2 is NotReady');
    store.push({ type: 'failed', at: 1_000, stepId: 'nodes', error, durationMs: 1_000 });
    const decision = store.askFailure('nodes', error);
    await waitForFrame(ui.lastFrame, (f) => f.includes('[r] Retry'));
    await press(ui.stdin, ...keys);
    assert.equal(await decision, expected);
    ui.unmount();
  });
}

test('Ctrl-C while a command runs calls onInterrupt at once and says it is stopping', async () => {
  let interrupts = 0;
  const { store, ui } = mount({ onInterrupt: () => interrupts++ });
  store.push(runStarted(['cluster']));
  store.push(started('cluster', 0));
  await waitForFrame(ui.lastFrame, (f) => f.includes('cluster'));
  await press(ui.stdin, KEY.ctrlC);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Stopping: waiting for the running command to end cleanly'));
  assert.equal(interrupts, 1);
  ui.unmount();
});

test('Ctrl-C with nothing running asks first, and y stops the run', async () => {
  let interrupts = 0;
  const { store, ui } = mount({ onInterrupt: () => interrupts++ });
  store.push(runStarted(['cluster']));
  await waitForFrame(ui.lastFrame, (f) => f.includes('cluster'));
  await press(ui.stdin, KEY.ctrlC);
  await waitForFrame(ui.lastFrame, (f) => /Stop the run\?[\s\S]*\(y\/N\)/.test(f));
  assert.equal(interrupts, 0);
  await press(ui.stdin, 'y');
  await waitForFrame(ui.lastFrame, (f) => !f.includes('Stop the run?'));
  assert.equal(interrupts, 1);
  ui.unmount();
});

test('Ctrl-C at the failure question asks, and y answers abort', async () => {
  const { store, ui } = mount();
  store.push(runStarted(['nodes']));
  store.push(started('nodes', 0));
  const error = new Error('boom');
  store.push({ type: 'failed', at: 1_000, stepId: 'nodes', error, durationMs: 1_000 });
  const decision = store.askFailure('nodes', error);
  await waitForFrame(ui.lastFrame, (f) => f.includes('[r] Retry'));
  await press(ui.stdin, KEY.ctrlC, 'y');
  assert.equal(await decision, 'abort');
  ui.unmount();
});

test('the run screen fits 80x24 after a resize, with a failure and a release panel shown', async () => {
  const { store, ui } = mount({ target: 'sim' });
  store.push(runStarted());
  store.push(started('deploy-panda', 0));
  store.push({ type: 'command', at: 0, stepId: 'deploy-panda', command: 'helm upgrade --install test-panda charts/panda -f charts/panda/values.yaml -f values/values-lsst.yaml --wait --timeout 10m --atomic' });
  store.push({ type: 'progress', at: 0, stepId: 'deploy-panda', message: encodeReleaseState({ release: 'test-panda', phase: 'waiting', pods: Array.from({ length: 6 }, (_, i) => ({ name: `test-panda-pod-${i}`, phase: 'Pending', ready: 0, total: 1, restarts: 0, reason: 'FailedScheduling' })), events: [] }) });
  for (let i = 0; i < 100; i++) store.push(line('deploy-panda', `a rather long line of helm output number ${i} `.repeat(4)));
  const error = new Error('timed out\nline 2\nline 3\nline 4');
  store.push({ type: 'failed', at: 1_000, stepId: 'deploy-panda', error, durationMs: 1_000 });
  void store.askFailure('deploy-panda', error);
  resize(ui.stdout, 80, 24);
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('[r] Retry') && f.split('\n').every((l) => l.length <= 80));
  const lines = frame.split('\n');
  assert.ok(lines.length <= 23, `${lines.length} lines`);
  assert.match(frame, /REHEARSAL/);
  ui.unmount();
});

test('the end of the run is shown with its status and duration', async () => {
  const { store, ui } = mount();
  store.push(runStarted(['verify']));
  store.push(started('verify', 0));
  store.push(done('verify', 1_000, 1_000));
  store.push({ type: 'run-finished', at: 302_000, status: 'done', durationMs: 302_000 });
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('Run finished'));
  assert.match(frame, /✓ Run finished after 5m02s/);
  ui.unmount();
});

test("a step's yes/no question shows with its default, and Enter takes the default", async () => {
  const { store, ui } = mount();
  store.push(runStarted(['host-certificates']));
  store.push(started('host-certificates', 0));
  const answer = store.askConfirm('Replace the certificates in panda_certs with new/hostcert.pem?', true);
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('Replace the certificates'));
  assert.match(frame, /\[Y\/n\] y: yes · n: no · Enter: yes/);
  assert.match(frame, /y yes .*n no/);
  await press(ui.stdin, KEY.enter);
  assert.equal(await answer, true);
  ui.unmount();
});

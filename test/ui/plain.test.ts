import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunEvent } from '../../src/engine/events.js';
import { PlainFormatter, formatFinalPlain, renderPlain } from '../../src/ui/plain.js';
import { encodeReleaseState } from '../../src/deploy/release-state.js';
import { createRunChannel } from '../../src/ui/run-channel.js';

const SCRIPT: RunEvent[] = [
  { type: 'run-started', at: 0, steps: [{ id: 'keypair', title: 'Keypair', needs: [] }, { id: 'cluster', title: 'Cluster', needs: ['keypair'] }, { id: 'nodes', title: 'Nodes', needs: ['cluster'] }] },
  { type: 'started', at: 0, stepId: 'keypair', inputsChanged: false, resumed: false },
  { type: 'checked', at: 5, stepId: 'keypair', done: true, reason: 'keypair panda-k8s exists' },
  { type: 'skipped-already-done', at: 5, stepId: 'keypair', reason: 'keypair panda-k8s exists' },
  { type: 'started', at: 10, stepId: 'cluster', inputsChanged: false, resumed: true },
  { type: 'checked', at: 20, stepId: 'cluster', done: false, reason: 'no cluster named panda-k8s' },
  { type: 'command', at: 20, stepId: 'cluster', command: 'openstack coe cluster create panda-k8s --node-count 4' },
  { type: 'line', at: 30, stepId: 'cluster', line: 'Request to create cluster accepted', stream: 'stdout' },
  { type: 'line', at: 31, stepId: 'cluster', line: '\u001b[33mWARNING\u001b[0m deprecated option', stream: 'stderr' },
  { type: 'progress', at: 1_000, stepId: 'cluster', message: 'cluster CREATE_IN_PROGRESS' },
  { type: 'progress', at: 11_000, stepId: 'cluster', message: 'cluster CREATE_IN_PROGRESS' },
  { type: 'progress', at: 41_000, stepId: 'cluster', message: 'cluster CREATE_IN_PROGRESS' },
  { type: 'done', at: 61_000, stepId: 'cluster', durationMs: 61_000 },
  { type: 'started', at: 61_000, stepId: 'nodes', inputsChanged: false, resumed: false },
  {
    type: 'failed', at: 65_000, stepId: 'nodes', durationMs: 4_000,
    error: Object.assign(new Error('node panda-k8s-abc-node-2 is NotReady\nkubelet stopped posting status'), { hint: 'the node may still be booting', nextSteps: ['panda-k8s resume'] }),
  },
  { type: 'run-finished', at: 65_000, status: 'failed', durationMs: 65_000 },
];

const EXPECTED = [
  '[run] started: 3 steps: keypair, cluster, nodes',
  '[keypair] started',
  '[keypair] already done: keypair panda-k8s exists',
  '[cluster] started (resumed)',
  '[cluster] needs work: no cluster named panda-k8s',
  '[cluster] $ openstack coe cluster create panda-k8s --node-count 4',
  '[cluster] | Request to create cluster accepted',
  '[cluster] ! WARNING deprecated option',
  '[cluster] waiting: cluster CREATE_IN_PROGRESS',
  '[cluster] waiting: cluster CREATE_IN_PROGRESS (for 40s)',
  '[cluster] done in 1m01s',
  '[nodes] started',
  '[nodes] FAILED after 4s: node panda-k8s-abc-node-2 is NotReady',
  '[nodes]   kubelet stopped posting status',
  '[nodes]   hint: the node may still be booting',
  '[nodes]   next: panda-k8s resume',
  '[run] FAILED after 1m05s',
];

test('a scripted run prints one plain line per event, prefixed with the step id', () => {
  const f = new PlainFormatter();
  assert.deepEqual(SCRIPT.flatMap((e) => f.format(e)), EXPECTED);
});

test('a repeated wait message is printed again only after 30 seconds, with how long it lasts', () => {
  const f = new PlainFormatter();
  const wait = (at: number): RunEvent => ({ type: 'progress', at, stepId: 'nodes', message: '3/4 nodes Ready' });
  const lines = [0, 5_000, 29_000, 30_000, 45_000, 61_000].flatMap((at) => f.format(wait(at)));
  assert.deepEqual(lines, ['[nodes] waiting: 3/4 nodes Ready', '[nodes] waiting: 3/4 nodes Ready (for 30s)', '[nodes] waiting: 3/4 nodes Ready (for 1m01s)']);
});

test('a release state is printed as one summary line whenever it changes', () => {
  const f = new PlainFormatter();
  const state = (ready: number, at: number): RunEvent => ({
    type: 'progress', at, stepId: 'deploy-panda', fraction: ready / 2,
    message: encodeReleaseState({
      release: 'test-panda', phase: 'upgrading', awaiting: '2 pods Ready',
      pods: [{ name: 'server-0', phase: 'Running', ready, total: 1, restarts: 2, reason: ready ? undefined : 'CrashLoopBackOff' }, { name: 'jedi-0', phase: 'Running', ready: 1, total: 1, restarts: 0 }],
      events: [],
    }),
  });
  assert.deepEqual([state(0, 0), state(0, 1_000), state(1, 20_000)].flatMap((e) => f.format(e)), [
    '[deploy-panda] release test-panda upgrading, awaiting 2 pods Ready, pods 1/2 ready; server-0 CrashLoopBackOff (2 restarts)',
    '[deploy-panda] release test-panda upgrading, awaiting 2 pods Ready, pods 2/2 ready (for 20s)',
  ]);
});

test('a failure with a diagnosis prints the diagnosis and the failing pod\'s last log lines', () => {
  const f = new PlainFormatter();
  const error = Object.assign(new Error('release test-idds failed'), { diagnosis: { summary: 'pod test-idds-rest-0 ImagePullBackOff', logTail: ['pull access denied'] } });
  assert.deepEqual(f.format({ type: 'failed', at: 0, stepId: 'deploy-idds', error, durationMs: 600_000 }), [
    '[deploy-idds] FAILED after 10m00s: release test-idds failed',
    '[deploy-idds]   diagnosis: pod test-idds-rest-0 ImagePullBackOff',
    '[deploy-idds]   log: pull access denied',
  ]);
});

test('renderPlain writes every line to the stream and resolves at run-finished', async () => {
  const channel = createRunChannel();
  const out: string[] = [];
  const finished = renderPlain(channel.subscribe, { write: (s: string) => out.push(s) });
  for (const e of SCRIPT) channel.emit(e);
  await finished;
  assert.deepEqual(out.join('').trimEnd().split('\n'), EXPECTED);
});

test('renderPlain reads an async iterable of events', async () => {
  async function* events() {
    yield* SCRIPT;
  }
  const out: string[] = [];
  await renderPlain(events(), { write: (s: string) => out.push(s) });
  assert.equal(out.join('').trimEnd().split('\n').length, EXPECTED.length);
});

test('the final summary names releases, endpoints, certificate expiry and transcript in plain lines', () => {
  assert.deepEqual(
    formatFinalPlain({
      status: 'done', target: 'sim',
      releases: [{ name: 'test-panda', component: 'panda', status: 'deployed' }],
      endpoints: [{ name: 'PanDA server', url: 'https://panda-k8s-panda--load-1-.cern.ch:25443/server/panda' }],
      certificate: { notAfter: '2026-01-10', daysLeft: 20 },
      transcriptPath: '/ws/.panda-k8s/logs/run.log',
    }),
    [
      '[summary] PanDA is deployed (REHEARSAL: simulated cloud, nothing real was touched)',
      '[summary] release test-panda (panda): deployed',
      '[summary] PanDA server: https://panda-k8s-panda--load-1-.cern.ch:25443/server/panda',
      '[summary] host certificate expires 2026-01-10 (20 days) - RENEW SOON',
      '[summary] transcript: /ws/.panda-k8s/logs/run.log',
    ],
  );
});

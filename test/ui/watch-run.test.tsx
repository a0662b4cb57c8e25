import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchRun } from '../../src/ui/watch-run.js';
import { createRunChannel } from '../../src/ui/run-channel.js';
import { delay } from './helpers/keys.js';
import { runStarted, started } from './helpers/events.js';
import { FakeStdin, FakeStdout } from './helpers/streams.js';

function watch() {
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const channel = createRunChannel();
  const view = watchRun(channel.subscribe, {
    stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, animate: false, now: () => 0,
  });
  return { stdout, stdin, channel, view };
}

test('watchRun asks the failure question for runPlan and returns the key pressed', async () => {
  const { stdin, channel, view } = watch();
  channel.emit(runStarted(['nodes']));
  channel.emit(started('nodes', 0));
  const error = new Error('node NotReady');
  channel.emit({ type: 'failed', at: 0, stepId: 'nodes', error, durationMs: 0 });
  const decision = view.onFailure('nodes', error);
  // The box appears after a render (and ink draws no live frames when CI is set): press until answered.
  let answered = false;
  void decision.then(() => (answered = true));
  for (let i = 0; i < 100 && !answered; i++) {
    stdin.write('s');
    await delay(20);
  }
  assert.equal(await decision, 'skip');
  channel.emit({ type: 'run-finished', at: 0, status: 'failed', durationMs: 0 });
  await view.done;
});

test('watchRun ends at run-finished, shows the end and gives the terminal back', async () => {
  const { stdout, stdin, channel, view } = watch();
  channel.emit(runStarted(['verify']));
  channel.emit(started('verify', 0));
  channel.emit({ type: 'done', at: 0, stepId: 'verify', durationMs: 3_000 });
  channel.emit({ type: 'run-finished', at: 3_000, status: 'done', durationMs: 3_000 });
  await view.done;
  assert.match(stdout.text, /✓ Run finished after 3s/);
  assert.equal(stdin.rawModes.at(-1), false, 'raw mode is switched off again');
});

test('a failure asked after the screen closed is answered abort at once', async () => {
  const { view } = watch();
  view.close();
  await view.done;
  assert.equal(await view.onFailure('x', new Error('late')), 'abort');
});

test("a step's yes/no question is asked on the run screen and answered with the key pressed", async () => {
  const { stdin, channel, view } = watch();
  channel.emit(runStarted(['host-certificates']));
  channel.emit(started('host-certificates', 0));
  const answer = view.confirm('Replace the certificates in panda_certs with new/hostcert.pem?', true);
  let answered = false;
  void answer.then(() => (answered = true));
  // As for failures: the box appears after a render (none drawn when CI is set), so press until answered.
  for (let i = 0; i < 100 && !answered; i++) {
    stdin.write('n');
    await delay(20);
  }
  assert.equal(await answer, false);
  channel.emit({ type: 'run-finished', at: 0, status: 'done', durationMs: 0 });
  await view.done;
});

test('a question still open when the run ends takes its default', async () => {
  const { channel, view } = watch();
  channel.emit(runStarted(['cluster-ready']));
  const answer = view.confirm('Delete the failed cluster and create it again?', false);
  channel.emit({ type: 'run-finished', at: 0, status: 'failed', durationMs: 0 });
  assert.equal(await answer, false);
  await view.done;
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runWizard } from '../../src/ui/run-wizard.js';
import { delay } from './helpers/keys.js';
import { workspace } from './helpers/fixtures.js';
import { FakeStdin, FakeStdout } from './helpers/streams.js';

test('runWizard without a terminal refuses with a usage error naming --config and --yes', async () => {
  const stdin = new FakeStdin();
  stdin.isTTY = false;
  await assert.rejects(
    runWizard({ workspace: workspace('new'), stdin: stdin as unknown as NodeJS.ReadStream }),
    (error: Error & { exitCode?: number; hint?: string }) => error.exitCode === 2 && /--config panda-k8s\.yaml --yes/.test(error.hint ?? ''),
  );
});

test('runWizard resolves with the chosen action and gives the terminal back', async () => {
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const result = runWizard({ workspace: workspace('complete'), answers: { profile: 'cern' }, stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream });
  await delay(50);
  stdin.write('\u001B[B'); // ↓ Refresh secrets
  await delay(30);
  stdin.write('\u001B[B'); // ↓ Status
  await delay(30);
  stdin.write('\r');
  const { action, answers } = await result;
  assert.equal(action, 'status');
  assert.equal(answers.profile, 'cern');
  assert.equal(stdin.rawModes.at(-1), false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import { UninstallScreen } from '../../../src/ui/components/UninstallScreen.js';
import type { UninstallChoice } from '../../../src/ui/types.js';
import { KEY, eventually, press, waitForFrame } from '../helpers/keys.js';

const components = [
  { name: 'msgsvc', title: 'ActiveMQ message broker' },
  { name: 'panda', title: 'PanDA server, JEDI and PostgreSQL' },
  { name: 'bigmon', title: 'BigMon monitor' },
];

function screen() {
  let choice: UninstallChoice | undefined;
  const ui = render(<UninstallScreen options={{ components }} onDone={(c) => (choice = c)} />);
  return { ui, choice: () => choice };
}

test('every component starts checked; Enter uninstalls the whole deployment', async () => {
  const { ui, choice } = screen();
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('[x] bigmon'));
  assert.match(frame, /\[x\] msgsvc/);
  assert.match(frame, /\[x\] panda/);
  assert.match(frame, /volumes are kept/);
  await press(ui.stdin, KEY.enter);
  assert.deepEqual(await eventually(choice), { components: 'all' });
  ui.unmount();
});

test('unchecking one leaves the others, in their order', async () => {
  const { ui, choice } = screen();
  await waitForFrame(ui.lastFrame, (f) => f.includes('[x] panda'));
  await press(ui.stdin, KEY.down, KEY.space);
  await waitForFrame(ui.lastFrame, (f) => f.includes('[ ] panda'));
  await press(ui.stdin, KEY.enter);
  assert.deepEqual(await eventually(choice), { components: ['msgsvc', 'bigmon'] });
  ui.unmount();
});

test('nothing checked cancels', async () => {
  const { ui, choice } = screen();
  await waitForFrame(ui.lastFrame, (f) => f.includes('[x] msgsvc'));
  await press(ui.stdin, KEY.space, KEY.down, KEY.space, KEY.down, KEY.space);
  await waitForFrame(ui.lastFrame, (f) => f.includes('[ ] bigmon'));
  await press(ui.stdin, KEY.enter);
  assert.deepEqual(await eventually(choice), { cancelled: true });
  ui.unmount();
});

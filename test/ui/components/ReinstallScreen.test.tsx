import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import { ReinstallScreen } from '../../../src/ui/components/ReinstallScreen.js';
import type { ReinstallChoice, ReinstallOptions } from '../../../src/ui/types.js';
import { KEY, eventually, press, waitForFrame } from '../helpers/keys.js';

const components = [
  { name: 'msgsvc', title: 'ActiveMQ message broker' },
  { name: 'panda', title: 'PanDA server, JEDI and PostgreSQL' },
  { name: 'bigmon', title: 'BigMon monitor' },
];

function options(claims: Record<string, string[]>, asked: string[][] = []): ReinstallOptions {
  return {
    components,
    claimsOf: async (names) => {
      asked.push(names);
      return names.flatMap((n) => claims[n] ?? []);
    },
  };
}

test('with nothing checked the reinstall only upgrades what changed', async () => {
  let choice: ReinstallChoice | undefined;
  const ui = render(<ReinstallScreen options={options({})} onDone={(c) => (choice = c)} />);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Reinstall components'));
  await press(ui.stdin, KEY.enter);
  assert.deepEqual(await eventually(() => choice), { components: [], pvcs: undefined });
  ui.unmount();
});

test('a checked component with data shows its claims and needs an explicit keep or delete', async () => {
  let choice: ReinstallChoice | undefined;
  const asked: string[][] = [];
  const claims = { panda: ['test-panda keeps data on 1 volume claim(s) (panda.postgres):', '  data-test-panda-postgres-0 10Gi (standard)'] };
  const ui = render(<ReinstallScreen options={options(claims, asked)} onDone={(c) => (choice = c)} />);
  await waitForFrame(ui.lastFrame, (f) => f.includes('[ ] panda'));
  await press(ui.stdin, KEY.down, KEY.space, KEY.enter);
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('Their data'));
  assert.deepEqual(asked, [['panda']]);
  assert.match(frame, /data-test-panda-postgres-0 10Gi/);
  assert.match(frame, /❯ Keep the volumes/);
  assert.equal(choice, undefined, 'nothing decided before the data question is answered');
  await press(ui.stdin, KEY.down, KEY.enter);
  assert.deepEqual(await eventually(() => choice), { components: ['panda'], pvcs: 'delete' });
  ui.unmount();
});

test('components without volume claims are reinstalled without a data question', async () => {
  let choice: ReinstallChoice | undefined;
  const ui = render(<ReinstallScreen options={options({})} onDone={(c) => (choice = c)} />);
  await waitForFrame(ui.lastFrame, (f) => f.includes('[ ] bigmon'));
  await press(ui.stdin, KEY.down, KEY.down, KEY.space, KEY.enter);
  assert.deepEqual(await eventually(() => choice), { components: ['bigmon'], pvcs: 'keep' });
  ui.unmount();
});

test('cancel at the data question reinstalls nothing', async () => {
  let choice: ReinstallChoice | undefined;
  const ui = render(<ReinstallScreen options={options({ msgsvc: ['test-msgsvc keeps data on 1 volume claim(s) (msgsvc.activemq):'] })} onDone={(c) => (choice = c)} />);
  await waitForFrame(ui.lastFrame, (f) => f.includes('[ ] msgsvc'));
  await press(ui.stdin, KEY.space, KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Their data'));
  await press(ui.stdin, KEY.down, KEY.down, KEY.enter);
  const c = await eventually(() => choice);
  assert.equal(c.cancelled, true);
  assert.deepEqual(c.components, []);
  ui.unmount();
});

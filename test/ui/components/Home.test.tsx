import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import { Wizard } from '../../../src/ui/components/Wizard.js';
import type { WizardResult } from '../../../src/ui/types.js';
import { KEY, eventually, press, stripAnsi, waitForFrame } from '../helpers/keys.js';
import { wizardOptions, workspace } from '../helpers/fixtures.js';

test('an interrupted workspace offers resume first and shows the done steps', async () => {
  const { options } = wizardOptions({ workspace: workspace('interrupted', 'openstack', 4) });
  const ui = render(<Wizard options={options} onDone={() => {}} />);
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('Interrupted at step nodes'));
  assert.match(frame, /Interrupted at step nodes \(nodes\): 4 of 17 steps done\./);
  for (const done of ['keypair', 'template', 'cluster', 'kubeconfig']) assert.match(frame, new RegExp(`✓ ${done}\\b`));
  assert.match(frame, /‖ nodes/);
  assert.match(frame, /· ingress-labels/);
  assert.match(frame, /❯ Resume where the last run stopped/);
  ui.unmount();
});

test('choosing resume returns the resume action with the saved answers and asks nothing', async () => {
  let result: WizardResult | undefined;
  const { options } = wizardOptions({ workspace: workspace('interrupted', 'openstack', 4), answers: { target: 'openstack', cluster: { name: 'kept' } } });
  const ui = render(<Wizard options={options} onDone={(r) => (result = r)} />);
  await press(ui.stdin, KEY.enter);
  const chosen = await eventually(() => result);
  assert.equal(chosen.action, 'resume');
  assert.equal(chosen.answers.cluster?.name, 'kept');
  ui.unmount();
});

test('a failed workspace names the failed step and its error', async () => {
  const ws = { ...workspace('failed', 'openstack', 2), lastError: 'CREATE_FAILED: Quota exceeded for instances\nmore' };
  const { options } = wizardOptions({ workspace: ws });
  const ui = render(<Wizard options={options} onDone={() => {}} />);
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('Failed at step cluster'));
  assert.match(frame, /CREATE_FAILED: Quota exceeded for instances/);
  assert.match(frame, /✗ cluster/);
  ui.unmount();
});

test('a complete workspace offers reinstall, refresh secrets, status and uninstall but not start', async () => {
  const { options } = wizardOptions({ workspace: workspace('complete') });
  const ui = render(<Wizard options={options} onDone={() => {}} />);
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('Complete: all 17 steps done.'));
  for (const label of ['Reinstall / upgrade', 'Refresh secrets', 'Status', 'Uninstall', 'Quit']) assert.ok(frame.includes(label), label);
  assert.doesNotMatch(frame, /Start:/);
  ui.unmount();
});

test('the sim target is marked as a rehearsal on the first screen', async () => {
  const { options } = wizardOptions({ workspace: workspace('new', 'sim') });
  const ui = render(<Wizard options={options} onDone={() => {}} />);
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('New workspace'));
  assert.match(frame, /REHEARSAL — simulated cloud, nothing real is touched/);
  ui.unmount();
});

test('a real target shows no rehearsal banner', async () => {
  const { options } = wizardOptions({ workspace: workspace('new', 'openstack') });
  const ui = render(<Wizard options={options} onDone={() => {}} />);
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('New workspace'));
  assert.doesNotMatch(frame, /REHEARSAL/);
  ui.unmount();
});

test('the environment checks are listed with their state', async () => {
  const ws = { ...workspace('new'), checks: [{ label: 'openstack CLI found', ok: true }, { label: 'credentials', ok: false, detail: 'set OS_CLOUD or source your openrc' }] };
  const { options } = wizardOptions({ workspace: ws });
  const ui = render(<Wizard options={options} onDone={() => {}} />);
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('New workspace'));
  assert.match(frame, /✓ openstack CLI found/);
  assert.match(frame, /✗ credentials — set OS_CLOUD or source your openrc/);
  ui.unmount();
});

test('uninstall asks for confirmation and defaults to no', async () => {
  let result: WizardResult | undefined;
  const { options } = wizardOptions({ workspace: workspace('complete') });
  const ui = render(<Wizard options={options} onDone={(r) => (result = r)} />);
  await press(ui.stdin, KEY.down, KEY.down, KEY.down, KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Uninstall the PanDA releases of /home/op/panda-ws?'));
  await press(ui.stdin, KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Complete: all 17 steps done.'));
  assert.equal(result, undefined);
  await press(ui.stdin, KEY.down, KEY.down, KEY.down, KEY.enter, KEY.down, KEY.enter);
  assert.equal((await eventually(() => result as WizardResult | undefined)).action, 'uninstall');
  ui.unmount();
});

test('the first screen fits an 80x24 terminal', async () => {
  const { options } = wizardOptions({ workspace: { ...workspace('interrupted', 'sim', 9), checks: [{ label: 'sim state folder', ok: true }] } });
  const ui = render(<Wizard options={options} onDone={() => {}} />);
  const frame = stripAnsi(await waitForFrame(ui.lastFrame, (f) => f.includes('Interrupted')));
  assert.ok(frame.split('\n').length <= 23, `frame has ${frame.split('\n').length} lines`);
  ui.unmount();
});

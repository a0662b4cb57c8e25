import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { render } from 'ink-testing-library';
import { Wizard } from '../../../src/ui/components/Wizard.js';
import type { WizardOptions, WizardResult } from '../../../src/ui/types.js';
import { KEY, eventually, press, stripAnsi, waitForFrame } from '../helpers/keys.js';
import { wizardOptions, workspace } from '../helpers/fixtures.js';
import { clusterNameProblems, loadProfile } from '../../../bootstrap/profile.js';

function start(options: WizardOptions) {
  let result: WizardResult | undefined;
  const ui = render(<Wizard options={options} onDone={(r) => (result = r)} />);
  return { ...ui, frame: () => stripAnsi(ui.lastFrame()), result: () => result };
}

/** Every question of an openstack setup, in order: the title it shows and the keys that answer it. */
const OPENSTACK_WALK: [title: string, keys: string[]][] = [
  ['Where should PanDA run?', [KEY.enter]],
  ['Site profile', [KEY.enter]],
  ['Cluster name', [KEY.ctrlU, 'my-panda', KEY.enter]],
  ['Worker nodes', [KEY.backspace, '5', KEY.enter]],
  ['Worker flavor', [KEY.enter]],
  ['Master flavor', [KEY.enter]],
  ['Cluster template', [KEY.enter]],
  ['Keypair name', [KEY.enter]],
  ['Public key file', [KEY.enter]],
  ['Namespace', [KEY.enter]],
  ['Experiment', [KEY.down, KEY.enter]],
  ['Name affix', [KEY.enter]],
  ['Components', [...Array(7).fill(KEY.down), KEY.space, KEY.enter]], // panda.jedi off
  ['Host certificates', [KEY.enter, KEY.enter, KEY.enter]],
  ['CRIC', [KEY.enter]],
  ['Secret: iam.oidc.clientSecret', ['s3cret', KEY.enter]],
  ['Secret: panda.database.password', [KEY.enter]],
];

test('a fresh walk through every question reaches the review screen with the answers given', async () => {
  const { options, recorded } = wizardOptions();
  const ui = start(options);
  await waitForFrame(ui.lastFrame, (f) => f.includes('New workspace'));
  await press(ui.stdin, KEY.enter); // Start
  for (const [title, keys] of OPENSTACK_WALK) {
    await waitForFrame(ui.lastFrame, (f) => f.includes(title));
    await press(ui.stdin, ...keys);
  }
  const review = await waitForFrame(ui.lastFrame, (f) => f.includes('Review: nothing has run yet'));
  assert.match(review, /Cluster\s+my-panda: 5 × m2\.large, master m2\.medium/);
  assert.match(review, /Template\s+kubernetes-1\.31\.1-2/);
  assert.match(review, /Experiment\s+lsst\b/);
  assert.match(review, /Components\s+all \(.*\) but panda\.jedi/);
  assert.match(review, /Secrets\s+1 typed \(hidden\), 1 generated/);
  assert.doesNotMatch(review, /s3cret/);
  assert.equal(recorded.saved.at(-1)?.cluster?.name, 'my-panda', 'answers are saved as they are given');
  await press(ui.stdin, KEY.enter); // Start
  const result = await eventually(ui.result);
  assert.equal(result?.action, 'start');
  assert.equal(result?.answers.cluster?.nodeCount, 5);
  assert.deepEqual(result?.answers.deploy?.disable, ['panda.jedi']);
  assert.deepEqual(result?.secrets, { 'iam.oidc.clientSecret': 's3cret' });
  ui.unmount();
});

test('back navigation with Esc keeps the answers already given', async () => {
  const { options } = wizardOptions();
  const ui = start(options);
  await press(ui.stdin, KEY.enter, KEY.enter, KEY.enter); // start, target, profile
  await waitForFrame(ui.lastFrame, (f) => f.includes('Cluster name'));
  await press(ui.stdin, KEY.ctrlU, 'kept-name', KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Worker nodes'));
  await press(ui.stdin, KEY.escape);
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('Cluster name'));
  assert.match(frame, /› kept-name/);
  ui.unmount();
});

test('left arrow on a choice screen goes back to the previous question', async () => {
  const { options } = wizardOptions();
  const ui = start(options);
  await press(ui.stdin, KEY.enter, KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Site profile'));
  await press(ui.stdin, KEY.left);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Where should PanDA run?'));
  ui.unmount();
});

test('a cluster name Magnum refuses shows the error inline and does not advance', async () => {
  const { options } = wizardOptions();
  const ui = start(options);
  await press(ui.stdin, KEY.enter, KEY.enter, KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Cluster name'));
  await press(ui.stdin, KEY.ctrlU, '9-lives', KEY.enter);
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('✗ cluster name'));
  assert.match(frame, /✗ cluster name "9-lives" is not one Magnum accepts/);
  assert.match(frame, /Cluster name/);
  assert.doesNotMatch(frame, /Worker nodes/);
  ui.unmount();
});

test('the procedure page\'s upper-case name is taken as Magnum takes it', async () => {
  const { options, recorded } = wizardOptions({ clusterNameProblems: (name, n) => clusterNameProblems(loadProfile('cern').site, name, n) });
  const ui = start(options);
  await press(ui.stdin, KEY.enter, KEY.enter, KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Cluster name'));
  await press(ui.stdin, KEY.ctrlU, 'PanDA-DOMA-k8s', KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Worker nodes'));
  assert.equal(recorded.saved.at(-1)?.cluster?.name, 'PanDA-DOMA-k8s');
  ui.unmount();
});

test('a name whose landb-alias value would pass Nova\'s 255 is refused inline with the length and the cut, as is a node count that makes it so', async () => {
  const { options } = wizardOptions({ clusterNameProblems: (name, n) => clusterNameProblems(loadProfile('cern').site, name, n) });
  const ui = start(options);
  await press(ui.stdin, KEY.enter, KEY.enter, KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Cluster name'));
  await press(ui.stdin, KEY.ctrlU, 'panda-doma-k8s-production-1', KEY.enter);
  const flat = (f: string) => stripAnsi(f).replace(/\s+/g, ' ');
  const frame = flat(await waitForFrame(ui.lastFrame, (f) => f.includes('✗')));
  assert.match(frame, /✗ "panda-doma-k8s-production-1" makes a landb-alias value of 256 characters on node 4 .*Shorten the name by 1 character \(to at most 26\)/);
  assert.doesNotMatch(frame, /Worker nodes/);
  // 26 characters pass with 4 nodes, but not with 10 (node 10's aliases are one character longer each).
  await press(ui.stdin, KEY.ctrlU, 'panda-doma-k8s-production2', KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Worker nodes'));
  await press(ui.stdin, KEY.backspace, '10', KEY.enter);
  assert.match(flat(await waitForFrame(ui.lastFrame, (f) => f.includes('✗'))), /256 characters on node 10/);
  ui.unmount();
});

test('a bad certificate shows the checker\'s errors inline and does not advance', async () => {
  const { options, recorded } = wizardOptions({ fixedTarget: 'existing' }, () => ({ ok: false, errors: ['hostcert.pem: the key does not match the certificate'], warnings: [] }));
  const ui = start(options);
  await press(ui.stdin, KEY.enter); // start
  for (const title of ['Site profile', 'Kubeconfig file', 'Kubeconfig context', 'Namespace', 'Experiment', 'Name affix', 'Components']) {
    await waitForFrame(ui.lastFrame, (f) => f.includes(title));
    await press(ui.stdin, KEY.enter);
  }
  await waitForFrame(ui.lastFrame, (f) => f.includes('Host certificates'));
  await press(ui.stdin, KEY.enter, KEY.enter, KEY.enter);
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('✗ hostcert.pem'));
  assert.match(frame, /the key does not match the certificate/);
  assert.doesNotMatch(frame, /CRIC/);
  assert.deepEqual(recorded.certificateCalls, [{ key: 'certs/hostkey.pem', cert: 'certs/hostcert.pem', chain: 'certs/chain.pem' }]);
  ui.unmount();
});

test('certificate warnings are shown and a second Enter accepts them', async () => {
  const { options } = wizardOptions({ fixedTarget: 'existing' }, () => ({ ok: true, errors: [], warnings: ['hostcert.pem expires in 12 days'] }));
  const ui = start(options);
  await press(ui.stdin, KEY.enter);
  for (const title of ['Site profile', 'Kubeconfig file', 'Kubeconfig context', 'Namespace', 'Experiment', 'Name affix', 'Components']) {
    await waitForFrame(ui.lastFrame, (f) => f.includes(title));
    await press(ui.stdin, KEY.enter);
  }
  await press(ui.stdin, KEY.enter, KEY.enter, KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('! hostcert.pem expires in 12 days'));
  await press(ui.stdin, KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('PanDA reads sites and queues from CRIC'));
  ui.unmount();
});

test('the existing target asks for kubeconfig and context instead of cluster questions', async () => {
  const { options } = wizardOptions({ fixedTarget: 'existing', contexts: ['prod', 'staging'] });
  const ui = start(options);
  await press(ui.stdin, KEY.enter, KEY.enter);
  const kubeconfig = await waitForFrame(ui.lastFrame, (f) => f.includes('Kubeconfig file'));
  assert.match(kubeconfig, /› ~\/\.kube\/config/);
  await press(ui.stdin, KEY.enter);
  const context = await waitForFrame(ui.lastFrame, (f) => f.includes('Kubeconfig context'));
  assert.match(context, /❯ prod/);
  assert.match(context, /staging/);
  ui.unmount();
});

test('the newest kubernetes template is preselected', async () => {
  const { options } = wizardOptions({ fixedTarget: 'openstack' });
  const ui = start(options);
  await press(ui.stdin, KEY.enter, KEY.enter, KEY.enter, KEY.enter, KEY.enter, KEY.enter);
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('Cluster template'));
  assert.match(frame, /❯ kubernetes-1\.31\.1-2\s+newest/);
  ui.unmount();
});

test('a secret value is shown masked with bullets', async () => {
  const { options } = wizardOptions({ fixedTarget: 'openstack', secrets: [{ key: 'iam.oidc.clientSecret', description: 'OIDC client secret' }] });
  const ui = start(options);
  await press(ui.stdin, KEY.enter); // start → refresh path is not offered for a new workspace, walk instead
  for (const title of ['Site profile', 'Cluster name', 'Worker nodes', 'Worker flavor', 'Master flavor', 'Cluster template', 'Keypair name', 'Public key file', 'Namespace', 'Experiment', 'Name affix', 'Components']) {
    await waitForFrame(ui.lastFrame, (f) => f.includes(title));
    await press(ui.stdin, KEY.enter);
  }
  await press(ui.stdin, KEY.enter, KEY.enter, KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('CRIC'));
  await press(ui.stdin, KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Secret: iam.oidc.clientSecret'));
  await press(ui.stdin, 'hunter2');
  const frame = await waitForFrame(ui.lastFrame, (f) => f.includes('•••••••'));
  assert.match(frame, /› •••••••/);
  assert.doesNotMatch(frame, /hunter2/);
  ui.unmount();
});

test('a required secret left empty shows an error and does not advance', async () => {
  const { options } = wizardOptions({ workspace: workspace('complete'), secrets: [{ key: 'iam.oidc.clientSecret', description: 'OIDC client secret' }] });
  const ui = start(options);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Refresh secrets'));
  await press(ui.stdin, KEY.down, KEY.enter); // Refresh secrets
  await waitForFrame(ui.lastFrame, (f) => f.includes('Secret: iam.oidc.clientSecret'));
  await press(ui.stdin, KEY.enter);
  await waitForFrame(ui.lastFrame, (f) => f.includes('✗ a value is needed'));
  ui.unmount();
});

test('Ctrl-C asks before quitting and y quits with the answers so far', async () => {
  const { options } = wizardOptions();
  const ui = start(options);
  await press(ui.stdin, KEY.ctrlC);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Quit panda-k8s? The answers given so far are saved. (y/N)'));
  await press(ui.stdin, 'y');
  assert.equal((await eventually(ui.result)).action, 'quit');
  ui.unmount();
});

test('Ctrl-C then any other key goes back to the screen', async () => {
  const { options } = wizardOptions();
  const ui = start(options);
  await press(ui.stdin, KEY.ctrlC);
  await waitForFrame(ui.lastFrame, (f) => f.includes('Quit panda-k8s?'));
  await press(ui.stdin, 'n');
  await waitForFrame(ui.lastFrame, (f) => !f.includes('Quit panda-k8s?'));
  assert.equal(ui.result(), undefined);
  ui.unmount();
});

test('Enter on every screen of a new sim workspace walks the defaults to the review and starts (the tmux key map)', async () => {
  const { options } = wizardOptions({ workspace: workspace('new', 'sim'), fixedTarget: 'sim', secrets: [{ key: 'panda.database.password', description: 'generated', generate: true }] });
  const ui = start(options);
  let rounds = 0;
  while (!ui.frame().includes('Review: nothing has run yet') && rounds++ < 40) await press(ui.stdin, KEY.enter);
  assert.ok(rounds <= 20, `${rounds} Enters to the review`);
  await press(ui.stdin, KEY.enter);
  const result = await eventually(ui.result);
  assert.equal(result.action, 'start');
  assert.equal(result.answers.target, 'sim');
  ui.unmount();
});

test('keys sent together in one write are handled one screen at a time', async () => {
  const { options } = wizardOptions({ fixedTarget: 'openstack' });
  const ui = start(options);
  await press(ui.stdin, '\r\r\u0015my-panda\r');
  await waitForFrame(ui.lastFrame, (f) => f.includes('Worker nodes'));
  await press(ui.stdin, KEY.escape);
  assert.match(await waitForFrame(ui.lastFrame, (f) => f.includes('Cluster name')), /› my-panda/);
  ui.unmount();
});

// The helm stand-in's `helm test`: the chart's test Pods made in the sim cluster (kubectl shows them),
// helm's own output for each major (release block, TEST SUITE entries, POD LOGS), exit codes and error
// lines, and the test-fail fault that fails a test with its check's log until it is cleared.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runSimCommand } from '../../src/sim/command.js';
import { REPO } from '../helpers/charts-schema.js';
import { simFixture, type SimFixture } from './helpers.js';

let sim: SimFixture;
const CHART = join(REPO, 'charts', 'msgsvc');
const POD = 'test-msgsvc-activemq-test';
const ANSIC = /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/;

async function ok(tool: string, argv: string[]): Promise<string> {
  if (tool === 'sim') {
    let out = '';
    const code = await runSimCommand(argv, { simDir: sim.dir, stdout: (t) => void (out += t), stderr: (t) => assert.fail(t), env: sim.env, cwd: sim.work });
    assert.equal(code, 0, `sim ${argv.join(' ')}`);
    return out;
  }
  const r = await sim.tool(tool, argv);
  assert.equal(r.code, 0, `${tool} ${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

before(async () => {
  sim = simFixture('0');
  await ok('openstack', ['keypair', 'create', '--public-key', sim.publicKey, 'kp']);
  await ok('openstack', ['coe', 'cluster', 'create', 'c1', '--keypair', 'kp', '--cluster-template', 'kubernetes-1.30.1-1', '--node-count', '2', '--flavor', 'm2.xlarge', '--master-flavor', 'm2.medium']);
  for (let i = 0; i < 3; i++) await ok('openstack', ['coe', 'cluster', 'show', 'c1', '-f', 'json']);
  await ok('openstack', ['coe', 'cluster', 'config', 'c1', '--dir', sim.work, '--force']);
  for (let i = 0; i < 3; i++) await ok('kubectl', ['get', 'nodes']);
  await ok('helm', ['upgrade', '--install', 'test-msgsvc', CHART, '--namespace', 'panda', '--create-namespace', '--wait', '--atomic', '--timeout', '5m']);
});
after(() => sim.cleanup());

/** The lines of `helm test` stdout with the times blanked (they are checked for helm's format separately). */
function shape(stdout: string): string[] {
  return stdout.split('\n').map((l) => {
    const m = /^(LAST DEPLOYED: |Last Started:   |Last Completed: )(.*)$/.exec(l);
    if (!m) return l;
    assert.match(m[2]!, ANSIC, `${m[1]}is not time.ANSIC`);
    return `${m[1]}<time>`;
  });
}

describe('sim helm test', () => {
  test('helm 3: runs the test Pod, prints the release, its TEST SUITE and the Pod log, exit 0', async () => {
    const r = await sim.tool('helm', ['test', 'test-msgsvc', '--namespace', 'panda', '--timeout', '5m0s', '--logs']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = shape(r.stdout);
    assert.deepEqual(lines.slice(0, 10), [
      'NAME: test-msgsvc', 'LAST DEPLOYED: <time>', 'NAMESPACE: panda', 'STATUS: deployed', 'REVISION: 1',
      `TEST SUITE:     ${POD}`, 'Last Started:   <time>', 'Last Completed: <time>', 'Phase:          Succeeded', '',
    ]);
    assert.equal(lines[10], `POD LOGS: ${POD}`);
    assert.match(r.stdout, /^ok: {3}STOMP CONNECT as panda: STOMP 1\.2/m);
    assert.match(r.stdout, /^result: all 5 checks passed\n\n$/m);
    const pods = await ok('kubectl', ['get', 'pods', '--namespace', 'panda']);
    assert.match(pods, new RegExp(`^${POD} +0/1 +Completed +0 +`, 'm'));
    const json = JSON.parse(await ok('kubectl', ['get', 'pods', '--namespace', 'panda', '-o', 'json'])) as { items: Array<{ metadata: { name: string; annotations?: Record<string, string>; ownerReferences?: unknown }; status: { phase: string } }> };
    const pod = json.items.find((p) => p.metadata.name === POD)!;
    assert.equal(pod.metadata.annotations?.['helm.sh/hook'], 'test');
    assert.equal(pod.metadata.ownerReferences, undefined);
    assert.equal(pod.status.phase, 'Succeeded');
    assert.match(await ok('helm', ['status', 'test-msgsvc', '--namespace', 'panda']), new RegExp(`TEST SUITE: {5}${POD}\\n[^]*Phase: {10}Succeeded`));
    assert.match(await ok('kubectl', ['logs', POD, '--namespace', 'panda']), /^result: all 5 checks passed$/m);
  });

  test('helm 3: the test-fail fault fails the test, with the check\'s failure in the log and helm\'s error line', async () => {
    await ok('sim', ['fault', 'test-fail', 'test-msgsvc/activemq']);
    const r = await sim.tool('helm', ['test', 'test-msgsvc', '--namespace', 'panda', '--timeout', '5m0s', '--logs']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `Error: pod ${POD} failed\n`);
    assert.ok(shape(r.stdout).includes('Phase:          Failed'), r.stdout);
    assert.match(r.stdout, /^FAIL: STOMP CONNECT as pilot: CONNECT as pilot refused: User name \[pilot\] or password is invalid\.$/m);
    assert.match(await ok('kubectl', ['get', 'pods', '--namespace', 'panda']), new RegExp(`^${POD} +0/1 +Error +0 +`, 'm'));
    assert.match(await ok('sim', ['faults']), /test-fail \(target=test-msgsvc\/activemq\)/);
  });

  test('a cleared fault: the next run replaces the failed Pod and passes', async () => {
    await ok('sim', ['fault', '--clear', 'test-fail']);
    const r = await sim.tool('helm', ['test', 'test-msgsvc', '--namespace', 'panda', '--logs']);
    assert.equal(r.code, 0, r.stderr);
    const pods = (await ok('kubectl', ['get', 'pods', '--namespace', 'panda'])).split('\n').filter((l) => l.startsWith(POD));
    assert.equal(pods.length, 1);
    assert.match(pods[0]!, /Completed/);
  });

  test('helm 4: DESCRIPTION in the release block, and its own error line for a failed test', async () => {
    await ok('sim', ['helm-major', '4']);
    await ok('sim', ['fault', 'test-fail', 'test-msgsvc']);
    const r = await sim.tool('helm', ['test', 'test-msgsvc', '--namespace', 'panda', '--timeout', '5m0s', '--logs']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `Error: resource Pod/panda/${POD} not ready. status: Failed, message: pod ${POD} failed\n`);
    assert.deepEqual(shape(r.stdout).slice(0, 6), ['NAME: test-msgsvc', 'LAST DEPLOYED: <time>', 'NAMESPACE: panda', 'STATUS: deployed', 'REVISION: 1', 'DESCRIPTION: Install complete']);
    await ok('sim', ['fault', '--clear']);
  });

  test('each major\'s flags: helm 4 has no --hide-notes; an unknown release or a bad timeout is helm\'s error', async () => {
    const v4 = await sim.tool('helm', ['test', 'test-msgsvc', '--namespace', 'panda', '--hide-notes']);
    assert.deepEqual([v4.code, v4.stderr], [1, 'Error: unknown flag: --hide-notes\n']);
    await ok('sim', ['helm-major', '3']);
    assert.equal((await sim.tool('helm', ['test', 'test-msgsvc', '--namespace', 'panda', '--hide-notes'])).code, 0);
    const none = await sim.tool('helm', ['test', 'nosuch', '--namespace', 'panda']);
    assert.deepEqual([none.code, none.stderr], [1, 'Error: release: not found\n']);
    const bad = await sim.tool('helm', ['test', 'test-msgsvc', '--namespace', 'panda', '--timeout', 'soon']);
    assert.deepEqual([bad.code, bad.stderr], [1, 'Error: invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"\n']);
  });

  test('a test Pod that cannot start (its image does not pull) runs into the timeout', async () => {
    await ok('sim', ['fault', 'image-pull', POD]);
    const r = await sim.tool('helm', ['test', 'test-msgsvc', '--namespace', 'panda', '--timeout', '1m']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'Error: timed out waiting for the condition\n');
    await ok('sim', ['fault', '--clear']);
  });
});

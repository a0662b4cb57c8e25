// The charts' helm test Pods (templates/tests/): one per sub-component that serves something, the
// standard hook annotations, the house rules of every pod, secrets only by reference, and the program
// they run is exactly the checklib.py + script text the test-scripts suite runs here.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CHARTS, all, helms, render, testPods, type TestPod } from '../helpers/charts-helm.js';
import { testProgram } from '../helpers/chart-test-scripts.js';

/** chart → the sub-component its test belongs to and the script it runs. */
const TESTS: Record<string, { sub: string; script: string }> = {
  msgsvc: { sub: 'activemq', script: 'stomp.py' },
  iam: { sub: 'main', script: 'oidc.py' },
  panda: { sub: 'server', script: 'server.py' },
  harvester: { sub: 'harvester', script: 'queues.py' },
  idds: { sub: 'rest', script: 'ping.py' },
  bigmon: { sub: 'main', script: 'frontpage.py' },
};

/** Env names whose values are credentials: they must come from a Secret, never inline. */
const SECRET_NAME = /PASSW|TOKEN|SECRET|CLIENT_CONFIG|ACCOUNTS|CHANNELS/;

function podProblems(p: TestPod): string[] {
  const id = `Pod ${p.metadata.name}`;
  const problems: string[] = [];
  const a = p.metadata.annotations ?? {};
  if (a['helm.sh/hook'] !== 'test') problems.push(`${id}: helm.sh/hook is ${a['helm.sh/hook']}`);
  if (a['helm.sh/hook-delete-policy'] !== 'before-hook-creation') problems.push(`${id}: hook-delete-policy ${a['helm.sh/hook-delete-policy']} (re-runs need before-hook-creation; helm 3 --logs needs the Pod kept)`);
  if (p.spec.restartPolicy !== 'Never') problems.push(`${id}: restartPolicy ${p.spec.restartPolicy}`);
  if (p.spec.securityContext?.['runAsNonRoot'] !== true || !p.spec.securityContext?.['runAsUser']) problems.push(`${id}: not non-root with a fixed user`);
  for (const c of p.spec.containers) {
    const tag = c.image.split(':').pop() ?? '';
    if (!c.image.includes(':') || ['latest', 'master'].includes(tag)) problems.push(`${id}: image ${c.image} is not pinned`);
    if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) problems.push(`${id}: lacks requests/limits`);
    if (c.securityContext?.['allowPrivilegeEscalation'] !== false) problems.push(`${id}: allows privilege escalation`);
    for (const e of c.env ?? []) {
      if (SECRET_NAME.test(e.name) && e.value !== undefined) problems.push(`${id}: ${e.name} is inlined, not a secretKeyRef`);
    }
  }
  return problems;
}

for (const h of helms()) {
  describe(`helm ${h.major}: helm test Pods`, () => {
    test('every chart renders one test Pod per tested sub-component, named <workload>-test, keeping the house rules', async () => {
      const rendered = await all(Object.keys(TESTS), async (chart) => ({ chart, objs: await render(h, [`test-${chart}`, join(CHARTS, chart)]) }));
      const problems: string[] = [];
      for (const { chart, objs } of rendered) {
        const pods = testPods(objs);
        assert.deepEqual(pods.map((p) => p.metadata.name), [`test-${chart}-${TESTS[chart]!.sub}-test`], chart);
        assert.equal(pods[0]!.metadata.labels?.['app.kubernetes.io/component'], TESTS[chart]!.sub);
        problems.push(...pods.flatMap(podProblems));
      }
      assert.deepEqual(problems, []);
    });

    test('the program a test Pod runs is checklib.py and its script, byte for byte', async () => {
      await all(Object.keys(TESTS), async (chart) => {
        const [pod] = testPods(await render(h, [`test-${chart}`, join(CHARTS, chart)]));
        const c = pod!.spec.containers[0]!;
        assert.deepEqual(c.command, ['python3', '-c'], chart);
        assert.equal(c.args?.length, 1, chart);
        assert.equal(c.args![0], testProgram(chart, TESTS[chart]!.script), `${chart}: the rendered program differs from the tested files`);
      });
    });

    test('switching a tested sub-component off, or tests.enabled off, renders no test Pod', async () => {
      await all(Object.keys(TESTS), async (chart) => {
        const off = await render(h, [`test-${chart}`, join(CHARTS, chart), '--set', `${TESTS[chart]!.sub}.enabled=false`]);
        assert.deepEqual(testPods(off).map((p) => p.metadata.name), [], chart);
        const none = await render(h, [`test-${chart}`, join(CHARTS, chart), '--set', 'tests.enabled=false']);
        assert.deepEqual(testPods(none).map((p) => p.metadata.name), [], chart);
      });
    });
  });
}

test('checklib.py and _test-pod.tpl are the same file in every chart', () => {
  const charts = Object.keys(TESTS);
  for (const file of ['files/tests/checklib.py', 'templates/tests/_test-pod.tpl']) {
    const first = readFileSync(join(CHARTS, charts[0]!, file), 'utf8');
    for (const c of charts) assert.equal(readFileSync(join(CHARTS, c, file), 'utf8'), first, `${c}/${file}`);
  }
});

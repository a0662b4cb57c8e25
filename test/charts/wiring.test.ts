// Cross-chart wiring: the releases of one affix (secrets + six components, as the release plan
// renders them) reference only objects they create, and reach only Services they render.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EXPERIMENTS } from '../../src/deploy/components.js';
import { SHARED_LOGS_CLAIM } from '../../src/deploy/names.js';
import { helmReleaseArgs, parseSelection, secretsReleaseArgs } from '../../src/deploy/release-plan.js';
import { CHARTS, SECRETS, SECRETS_GENERATED, all, helms, render, type K8sObject } from '../helpers/charts-helm.js';
import { configuredValues, endpoints, missingReferences, references, unreachable } from '../helpers/charts-wiring.js';
import type { BundledHelm } from '../../src/tools/bundled-tools.js';

interface Deployment {
  secrets: K8sObject[];
  charts: Map<string, K8sObject[]>;
}

/** Renders what `install -a <affix> [-e <exp>]` deploys, the secrets told which in-cluster databases exist. */
async function deploy(h: BundledHelm, affix: string, experiment: string | undefined, chartSets: string[] = [], secretsAffix = affix): Promise<Deployment> {
  const selection = parseSelection({ experiment });
  const charts = new Map<string, K8sObject[]>();
  await all(selection.components, async (comp) => {
    const args = helmReleaseArgs({ affix, experiment, component: comp, chartsDir: CHARTS });
    const extra = chartSets.filter((s) => s.startsWith(`${comp}:`)).flatMap((s) => ['--set', s.slice(comp.length + 1)]);
    charts.set(comp, await render(h, [...args.templateArgs.slice(1), ...extra]));
  });
  const rendered = [...charts.values()].flat();
  const sets = ['cric.real=false', 'sharedLogs.create=true'];
  for (const comp of ['msgsvc', 'iam', 'panda', 'harvester', 'idds', 'bigmon']) {
    if (!selection.components.includes(comp as never)) sets.push(`${comp}.enabled=false`);
  }
  // An overlay that drops an in-cluster database means an external one: its host goes in the secrets.
  if (!rendered.some((o) => o.kind === 'Service' && o.metadata.labels?.['app.kubernetes.io/name'] === 'panda' && o.metadata.labels?.['app.kubernetes.io/component'] === 'postgres')) {
    sets.push('panda.database.host=panda-db.example.org');
  }
  if (!rendered.some((o) => o.kind === 'Service' && o.metadata.labels?.['app.kubernetes.io/name'] === 'idds' && o.metadata.labels?.['app.kubernetes.io/component'] === 'postgres')) {
    sets.push('idds.database.host=idds-db.example.org');
  }
  const s = secretsReleaseArgs({ affix: secretsAffix, secretsDir: SECRETS });
  const secrets = await render(h, [...s.templateArgs.slice(1), '-f', SECRETS_GENERATED, ...sets.flatMap((x) => ['--set', x])]);
  return { secrets, charts };
}

function wiringProblems(d: Deployment): string[] {
  const everything = [...d.secrets, ...[...d.charts.values()].flat()];
  const problems: string[] = [];
  for (const [comp, objs] of d.charts) {
    // A chart may use what the secrets release (tier 0) or it itself creates, nothing of another tier.
    for (const p of missingReferences(references(objs, { testPods: true }), [...d.secrets, ...objs])) problems.push(`${comp}: ${p}`);
  }
  problems.push(...unreachable(endpoints(configuredValues(everything)), everything));
  return problems;
}

for (const h of helms()) {
  describe(`helm ${h.major}: wiring`, () => {
    test('with affix test- every reference resolves and every configured host:port is a rendered Service port', async () => {
      const d = await deploy(h, 'test-', undefined, [
        `panda:server.logs.sharedClaim=${SHARED_LOGS_CLAIM}`,
        `bigmon:main.logs.sharedClaim=${SHARED_LOGS_CLAIM}`,
        `harvester:harvester.logs.sharedClaim=${SHARED_LOGS_CLAIM}`,
      ]);
      assert.deepEqual(wiringProblems(d), []);
      const eps = endpoints(configuredValues([...d.secrets, ...[...d.charts.values()].flat()])).map((e) => `${e.host}:${e.port}`);
      for (const want of [
        'test-msgsvc-activemq:61613', 'test-panda-server:80', 'test-panda-server:443', 'test-panda-postgres:5432',
        'test-idds-rest:8443', 'test-idds-postgres:5432', 'test-harvester-mariadb:3306', 'test-iam-mariadb:3306', 'test-bigmon-main:443',
      ]) {
        assert.ok(eps.includes(want), `no component is configured to reach ${want}; found ${[...new Set(eps)].join(', ')}`);
      }
      // The helm test Pods point at the Services they exercise (Harvester's reads its database host from its Secret).
      const fromTests = endpoints(configuredValues([...d.charts.values()].flat())).filter((e) => e.from.startsWith('Pod ')).map((e) => `${e.host}:${e.port}`);
      assert.deepEqual([...new Set(fromTests)].sort(), ['test-bigmon-main:443', 'test-iam-main:8443', 'test-idds-rest:8443', 'test-msgsvc-activemq:61613', 'test-panda-server:443', 'test-panda-server:80']);
      const claims = references([...d.charts.values()].flat()).filter((r) => r.kind === 'PersistentVolumeClaim');
      assert.ok(claims.some((r) => r.name === SHARED_LOGS_CLAIM), 'the shared logs claim was not exercised');
      assert.ok(d.secrets.some((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === SHARED_LOGS_CLAIM), 'the secrets release (tier 0) must create the shared logs claim');
      for (const objs of d.charts.values()) {
        assert.ok(!objs.some((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === SHARED_LOGS_CLAIM), 'a component release created the shared claim');
      }
    });

    test('wiring holds for every experiment, as the release plan deploys it', async () => {
      const results = await all([...EXPERIMENTS], async (exp) => ({ exp, problems: wiringProblems(await deploy(h, '-dev', exp)) }));
      assert.deepEqual(results.filter((r) => r.problems.length > 0), []);
    });

    test('the check catches a secrets release rendered for another affix (the reference deployment bug)', async () => {
      const d = await deploy(h, 'test-', undefined, [], '-dev');
      const problems = wiringProblems(d);
      assert.ok(problems.some((p) => p.includes('msgsvc-dev-activemq:61613 is no rendered Service')), problems.join('\n'));
    });
  });
}

// The release plan: selection parsing, overlay resolution (checked against the files) and the
// exact helm arguments of each release. No helm here: the plan is pure.

import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { COMPONENT_NAMES, EXPERIMENTS } from '../../src/deploy/components.js';
import { OVERLAYS, experimentOverlay, helmReleaseArgs, parseSelection, releasePlan, secretsReleaseArgs } from '../../src/deploy/release-plan.js';
import { CHARTS } from '../helpers/charts-helm.js';

const SELECTIONS: Array<{ name: string; input: Parameters<typeof parseSelection>[0]; components: string[]; disabledSubs?: object }> = [
  { name: 'no options select all six in tier order', input: {}, components: ['msgsvc', 'iam', 'panda', 'harvester', 'idds', 'bigmon'] },
  { name: '--enable order does not change the tier order', input: { enable: 'bigmon, panda,msgsvc' }, components: ['msgsvc', 'panda', 'bigmon'] },
  { name: '--disable comp drops it', input: { disable: 'iam,bigmon' }, components: ['msgsvc', 'panda', 'harvester', 'idds'] },
  { name: '--disable comp.sub keeps the component with the sub off', input: { disable: 'panda.jedi,idds.postgres,panda.jedi' }, components: ['msgsvc', 'iam', 'panda', 'harvester', 'idds', 'bigmon'], disabledSubs: { panda: ['jedi'], idds: ['postgres'] } },
  { name: 'sphenix deploys without IAM by default', input: { experiment: 'sphenix' }, components: ['msgsvc', 'panda', 'harvester', 'idds', 'bigmon'] },
  { name: 'sphenix with an explicit --enable iam keeps it', input: { experiment: 'sphenix', enable: 'iam' }, components: ['iam'] },
];

for (const s of SELECTIONS) {
  test(`parseSelection: ${s.name}`, () => {
    const sel = parseSelection(s.input);
    assert.deepEqual(sel.components, s.components);
    assert.deepEqual(sel.disabledSubs, s.disabledSubs ?? {});
  });
}

const BAD: Array<{ input: Parameters<typeof parseSelection>[0]; message: RegExp }> = [
  { input: { enable: 'bogus' }, message: /"bogus".*msgsvc, iam, panda, harvester, idds, bigmon/ },
  { input: { disable: 'pandas' }, message: /"pandas".*panda\.jedi/ },
  { input: { disable: 'panda.jedi.x' }, message: /"panda\.jedi\.x"/ },
  { input: { disable: 'panda.activemq' }, message: /"panda\.activemq".*msgsvc\.activemq/ },
];
for (const b of BAD) {
  test(`parseSelection rejects ${JSON.stringify(b.input)} naming the token and the valid names`, () => {
    assert.throws(() => parseSelection(b.input), b.message);
  });
}

test('the OVERLAYS table and charts/*/values/ agree, and every gap has a reason', () => {
  for (const comp of COMPONENT_NAMES) {
    const files = readdirSync(join(CHARTS, comp, 'values')).sort();
    const listed = EXPERIMENTS.filter((e) => OVERLAYS[comp][e] === true).map((e) => `values-${e}.yaml`).sort();
    assert.deepEqual(files, listed, comp);
    for (const exp of EXPERIMENTS) {
      const o = experimentOverlay(CHARTS, comp, exp);
      if (o.kind === 'file') assert.ok(existsSync(o.path), o.path);
      else assert.ok(o.reason.length > 10, `${comp}/${exp} has no reason`);
    }
  }
});

test('helmReleaseArgs builds upgrade --install and template with the overlay, names and switches', () => {
  const r = helmReleaseArgs({ affix: '-dev', experiment: 'lsst', component: 'panda', disabledSubs: ['jedi'], namespace: 'panda', chartsDir: 'charts' });
  assert.deepEqual(r.upgradeArgs, [
    'upgrade', '--install', 'panda-dev', 'charts/panda', '--namespace', 'panda',
    '-f', 'charts/panda/values.yaml', '-f', 'charts/panda/values/values-lsst.yaml',
    '--set-string', 'global.affix=-dev', '--set-string', 'global.deploymentName=panda-dev', '--set-string', 'global.experiment=lsst',
    '--set', 'jedi.enabled=false',
  ]);
  assert.deepEqual(r.templateArgs.slice(0, 3), ['template', 'panda-dev', 'charts/panda']);
  assert.deepEqual(r.notes, []);
});

test('an experiment without overlay for a chart is reported, not skipped silently', () => {
  const r = helmReleaseArgs({ affix: 'test-', experiment: 'doma', component: 'msgsvc', chartsDir: 'charts' });
  assert.deepEqual(r.valuesFiles, ['charts/msgsvc/values.yaml']);
  assert.equal(r.overlay?.kind, 'none');
  assert.match(r.notes[0]!, /test-msgsvc: no doma overlay for msgsvc, chart defaults apply/);
});

test('helmReleaseArgs rejects an unknown experiment, a bad affix and an unknown sub-component', () => {
  assert.throws(() => helmReleaseArgs({ affix: 'test-', experiment: 'atlas', component: 'panda', chartsDir: 'c' }), /unknown experiment "atlas".*lsst, lsst-prod, sphenix, doma, cern, dev, atlas_testbed/);
  assert.throws(() => helmReleaseArgs({ affix: 'Test', component: 'panda', chartsDir: 'c' }), /affix "Test"/);
  assert.throws(() => helmReleaseArgs({ affix: '', component: 'panda', disabledSubs: ['rest'], chartsDir: 'c' }), /"panda\.rest".*panda\.server/);
});

test('the secrets release is panda-secrets with the filled values after the placeholders and the same affix', () => {
  const r = secretsReleaseArgs({ affix: 'test-', secretsDir: 'secrets', filledSecretsValues: '/ws/secrets.filled.yaml', namespace: 'ns' });
  assert.deepEqual(r.upgradeArgs, ['upgrade', '--install', 'panda-secrets', 'secrets', '--namespace', 'ns', '-f', 'secrets/values.yaml', '-f', '/ws/secrets.filled.yaml', '--set-string', 'affix=test-']);
});

test('releasePlan orders the releases by tier after the secrets', () => {
  const plan = releasePlan({ affix: 'test-', selection: parseSelection({ disable: 'panda.jedi' }), chartsDir: 'charts', secretsDir: 'secrets' });
  assert.equal(plan.secrets.release, 'panda-secrets');
  assert.deepEqual(plan.components.map((c) => `${c.tier}:${c.release}`), ['1:test-msgsvc', '1:test-iam', '2:test-panda', '3:test-harvester', '3:test-idds', '3:test-bigmon']);
  assert.deepEqual(plan.components.find((c) => c.component === 'panda')!.sets, ['jedi.enabled=false']);
});

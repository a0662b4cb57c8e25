// values.schema.json: generated from values.yaml (never drifting), and a wrong type, an unknown
// experiment, an unknown key or a disagreeing name fails the render with a message naming the key.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CHARTS, SECRETS, helm, helms } from '../helpers/charts-helm.js';
import { CHART_DIRS, SECRETS_DIR, schemaText } from '../helpers/charts-schema.js';

test('each committed values.schema.json is what values.yaml and its @param comments generate', () => {
  for (const dir of [...CHART_DIRS, SECRETS_DIR]) {
    assert.equal(readFileSync(join(dir, 'values.schema.json'), 'utf8'), schemaText(dir), `${dir}: run node --import tsx test/helpers/charts-schema.ts --write`);
  }
});

test('every values.yaml leaf is documented with an @param', () => {
  for (const dir of [...CHART_DIRS, SECRETS_DIR]) {
    const text = readFileSync(join(dir, 'values.yaml'), 'utf8');
    const undocumented: string[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
      if (node.type !== 'object' || !node.properties) {
        // A free-form map (resources …) may be documented leaf by leaf.
        if (!text.includes(`@param ${path} `) && !text.includes(`@param ${path}.`)) undocumented.push(path);
        return;
      }
      for (const [k, v] of Object.entries(node.properties as Record<string, Record<string, unknown>>)) walk(v, path ? `${path}.${k}` : k);
    };
    walk(JSON.parse(schemaText(dir)), '');
    assert.deepEqual(undocumented.filter((p) => p !== 'global'), [], dir);
  }
});

test('the _common.tpl helpers are the same file in every chart', () => {
  const first = readFileSync(join(CHART_DIRS[0]!, 'templates', '_common.tpl'), 'utf8');
  for (const dir of [...CHART_DIRS, SECRETS_DIR]) assert.equal(readFileSync(join(dir, 'templates', '_common.tpl'), 'utf8'), first, dir);
});

const BAD: Array<{ name: string; chart: string; args: string[]; message: RegExp }> = [
  { name: 'an unknown experiment', chart: 'panda', args: ['--set-string', 'global.experiment=atlas'], message: /global.experiment[\s\S]*lsst/ },
  { name: 'a wrong type', chart: 'idds', args: ['--set', 'rest.replicaCount=lots'], message: /rest.replicaCount[\s\S]*integer/ },
  { name: 'a boolean given as text', chart: 'iam', args: ['--set-string', 'mariadb.enabled=no'], message: /mariadb.enabled[\s\S]*boolean/ },
  { name: 'a misspelt key', chart: 'harvester', args: ['--set', 'harvester.enable=false'], message: /enable/ },
  { name: 'a floating image tag', chart: 'bigmon', args: ['--set', 'main.image.tag=latest'], message: /main.image.tag/ },
  { name: 'a malformed affix', chart: 'msgsvc', args: ['--set-string', 'global.affix=Dev'], message: /global.affix/ },
  { name: 'a deploymentName the affix does not give', chart: 'panda', args: ['--set-string', 'global.deploymentName=panda-server'], message: /global.deploymentName "panda-server" disagrees[\s\S]*--set global.deploymentName=test-panda/ },
  { name: 'a malformed secrets affix', chart: 'secrets', args: ['--set-string', 'affix=x'], message: /affix/ },
  { name: 'an unknown database backend', chart: 'secrets', args: ['--set', 'panda.database.backend=mysql'], message: /panda.database.backend/ },
  { name: 'a broker channel naming an undeclared account', chart: 'secrets', args: ['--set', 'msgsvc.channels={x:panda:nobody}'], message: /msgsvc.channels entry "x:panda:nobody" names account "nobody", which msgsvc.accounts \(panda, jedi, idds, pilot\) does not declare/ },
];

for (const h of helms()) {
  describe(`helm ${h.major}: values are validated`, () => {
    for (const c of BAD) {
      test(`${c.name} fails with a message naming the key`, async () => {
        const chart = c.chart === 'secrets' ? SECRETS : join(CHARTS, c.chart);
        const r = await helm(h, ['template', `x-${c.chart}`, chart, ...c.args]);
        assert.notEqual(r.code, 0, `${c.name} rendered:\n${r.stdout.slice(0, 300)}`);
        assert.match(r.stderr, c.message);
      });
    }
  });
}

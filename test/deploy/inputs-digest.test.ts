import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { digestDir, releaseDigest } from '../../src/deploy/inputs-digest.js';

function tmpChart(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-digest-'));
  fs.mkdirSync(path.join(dir, 'templates'));
  fs.writeFileSync(path.join(dir, 'Chart.yaml'), 'name: x\n');
  fs.writeFileSync(path.join(dir, 'values.yaml'), 'a: 1\n');
  fs.writeFileSync(path.join(dir, 'templates', 'a.yaml'), 'kind: ConfigMap\n');
  return dir;
}

test('the digest changes with a chart file, a values file or a --set, and with nothing else', () => {
  const chart = tmpChart();
  const extra = path.join(chart, '..', `${path.basename(chart)}-extra.yaml`);
  fs.writeFileSync(extra, 'b: 2\n');
  const inputs = { release: 'test-x', namespace: 'panda', chartDir: chart, valuesFiles: [extra], sets: ['global.affix=test-'] };
  const d0 = releaseDigest(inputs, chart);
  assert.equal(releaseDigest({ ...inputs, sets: ['global.affix=test-'] }, chart), d0, 'same inputs, same digest');
  fs.writeFileSync(path.join(chart, 'templates', 'a.yaml'), 'kind: Secret\n');
  const d1 = releaseDigest(inputs, chart);
  assert.notEqual(d1, d0, 'chart template edit');
  fs.writeFileSync(extra, 'b: 3\n');
  const d2 = releaseDigest(inputs, chart);
  assert.notEqual(d2, d1, 'values file edit');
  assert.notEqual(releaseDigest({ ...inputs, sets: ['global.affix=dev-'] }, chart), d2, '--set change');
  fs.writeFileSync(path.join(chart, 'notes~'), 'editor backup');
  assert.equal(releaseDigest(inputs, chart), d2, 'editor backups are ignored');
});

test('a missing chart folder digests to empty', () => {
  assert.equal(digestDir('/nonexistent/chart'), '');
});

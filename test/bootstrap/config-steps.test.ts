// The configuration steps on their own: certificates placed once and replaced only after a yes, CRIC files
// copied into the chart, secret values asked for when someone can answer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { hostCertificatesStep } from '../../bootstrap/host-certificates.js';
import { cricStep } from '../../bootstrap/cric.js';
import { secretValuesStep } from '../../bootstrap/secret-values.js';
import { componentsStep } from '../../bootstrap/components.js';
import { fakeData, fakeExec, runSteps } from '../helpers/bootstrap-fake.js';
import { cernHosts, writeCertSet } from '../helpers/bootstrap-certs.js';
import { tempDir, writeCric } from '../helpers/bootstrap-fixtures.js';

const errorOf = (s: { errors: Record<string, Error> }) => Object.values(s.errors).map((e) => e.message).join('\n');

test('host-certificates: copied once; the same files again are a no-op; a new certificate replaces the old only after a yes', async () => {
  const dir = tempDir('certs');
  const first = writeCertSet(path.join(dir, 'a'), { hosts: cernHosts('pkc') });
  const questions: string[] = [];
  let answer = true;
  const data = fakeData(fakeExec([]), { cluster: { name: 'pkc' }, certificates: { dir: first } }, { prompter: { confirm: async (q) => (questions.push(q), answer) } });
  const placed = path.join(data.secretsChartDir, 'files/idds_certs/hostcert.pem');

  assert.equal((await runSteps([componentsStep, hostCertificatesStep], data)).summary.steps['host-certificates'], 'done');
  assert.equal(fs.readFileSync(placed, 'utf8'), fs.readFileSync(path.join(first, 'hostcert.pem'), 'utf8'));
  assert.equal((await runSteps([componentsStep, hostCertificatesStep], data)).summary.steps['host-certificates'], 'already-done');
  assert.deepEqual(questions, []);

  const second = writeCertSet(path.join(dir, 'b'), { hosts: cernHosts('pkc') });
  data.answers.certificates = { dir: second };
  answer = false;
  const declined = await runSteps([componentsStep, hostCertificatesStep], data);
  assert.match(errorOf(declined.summary), /kept the certificates already in \.panda-k8s\/secrets-chart\/files/);
  assert.equal(fs.readFileSync(placed, 'utf8'), fs.readFileSync(path.join(first, 'hostcert.pem'), 'utf8'), 'old one kept');
  answer = true;
  assert.equal((await runSteps([componentsStep, hostCertificatesStep], data)).summary.steps['host-certificates'], 'done');
  assert.equal(fs.readFileSync(placed, 'utf8'), fs.readFileSync(path.join(second, 'hostcert.pem'), 'utf8'));
  assert.match(questions[0]!, /^Replace the certificates in \.panda-k8s\/secrets-chart\/files\/panda_certs, .* with .*b\/hostcert\.pem/);
});

test('host-certificates: IAM disabled (sphenix) leaves iam_certs alone', async () => {
  const certs = writeCertSet(tempDir('certs'), { hosts: ['pandaserver.sdcc.bnl.gov'] });
  const data = fakeData(fakeExec([]), { profile: 'sphenix', certificates: { dir: certs, hosts: ['pandaserver.sdcc.bnl.gov'] } }, { target: 'existing' });
  assert.equal((await runSteps([componentsStep, hostCertificatesStep], data)).summary.status, 'done');
  assert.ok(fs.existsSync(path.join(data.secretsChartDir, 'files/panda_certs/hostkey.pem')));
  assert.ok(!fs.existsSync(path.join(data.secretsChartDir, 'files/iam_certs/hostkey.pem')));
});

test('cric: CRIC-free files from another folder are copied into the secrets chart, and the filled values say real: false', async () => {
  const src = writeCric(tempDir('cric'));
  const data = fakeData(fakeExec([]), { cluster: { name: 'pkc' }, cric: { mode: 'files', dir: src }, rehearsal: true }, { target: 'sim' });
  const { summary } = await runSteps([componentsStep, cricStep, secretValuesStep], data);
  assert.equal(summary.status, 'done', errorOf(summary));
  assert.ok(fs.existsSync(path.join(data.secretsChartDir, 'files/cric_jsons/panda_queues.json')));
  const values = YAML.parse(fs.readFileSync(path.join(data.workspace, '.panda-k8s/secrets.values.yaml'), 'utf8'));
  assert.equal(values.cric.real, false);
});

test('secret-values: with someone to answer, outside values are asked for (secrets flagged), passwords generated', async () => {
  const asked: { key: string; secret: boolean }[] = [];
  const data = fakeData(fakeExec([]), { cluster: { name: 'pkc' }, deploy: { enable: ['msgsvc', 'panda'] } }, { unattended: false });
  data.askValue = async (q) => (asked.push({ key: q.key, secret: q.secret }), `typed-${q.key}`);
  const { summary } = await runSteps([componentsStep, cricStep, secretValuesStep], data);
  assert.equal(summary.status, 'done', errorOf(summary));
  assert.ok(asked.some((a) => a.key === 'auth.authIdToken' && a.secret));
  assert.ok(asked.some((a) => a.key === 'panda.hostName' && !a.secret));
  assert.ok(!asked.some((a) => a.key.startsWith('iam.') || a.key.startsWith('bigmon.')), 'disabled components are not asked about');
  const file = path.join(data.workspace, '.panda-k8s/secrets.values.yaml');
  const values = YAML.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(values.iam.enabled, false);
  assert.equal(values.panda.hostName, 'typed-panda.hostName');
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
});

test('secret-values: a secret given in the answers file is refused, naming the key', async () => {
  const data = fakeData(fakeExec([]), { cluster: { name: 'pkc' }, secrets: { values: { 'auth.authIdToken': 'oops' } } });
  const { summary } = await runSteps([componentsStep, cricStep, secretValuesStep], data);
  assert.match(errorOf(summary), /secrets\.values\["auth\.authIdToken"\]: auth\.authIdToken is a secret and never goes in the answers file/);
});

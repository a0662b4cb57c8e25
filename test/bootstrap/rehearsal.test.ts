// `bootstrap --target sim --yes` in an empty folder: CERN profile defaults, rehearsal SSH key and host
// certificates (the same validation runs on them), rehearsal secret values — all labelled, and refused elsewhere.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { createRunData, loadRunAnswers } from '../../src/app/context.js';
import { validateCertificates } from '../../src/deploy/certificates.js';
import { inputProblems } from '../../bootstrap/index.js';
import { bootstrapOnSim, failure, newWorkspace, simCalls, yes } from '../helpers/bootstrap-sim.js';
import { cernHosts } from '../helpers/bootstrap-certs.js';

test('an empty folder rehearses the whole bootstrap on the sim, labelled as a rehearsal, and a re-run changes nothing', async () => {
  const { workspace, projectRoot } = newWorkspace();
  const first = await bootstrapOnSim(workspace, { projectRoot });
  assert.equal(first.summary?.status, 'done', failure(first));

  const answersText = fs.readFileSync(path.join(workspace, 'panda-k8s.yaml'), 'utf8');
  assert.match(answersText, /^# panda-k8s answers — REHEARSAL/);
  const answers = YAML.parse(answersText);
  assert.equal(answers.rehearsal, true);
  assert.equal(answers.profile, 'cern');
  assert.ok(first.notices.some((n) => /REHEARSAL on the simulated cloud/.test(n)));
  assert.ok(first.notices.some((n) => /REHEARSAL values .* for: auth\.authIdToken/.test(n)));

  const certDir = path.join(workspace, '.panda-k8s/rehearsal/certs');
  const certs = { key: path.join(certDir, 'hostkey.pem'), cert: path.join(certDir, 'hostcert.pem'), chain: path.join(certDir, 'chain.pem') };
  assert.deepEqual(validateCertificates(certs, { hosts: cernHosts('panda-k8s'), allowRehearsal: true }).errors, []);
  assert.match(validateCertificates(certs, { hosts: cernHosts('panda-k8s') }).errors.map((e) => e.message).join('\n'), /only valid for --target sim/);
  assert.equal(fs.readFileSync(path.join(workspace, '.panda-k8s/secrets-chart/files/panda_certs/hostcert.pem'), 'utf8'), fs.readFileSync(certs.cert, 'utf8'));

  const values = YAML.parse(fs.readFileSync(path.join(workspace, '.panda-k8s/secrets.values.yaml'), 'utf8'));
  assert.equal(values.auth.authIdToken, 'rehearsal-not-a-secret-authIdToken');

  const before = simCalls(workspace).length;
  const second = await bootstrapOnSim(workspace, { projectRoot });
  assert.equal(second.summary?.status, 'done', failure(second));
  assert.deepEqual(simCalls(workspace).slice(before).filter((c) => c.mutating), []);
});

test('rehearsal answers are refused for a real target', async () => {
  const { workspace, projectRoot } = newWorkspace();
  const { answers } = loadRunAnswers({ workspace, target: 'sim', save: false });
  const data = await createRunData({ workspace, target: 'openstack', answers, unattended: true, prompter: yes(), projectRoot, notice: () => {}, dryRun: 'all' });
  const problems = (await inputProblems(data)).join('\n');
  assert.match(problems, /rehearsal: the answers file was made for a rehearsal on the sim .* refused for target openstack/);
});

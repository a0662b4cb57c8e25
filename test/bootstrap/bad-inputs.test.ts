// Each bad input stops the run with a message naming the answers key or file, a non-zero exit, and the
// workspace (and the project's secrets/files) exactly as they were.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { bootstrapOnSim, exitCode, failure, newWorkspace, simCalls, writeAnswers, yes } from '../helpers/bootstrap-sim.js';
import { createRunData } from '../../src/app/context.js';
import { inputProblems } from '../../bootstrap/index.js';
import { cernHosts, writeCertSet } from '../helpers/bootstrap-certs.js';
import { snapshot, writeCric, CRIC_GOOD } from '../helpers/bootstrap-fixtures.js';
import { OUTSIDE_SECRETS, e2eAnswers } from '../helpers/bootstrap-answers.js';

type Answers = ReturnType<typeof e2eAnswers> & Record<string, unknown>;

const cases: { name: string; change: (a: Answers, ws: string) => unknown; env?: Record<string, string>; message: RegExp }[] = [
  { name: 'a cluster name Magnum refuses', change: (a) => ({ ...a, cluster: { ...a.cluster, name: '9-lives' } }), message: /cluster\.name: cluster name "9-lives" is not one Magnum accepts/ },
  { name: 'node count 0', change: (a) => ({ ...a, cluster: { ...a.cluster, nodeCount: 0 } }), message: /cluster\.nodeCount: must be at least 1 \(got 0\)/ },
  { name: 'a node count that is not a number', change: (a) => ({ ...a, cluster: { ...a.cluster, nodeCount: 'four' } }), message: /cluster\.nodeCount: must be number, not string/ },
  { name: 'a missing public key', change: (a, ws) => ({ ...a, cluster: { ...a.cluster, publicKeyFile: path.join(ws, 'nope.pub') } }), message: /cluster\.publicKeyFile: .*nope\.pub does not exist/ },
  { name: 'a key that does not match the certificate', change: (a, ws) => ({ ...a, certificates: { dir: writeCertSet(path.join(ws, 'bad'), { hosts: cernHosts('panda-e2e'), wrongKey: true }) } }), message: /certificates: .*bad\/hostkey\.pem does not match the certificate/ },
  { name: 'an expired certificate', change: (a, ws) => ({ ...a, certificates: { dir: writeCertSet(path.join(ws, 'bad'), { hosts: cernHosts('panda-e2e'), days: -1 }) } }), message: /certificates: .*bad\/hostcert\.pem expired on/ },
  { name: 'a chain that does not verify the certificate', change: (a, ws) => ({ ...a, certificates: { dir: writeCertSet(path.join(ws, 'bad'), { hosts: cernHosts('panda-e2e'), wrongChain: true }) } }), message: /certificates: .*bad\/chain\.pem does not verify .*hostcert\.pem/ },
  { name: 'a certificate lacking the aliases', change: (a, ws) => ({ ...a, certificates: { dir: writeCertSet(path.join(ws, 'bad'), { hosts: ['other.example.org'] }) } }), message: /certificates: .*hostcert\.pem does not cover panda-e2e\.cern\.ch, panda-e2e-harvester\.cern\.ch/ },
  { name: 'a missing CRIC JSON file', change: (a, ws) => ({ ...a, cric: { mode: 'files', dir: writeCric(path.join(ws, 'cric'), { 'sites.json': CRIC_GOOD['sites.json'], 'ddm_endpoints.json': CRIC_GOOD['ddm_endpoints.json'] }) } }), message: /cric: .*cric\/panda_queues\.json is missing: it is mandatory/ },
  { name: 'an invalid CRIC JSON file', change: (a, ws) => ({ ...a, cric: { mode: 'files', dir: writeCric(path.join(ws, 'cric'), { ...CRIC_GOOD, 'sites.json': '[1, 2' }) } }), message: /cric: .*cric\/sites\.json is not valid JSON/ },
  { name: 'an unknown experiment', change: (a) => ({ ...a, deploy: { ...a.deploy, experiment: 'atlass' } }), message: /deploy\.experiment: unknown experiment "atlass"/ },
];

for (const c of cases) {
  test(`${c.name} stops the run with a message naming it, and changes nothing`, async () => {
    const { workspace, projectRoot } = newWorkspace();
    const answers = e2eAnswers(workspace) as Answers;
    writeAnswers(workspace, c.change(answers, workspace) as Answers);
    // The sim's own folder (its stand-ins and state) is the simulated cloud, not the workspace's content.
    // Nor is the staged copy of the secrets chart, refreshed on every run (its files/ are the workspace's).
    const staged = path.join('.panda-k8s', 'secrets-chart');
    const ignore = (rel: string) => rel.startsWith(path.join('.panda-k8s', 'sim')) || (rel.startsWith(staged) && !rel.startsWith(path.join(staged, 'files')));
    const before = { ws: snapshot(workspace, ignore), project: snapshot(projectRoot) };
    const env = { ...OUTSIDE_SECRETS, ...c.env };
    const run = await bootstrapOnSim(workspace, { projectRoot, env });
    assert.notEqual(exitCode(run), 0);
    assert.match(failure(run), c.message);
    assert.deepEqual(snapshot(workspace, ignore), before.ws, 'workspace unchanged');
    assert.deepEqual(snapshot(projectRoot), before.project, 'secrets/files unchanged');
    assert.deepEqual(simCalls(workspace).filter((x) => x.mutating), [], 'nothing created in the cloud');
    assert.ok(!fs.existsSync(path.join(workspace, '.panda-k8s', 'state.json')), 'no journal written');
  });
}

test('a FIXME left in an enabled component stops a real target\'s run with a message naming it (the sim fills it with a stand-in)', async () => {
  const { workspace, projectRoot } = newWorkspace();
  const answers = { ...e2eAnswers(workspace), target: 'openstack' as const };
  const env = { ...OUTSIDE_SECRETS, PANDA_K8S_SECRET_AUTH_AUTHIDTOKEN: '' };
  const data = await createRunData({ workspace, target: 'openstack', answers, unattended: true, prompter: yes(), projectRoot, notice: () => {}, dryRun: 'all', env: { ...process.env, ...env } });
  const problems = (await inputProblems(data)).join('\n');
  assert.match(problems, /secret values: FIXME left: auth\.authIdToken \(panda, harvester, idds, bigmon\): no value yet \("FIXME" in .*secrets\/values\.yaml\); give it with export PANDA_K8S_SECRET_AUTH_AUTHIDTOKEN=/);
  const onSim = await createRunData({ workspace, target: 'sim', answers: { ...answers, target: 'sim' }, unattended: true, prompter: yes(), projectRoot, notice: () => {}, dryRun: 'all', env: { ...process.env, ...env } });
  assert.doesNotMatch((await inputProblems(onSim)).join('\n'), /auth\.authIdToken/);
});

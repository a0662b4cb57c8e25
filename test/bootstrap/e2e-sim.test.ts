// End to end against the simulated cloud: a fresh workspace to a configured cluster, then a second run that
// changes nothing (zero mutating commands in the sim's call log).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { findPlaceholders } from '../../src/deploy/secrets-values.js';
import { readState } from '../../src/sim/store.js';
import { simPaths } from '../../src/sim/store.js';
import { simDirOf } from '../../src/app/context.js';
import { bootstrapOnSim, failure, newWorkspace, simCalls, writeAnswers } from '../helpers/bootstrap-sim.js';
import { OUTSIDE_SECRETS, e2eAnswers } from '../helpers/bootstrap-answers.js';

test('a fresh workspace goes to a configured cluster; the second run issues no mutating command', async () => {
  const { workspace, projectRoot } = newWorkspace();
  writeAnswers(workspace, e2eAnswers(workspace));

  const first = await bootstrapOnSim(workspace, { projectRoot, env: OUTSIDE_SECRETS });
  assert.equal(first.summary?.status, 'done', failure(first));

  // The cluster, with the seed's labels and --merge-labels.
  const state = readState(simPaths(simDirOf(workspace)));
  const cluster = state.clusters.find((c) => c.name === 'panda-e2e')!;
  assert.equal(cluster.status, 'CREATE_COMPLETE');
  assert.equal(cluster.labels['cern_enabled'], 'true');
  assert.equal(cluster.labels['cinder_csi_enabled'], 'True');
  assert.equal(cluster.labels['ingress_controller'], 'nginx');
  const created = simCalls(workspace).find((c) => c.argv.includes('create') && c.argv.includes('cluster'))!;
  assert.ok(created.argv.includes('--merge-labels'));
  assert.ok(created.argv.includes('kubernetes-1.30.1-1'), `newest template by version: ${created.argv.join(' ')}`);

  // Labelled nodes, snippets, aliases on the real node names.
  const kube = state.kubes.find((k) => k.clusterUuid === cluster.uuid)!;
  const workers = kube.nodes.filter((n) => n.role === 'worker');
  assert.equal(workers.length, 3);
  for (const n of workers) assert.equal(n.labels['role'], 'ingress', n.name);
  const cm = kube.configMaps.find((c) => c.name === 'cern-magnum-ingress-nginx-controller')!;
  assert.equal(cm.data['allow-snippet-annotations'], 'true');
  assert.equal(cm.data['annotations-risk-level'], 'Critical', 'controller 1.12 needs the risk level');
  for (const n of workers) {
    const server = state.servers.find((s) => s.name === n.name)!;
    const i = n.index + 1;
    assert.equal(server.properties['landb-alias'], ['', '-harvester', '-panda', '-idds', '-bigmon', '-server'].map((s) => `panda-e2e${s}--load-${i}-`).join(','));
  }

  // The kubeconfig, private.
  const kubeconfig = path.join(workspace, '.panda-k8s/kube/config');
  assert.equal(fs.statSync(kubeconfig).mode & 0o777, 0o600);

  // Certificates placed, keys 0600.
  for (const comp of ['panda', 'harvester', 'bigmon', 'idds', 'iam']) {
    const dir = path.join(workspace, '.panda-k8s/secrets-chart/files', `${comp}_certs`);
    assert.equal(fs.readFileSync(path.join(dir, 'hostcert.pem'), 'utf8'), fs.readFileSync(path.join(workspace, 'certs/hostcert.pem'), 'utf8'));
    assert.equal(fs.statSync(path.join(dir, 'hostkey.pem')).mode & 0o777, 0o600);
  }

  // Secrets filled, 0600, nothing left, and no secret in the journal or the answers.
  const valuesFile = path.join(workspace, '.panda-k8s/secrets.values.yaml');
  assert.equal(fs.statSync(valuesFile).mode & 0o777, 0o600);
  const values = YAML.parse(fs.readFileSync(valuesFile, 'utf8'));
  assert.deepEqual(findPlaceholders(values).map((p) => p.key), [], 'no FIXME left');
  assert.equal(values.auth.authIdToken, 'e2e-id-token');
  assert.equal(values.affix, 'test-');
  assert.match(values.panda.database.password, /^[A-Za-z0-9_-]{32}$/);
  const journal = fs.readFileSync(path.join(workspace, '.panda-k8s/state.json'), 'utf8');
  for (const secret of [values.panda.database.password, 'e2e-id-token']) {
    assert.ok(!journal.includes(secret), 'journal holds no secret');
    assert.ok(!fs.readFileSync(path.join(workspace, 'panda-k8s.yaml'), 'utf8').includes(secret), 'answers hold no secret');
  }

  // Second run: everything already done, zero mutating commands.
  const before = simCalls(workspace).length;
  const valuesBefore = fs.readFileSync(valuesFile, 'utf8');
  const second = await bootstrapOnSim(workspace, { projectRoot, env: OUTSIDE_SECRETS });
  assert.equal(second.summary?.status, 'done', failure(second));
  const again = simCalls(workspace).slice(before);
  assert.ok(again.length > 0);
  assert.deepEqual(again.filter((c) => c.mutating).map((c) => `${c.tool} ${c.argv.join(' ')}`), []);
  assert.ok(Object.values(second.summary!.steps).every((s) => s === 'already-done'), JSON.stringify(second.summary!.steps));
  assert.equal(fs.readFileSync(valuesFile, 'utf8'), valuesBefore, 'passwords are kept');
});

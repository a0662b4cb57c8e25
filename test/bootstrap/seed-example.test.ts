// The CERN procedure page's own example (`openstack coe cluster create PanDA-DOMA-k8s --keypair lxplus
// --cluster-template kubernetes-1.29.2-2 …`) rehearsed on the sim as an operator's real answers file would say it:
// the name kept as given for Magnum, its lower-case form everywhere the cloud derives names, the rehearsal
// filling what the file leaves out without writing to it, and a name the cloud would refuse later stopped first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { simDirOf } from '../../src/app/context.js';
import { readState, simPaths } from '../../src/sim/store.js';
import { bootstrapOnSim, exitCode, failure, newWorkspace, simCalls } from '../helpers/bootstrap-sim.js';
import { ROOT } from '../helpers/process.js';

const SEED_CREATE = 'coe cluster create PanDA-DOMA-k8s --keypair lxplus --cluster-template kubernetes-1.29.2-2 --node-count 4 --flavor m2.xlarge --master-flavor m2.xlarge --merge-labels --labels cern_enabled=true,ingress_controller=nginx,cinder_csi_enabled=True';

/** The seed's alias list for node N (its shell loop, with CLUSTER_NAME=panda-doma-k8s). */
function seedAliases(n: number): string {
  const c = 'panda-doma-k8s';
  return `${c}--load-${n}-,${c}-harvester--load-${n}-,${c}-panda--load-${n}-,${c}-idds--load-${n}-,${c}-bigmon--load-${n}-,${c}-server--load-${n}-`;
}

test('the procedure page\'s example runs verbatim on the sim; nodes, aliases and certificate names are its lower-case form', async () => {
  const { workspace, projectRoot } = newWorkspace();
  const answersText = YAML.stringify({
    target: 'sim',
    cluster: { name: 'PanDA-DOMA-k8s', keypair: 'lxplus', template: 'kubernetes-1.29.2-2', nodeCount: 4, flavor: 'm2.xlarge', masterFlavor: 'm2.xlarge' },
  });
  const file = path.join(workspace, 'panda-k8s.yaml');
  fs.writeFileSync(file, answersText);

  const run = await bootstrapOnSim(workspace, { projectRoot });
  assert.equal(run.summary?.status, 'done', failure(run));

  const creates = simCalls(workspace).filter((c) => c.argv.slice(0, 3).join(' ') === 'coe cluster create');
  assert.deepEqual(creates.map((c) => c.argv.join(' ')), [SEED_CREATE]);

  const state = readState(simPaths(simDirOf(workspace)));
  const cluster = state.clusters.find((c) => c.name === 'PanDA-DOMA-k8s');
  assert.equal(cluster?.status, 'CREATE_COMPLETE');
  const nodes = state.servers.filter((s) => s.clusterUuid === cluster!.uuid && /-node-\d+$/.test(s.name)).sort((a, b) => a.name.localeCompare(b.name));
  assert.equal(nodes.length, 4);
  for (const [i, node] of nodes.entries()) {
    assert.match(node.name, new RegExp(`^panda-doma-k8s-[a-z0-9]{12}-node-${i}$`));
    assert.equal(node.properties['landb-alias'], seedAliases(i + 1), node.name);
  }

  // The rehearsal's certificate covers the lower-case alias names.
  const cert = new X509Certificate(fs.readFileSync(path.join(workspace, '.panda-k8s/secrets-chart/files/panda_certs/hostcert.pem')));
  for (const host of ['panda-doma-k8s.cern.ch', 'panda-doma-k8s-panda.cern.ch', 'panda-doma-k8s-server.cern.ch']) assert.ok(cert.subjectAltName?.includes(`DNS:${host}`), `${host} in ${cert.subjectAltName}`);

  // What the rehearsal filled (key, certificates, outside secret values) never went into the answers file.
  assert.equal(fs.readFileSync(file, 'utf8'), answersText);
});

test('an answers file saying only "target: sim" is rehearsed with stand-ins for what it leaves out, never written back', async () => {
  const { workspace, projectRoot } = newWorkspace();
  const file = path.join(workspace, 'panda-k8s.yaml');
  fs.writeFileSync(file, 'target: sim\n');

  const first = await bootstrapOnSim(workspace, { projectRoot });
  assert.equal(first.summary?.status, 'done', failure(first));
  assert.equal(fs.readFileSync(file, 'utf8'), 'target: sim\n');
  assert.ok(first.notices.some((n) => /the SSH key and the host certificates .* are rehearsal stand-ins .* never written to it/.test(n)), first.notices.join('\n'));
  const values = YAML.parse(fs.readFileSync(path.join(workspace, '.panda-k8s/secrets.values.yaml'), 'utf8'));
  assert.equal(values.auth.authIdToken, 'rehearsal-not-a-secret-authIdToken');
  assert.ok(fs.existsSync(path.join(workspace, '.panda-k8s/rehearsal/certs/hostcert.pem')));

  const before = simCalls(workspace).length;
  const second = await bootstrapOnSim(workspace, { projectRoot });
  assert.equal(second.summary?.status, 'done', failure(second));
  assert.deepEqual(simCalls(workspace).slice(before).filter((c) => c.mutating).map((c) => c.argv.join(' ')), []);
  assert.equal(fs.readFileSync(file, 'utf8'), 'target: sim\n');
});

test('a cluster name whose landb-alias value would pass Nova\'s 255 stops the run with exit 2 before any cloud call', async () => {
  const { workspace, projectRoot } = newWorkspace();
  fs.writeFileSync(path.join(workspace, 'panda-k8s.yaml'), YAML.stringify({ target: 'sim', cluster: { name: 'PanDA-DOMA-k8s-rehearsal-27' } }));
  const run = await bootstrapOnSim(workspace, { projectRoot });
  assert.equal(exitCode(run), 2);
  assert.match(failure(run), /cluster\.name: "PanDA-DOMA-k8s-rehearsal-27" makes a landb-alias value of 256 characters on node 4 .*Shorten the name by 1 character \(to at most 26\)/);
  assert.deepEqual(simCalls(workspace), []);
});

test('the CLI gives exit 2 for such a name in an answers file, saying the length and what to shorten', () => {
  const { workspace } = newWorkspace();
  const answers = path.join(workspace, 'answers.yaml');
  fs.writeFileSync(answers, YAML.stringify({ target: 'openstack', cluster: { name: 'panda-doma-k8s-production-1', keypair: 'lxplus' } }));
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/panda-k8s.mjs'), 'bootstrap', '--config', answers, '--yes', '--plain', '-w', workspace], {
    encoding: 'utf8', env: { ...process.env, CI: '1', OS_AUTH_URL: 'http://127.0.0.1:9/v3' },
  });
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /cluster\.name: "panda-doma-k8s-production-1" makes a landb-alias value of 256 characters/);
});

// charts/harvester/files/tests/queues.py, run as its test Pod runs it, with a stand-in mysql client and
// database: it passes when the database answers and holds loaded queues, and fails on each way it does not.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runTestScript } from '../../helpers/chart-test-scripts.js';
import { startMysqlStandIn, type FakeDatabase } from '../../helpers/mysql-standin.js';

const DB: FakeDatabase = { host: 'test-harvester-mariadb', port: '3306', user: 'harvester', password: 'pw', database: 'harvester', queues: ['CERN-EXTENSION_K8S', 'DOMA_LSST_GOOGLE_TEST'] };
const ENV = { HARVESTER_DB_HOST: DB.host, HARVESTER_DB_PORT: DB.port, MARIADB_USER: DB.user, MARIADB_PASSWORD: DB.password, MARIADB_DATABASE: DB.database };

async function run(db: Partial<FakeDatabase>, env: Record<string, string> = {}) {
  const fake = startMysqlStandIn({ ...DB, ...db });
  const r = await runTestScript('harvester', 'queues.py', { ...ENV, ...env }, { path: fake.path });
  return { ...r, calls: fake.calls() };
}

describe('harvester helm test (queues.py)', () => {
  test('a database that answers with loaded queues passes, the password never on the command line', async () => {
    const r = await run({});
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(r.lines, [
      'ok:   Harvester database answers: server 10.11.11-MariaDB-ubu2204 at test-harvester-mariadb:3306 answers as harvester',
      'ok:   queue configuration loaded: 2 queue(s) loaded: CERN-EXTENSION_K8S, DOMA_LSST_GOOGLE_TEST',
    ]);
    assert.ok(r.calls.every((argv) => !argv.some((a) => a.includes('pw'))), JSON.stringify(r.calls));
  });

  test('an empty queue table fails: no queue configuration was loaded', async () => {
    const r = await run({ queues: [] });
    assert.equal(r.code, 1);
    assert.equal(r.lines[1], 'FAIL: queue configuration loaded: pq_table is empty: Harvester loaded no queue from its queue configuration (<EXPERIMENT>.panda_queueconfig.json)');
  });

  test('no queue table fails: Harvester never set up its database', async () => {
    const r = await run({ queues: undefined });
    assert.equal(r.code, 1);
    assert.equal(r.lines[1], 'FAIL: queue configuration loaded: Harvester has not created its tables in harvester (no pq_table): it has not started against this database');
  });

  test('a wrong password fails with the server\'s refusal', async () => {
    const r = await run({}, { MARIADB_PASSWORD: 'wrong' });
    assert.equal(r.code, 1);
    assert.equal(r.lines[0], "FAIL: Harvester database answers: ERROR 1045 (28000): Access denied for user 'harvester'@'10.100.0.12' (using password: YES)");
  });

  test('a database that does not answer fails once the deadline passes', async () => {
    const r = await run({ down: true });
    assert.equal(r.code, 1);
    assert.equal(r.lines[0], "FAIL: Harvester database answers: the database: no answer: ERROR 2002 (HY000): Can't connect to server on 'test-harvester-mariadb' (115)");
  });

  test('a missing setting names the variable', async () => {
    const r = await run({}, { MARIADB_USER: '' });
    assert.equal(r.code, 1);
    assert.equal(r.lines[0], 'FAIL: Harvester database answers: the test Pod has no MARIADB_USER (its chart wires it from the secrets release)');
  });
});

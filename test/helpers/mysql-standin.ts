// A stand-in for the mysql client and the MariaDB server behind it: a `mysql` executable on PATH that
// answers the helm test's queries from a JSON description of the database, with the MariaDB client's own
// error lines and exit codes for each way the database can be wrong. It records every call's argv.

import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './process.js';

export interface FakeDatabase {
  host: string;
  port: string;
  user: string;
  password: string;
  database: string;
  /** @default '10.11.11-MariaDB-ubu2204' */
  version?: string;
  /** The queue names in pq_table; undefined: the table does not exist. */
  queues?: string[];
  /** Nothing listens on host:port. */
  down?: boolean;
}

export interface MysqlStandIn {
  /** PATH with the fake client first. */
  path: string;
  /** argv of each call, in order. */
  calls(): string[][];
}

const CLIENT = `
const fs = require('node:fs');
const path = require('node:path');
const db = JSON.parse(fs.readFileSync(path.join(__dirname, 'db.json'), 'utf8'));
const args = process.argv.slice(2);
fs.appendFileSync(path.join(__dirname, 'calls.jsonl'), JSON.stringify(args) + '\\n');
const opt = (name) => { const a = args.find((x) => x.startsWith('--' + name + '=')); return a === undefined ? undefined : a.slice(name.length + 3); };
const fail = (line) => { process.stderr.write(line + '\\n'); process.exit(1); };
if (args.some((a) => a === '-p' || /^--password/.test(a) || /^-p./.test(a))) fail('test stand-in: the password was given on the command line');
if (db.down || opt('host') !== db.host || opt('port') !== db.port) fail("ERROR 2002 (HY000): Can't connect to server on '" + opt('host') + "' (115)");
if (opt('user') !== db.user || process.env.MYSQL_PWD !== db.password) fail("ERROR 1045 (28000): Access denied for user '" + opt('user') + "'@'10.100.0.12' (using password: " + (process.env.MYSQL_PWD ? 'YES' : 'NO') + ')');
if (opt('database') !== db.database) fail("ERROR 1049 (42000): Unknown database '" + opt('database') + "'");
const q = opt('execute') || '';
if (/^SELECT VERSION\\(\\)$/i.test(q)) { process.stdout.write((db.version || '10.11.11-MariaDB-ubu2204') + '\\n'); process.exit(0); }
if (/FROM pq_table/i.test(q)) {
  if (!db.queues) fail("ERROR 1146 (42S02) at line 1: Table '" + db.database + ".pq_table' doesn't exist");
  process.stdout.write([...new Set(db.queues)].sort().map((n) => n + '\\n').join(''));
  process.exit(0);
}
fail('ERROR 1064 (42000) at line 1: You have an error in your SQL syntax (test stand-in knows no ' + JSON.stringify(q) + ')');
`;

export function startMysqlStandIn(db: FakeDatabase): MysqlStandIn {
  const dir = tempDir('pk8s-mysql-');
  fs.writeFileSync(path.join(dir, 'db.json'), JSON.stringify(db));
  fs.writeFileSync(path.join(dir, 'client.cjs'), CLIENT);
  fs.writeFileSync(path.join(dir, 'mysql'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(dir, 'client.cjs')}" "$@"\n`, { mode: 0o755 });
  return {
    path: `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    calls: () => {
      const file = path.join(dir, 'calls.jsonl');
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]) : [];
    },
  };
}

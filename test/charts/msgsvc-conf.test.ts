// The broker's configuration layer, run for real: the msgsvc chart's sandbox ConfigMap (activemq.xml and
// install_conf.py) is written to disk and install_conf.py runs with the environment the secrets release
// renders into msgsvc-envs; the result is the accounts, groups and access rules PanDA, JEDI and iDDS use.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { helmReleaseArgs, secretsReleaseArgs } from '../../src/deploy/release-plan.js';
import { CHARTS, SECRETS, SECRETS_GENERATED, helms, render, type K8sObject } from '../helpers/charts-helm.js';

const PYTHON = process.env['PYTHON'] ?? 'python3';

function secretEnv(objs: K8sObject[], suffix: string): Record<string, string> {
  const s = objs.find((o) => o.kind === 'Secret' && o.metadata.name === `panda-secrets-${suffix}`);
  assert.ok(s, `no Secret panda-secrets-${suffix}`);
  return Object.fromEntries(Object.entries((s.stringData ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

/** Writes the sandbox ConfigMap's files into <dir>/sandbox and makes an empty $ACTIVEMQ_HOME/conf. */
function unpack(objs: K8sObject[]): { dir: string; sandbox: string; conf: string } {
  const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-activemq-sandbox'));
  assert.ok(cm, 'the msgsvc chart renders no sandbox ConfigMap');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pk-amq-'));
  const sandbox = path.join(dir, 'sandbox');
  const conf = path.join(dir, 'home', 'conf');
  fs.mkdirSync(sandbox);
  fs.mkdirSync(conf, { recursive: true });
  for (const [name, text] of Object.entries(cm.data as Record<string, string>)) fs.writeFileSync(path.join(sandbox, name), text);
  return { dir, sandbox, conf };
}

function run(sandbox: string, env: Record<string, string>, home: string) {
  return spawnSync(PYTHON, [path.join(sandbox, 'install_conf.py')], { env: { PATH: process.env['PATH'] ?? '', ...env, ACTIVEMQ_HOME: home }, encoding: 'utf8' });
}

function properties(file: string): Record<string, string> {
  return Object.fromEntries(fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('=') as [string, string]));
}

/** The authorization entries of the written activemq.xml, checked well-formed by Python's XML parser. */
function rules(conf: string): Array<{ kind: string; dest: string; read: string[]; write: string[] }> {
  const script = [
    'import sys, json, xml.etree.ElementTree as ET',
    'ns = "{http://activemq.apache.org/schema/core}"',
    'root = ET.parse(sys.argv[1]).getroot()',
    'out = [dict(kind="queue" if "queue" in e.attrib else "topic", dest=e.attrib.get("queue", e.attrib.get("topic")), read=e.attrib["read"].split(","), write=e.attrib["write"].split(",")) for e in root.iter(ns + "authorizationEntry")]',
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', script, path.join(conf, 'activemq.xml')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `activemq.xml does not parse: ${r.stderr}`);
  return JSON.parse(r.stdout) as Array<{ kind: string; dest: string; read: string[]; write: string[] }>;
}

const [h] = helms();

describe(`msgsvc configuration (helm ${h!.major})`, () => {
  test('install_conf.py turns the secrets release\'s accounts and channels into logins and access rules', async () => {
    const secrets = await render(h!, [...secretsReleaseArgs({ affix: 'test-', secretsDir: SECRETS }).templateArgs.slice(1), '-f', SECRETS_GENERATED, '--set-string', 'msgsvc.basePasswd=s3cret']);
    const env = secretEnv(secrets, 'msgsvc-envs');
    const chart = await render(h!, helmReleaseArgs({ affix: 'test-', component: 'msgsvc', chartsDir: CHARTS }).templateArgs.slice(1));
    const { dir, sandbox, conf } = unpack(chart);
    const r = run(sandbox, env, path.join(dir, 'home'));
    assert.equal(r.status, 0, r.stderr);

    const accounts = env['ACTIVEMQ_ACCOUNTS']!.split(';');
    assert.ok(accounts.includes('panda') && accounts.includes('jedi') && accounts.includes('idds'), accounts.join(','));
    const users = properties(path.join(conf, 'users.properties'));
    assert.equal(users['system'], 's3cret');
    for (const a of accounts) assert.equal(users[a], `s3cret_${a}`, `account ${a}`);
    assert.equal((fs.statSync(path.join(conf, 'users.properties')).mode & 0o077), 0, 'the passwords file is private');
    const groups = properties(path.join(conf, 'groups.properties'));
    assert.equal(groups['admins'], 'system');
    assert.deepEqual(groups['users']!.split(','), accounts);

    const entries = rules(conf);
    const allows = (how: 'read' | 'write', account: string, kind: string, dest: string) =>
      entries.some((e) => e.kind === kind && e.dest === dest && e[how].includes(account));
    for (const spec of env['ACTIVEMQ_CHANNELS']!.split(';')) {
      const [name, writers, readers] = spec.split(':') as [string, string, string];
      for (const kind of ['queue', 'topic']) {
        for (const w of writers.split(',')) assert.ok(allows('write', w, kind, name), `${w} may not write ${kind} ${name}`);
        for (const rd of readers.split(',')) assert.ok(allows('read', rd, kind, name), `${rd} may not read ${kind} ${name}`);
      }
    }
    // Nobody but the admins may use a destination no channel declares.
    assert.ok(!allows('write', 'pilot', 'queue', 'idds_panda'), 'pilot writes to iDDS\'s queue');
  });

  test('a channel naming an undeclared account, or no base password, stops the start with a message', async () => {
    const chart = await render(h!, helmReleaseArgs({ affix: 'test-', component: 'msgsvc', chartsDir: CHARTS }).templateArgs.slice(1));
    const { dir, sandbox } = unpack(chart);
    const bad = run(sandbox, { ACTIVEMQ_BASE_PASSWD: 'x', ACTIVEMQ_ACCOUNTS: 'panda;jedi', ACTIVEMQ_CHANNELS: 'panda_jedi:panda:jedi;idds_panda:idds:panda' }, path.join(dir, 'home'));
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /channel idds_panda names account\(s\) idds that ACTIVEMQ_ACCOUNTS \(panda, jedi\) does not declare/);
    const nopass = run(sandbox, { ACTIVEMQ_ACCOUNTS: 'panda', ACTIVEMQ_CHANNELS: '' }, path.join(dir, 'home'));
    assert.equal(nopass.status, 1);
    assert.match(nopass.stderr, /ACTIVEMQ_BASE_PASSWD is empty/);
  });
});

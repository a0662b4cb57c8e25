// The PanDA server's and JEDI's configuration layer, run for real: the rendered sandbox is copied the way
// the start command does, process_template.py fills it from the environment the secrets release renders
// into panda-envs, and the result is checked: every placeholder filled, the JSON valid, the broker
// accounts and destinations allowed by the broker's channels, the config JSONs' $NAME all provided.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { helmReleaseArgs, secretsReleaseArgs } from '../../src/deploy/release-plan.js';
import { CHARTS, SECRETS, SECRETS_GENERATED, helms, render, workloads, type K8sObject } from '../helpers/charts-helm.js';

const PYTHON = process.env['PYTHON'] ?? 'python3';
const [h] = helms();

function secretEnv(objs: K8sObject[], suffix: string): Record<string, string> {
  const s = objs.find((o) => o.kind === 'Secret' && o.metadata.name === `panda-secrets-${suffix}`)!;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((s.data ?? {}) as Record<string, string>)) out[k] = Buffer.from(v, 'base64').toString('utf8');
  for (const [k, v] of Object.entries((s.stringData ?? {}) as Record<string, unknown>)) out[k] = String(v);
  return out;
}

function configMap(objs: K8sObject[], name: string): Record<string, string> {
  const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
  assert.ok(cm, `no ConfigMap ${name}`);
  return cm.data as Record<string, string>;
}

/** The container env a workload sees from its env list (values only). */
function podEnv(objs: K8sObject[], workload: string): Record<string, string> {
  const w = workloads(objs).find((x) => x.metadata.name === workload)!;
  return Object.fromEntries((w.spec.template.spec.containers[0]!.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
}

async function deployment() {
  const secrets = await render(h!, [...secretsReleaseArgs({ affix: 'test-', secretsDir: SECRETS }).templateArgs.slice(1), '-f', SECRETS_GENERATED, '--set-string', 'msgsvc.basePasswd=base', '--set', 'rucio.rucioHost=rucio.example.org:443']);
  const panda = await render(h!, helmReleaseArgs({ affix: 'test-', component: 'panda', chartsDir: CHARTS }).templateArgs.slice(1));
  return { secrets, panda };
}

/** Copies the sandbox ConfigMaps into a /data/panda-like folder and runs process_template.py there. */
function startLikeTheContainer(panda: K8sObject[], sub: 'server' | 'jedi', env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pk-panda-${sub}-`));
  for (const data of [configMap(panda, `test-panda-${sub}-sandbox`), configMap(panda, 'test-panda-external-sandbox')]) {
    for (const [name, text] of Object.entries(data)) fs.writeFileSync(path.join(dir, name), text);
  }
  const r = spawnSync(PYTHON, [path.join(dir, 'process_template.py'), dir], { env: { PATH: process.env['PATH'] ?? '', ...env }, encoding: 'utf8' });
  return { dir, r };
}

describe(`panda configuration (helm ${h!.major})`, () => {
  for (const sub of ['server', 'jedi'] as const) {
    test(`${sub}: the start command's templates fill completely from panda-envs and give valid files`, async () => {
      const { secrets, panda } = await deployment();
      const env = { ...secretEnv(secrets, 'panda-envs'), ...podEnv(panda, `test-panda-${sub}`) };
      const { dir, r } = startLikeTheContainer(panda, sub, env);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '', 'every placeholder has its variable');
      for (const f of ['idds.cfg', 'rucio.cfg', 'idds_token.json']) assert.ok(fs.existsSync(path.join(dir, f)), `${f} was not rendered`);
      assert.match(fs.readFileSync(path.join(dir, 'idds.cfg'), 'utf8'), /^host = https:\/\/test-idds-rest:8443\/idds$/m);
      assert.match(fs.readFileSync(path.join(dir, 'rucio.cfg'), 'utf8'), /^rucio_host = https:\/\/rucio\.example\.org:443$/m);
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json'))) {
        const text = fs.readFileSync(path.join(dir, f), 'utf8');
        assert.doesNotMatch(text, /\$\{/, `${f} keeps a placeholder`);
        JSON.parse(text);
      }
      for (const script of fs.readdirSync(dir).filter((n) => n.startsWith('init-') || n.startsWith('run-'))) {
        const syntax = spawnSync('bash', ['-n', path.join(dir, script)], { encoding: 'utf8' });
        assert.equal(syntax.status, 0, `${script}: ${syntax.stderr}`);
      }
    });
  }

  test('every $NAME of the config JSONs is a variable panda-envs or the pod provides', async () => {
    const { secrets, panda } = await deployment();
    for (const sub of ['server', 'jedi']) {
      const env = { ...secretEnv(secrets, 'panda-envs'), ...podEnv(panda, `test-panda-${sub}`) };
      for (const [name, text] of Object.entries(configMap(panda, `test-panda-${sub}-config`))) {
        const missing = [...text.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!).filter((v) => !(v in env));
        assert.deepEqual([...new Set(missing)], [], `${sub} ${name}`);
      }
    }
  });

  test('each broker account PanDA and JEDI log in with may use the destinations they name (the broker\'s channels)', async () => {
    const { secrets, panda } = await deployment();
    const channels = secretEnv(secrets, 'msgsvc-envs')['ACTIVEMQ_CHANNELS']!.split(';').map((c) => {
      const [name, writers, readers] = c.split(':') as [string, string, string];
      return { name, writers: writers.split(','), readers: readers.split(',') };
    });
    const may = (account: string, how: 'read' | 'write', destination: string) => {
      const bare = destination.replace(/^\/(queue|topic)\//, '');
      return channels.some((c) => (bare === c.name || bare.startsWith(`${c.name}.`)) && (how === 'read' ? c.readers : c.writers).includes(account));
    };
    const problems: string[] = [];
    let checked = 0;
    for (const sub of ['server', 'jedi']) {
      for (const [file, text] of Object.entries(configMap(panda, `test-panda-${sub}-sandbox`)).filter(([f]) => f.endsWith('_config.json'))) {
        const conf = JSON.parse(text) as { mb_servers: Record<string, { username: string }>; queues: Record<string, { server: string; destination: string }>; processors?: Record<string, { in_queue?: string; out_queue?: string }> };
        const uses = new Map<string, Set<'read' | 'write'>>();
        for (const p of Object.values(conf.processors ?? {})) {
          if (p.in_queue) uses.set(p.in_queue, new Set([...(uses.get(p.in_queue) ?? []), 'read']));
          if (p.out_queue) uses.set(p.out_queue, new Set([...(uses.get(p.out_queue) ?? []), 'write']));
        }
        for (const [q, def] of Object.entries(conf.queues)) {
          const account = conf.mb_servers[def.server]!.username;
          // Without a processor naming it, the queue is the service's own to send on (the server's job status, JEDI's internal queues).
          const hows = uses.get(q) ?? new Set(['write'] as const);
          for (const how of hows) {
            checked++;
            if (!may(account, how, def.destination)) problems.push(`${sub} ${file}: queue ${q} (${def.destination}) needs ${account} to ${how}, which no channel allows`);
          }
        }
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(checked >= 10, `only ${checked} uses checked`);
  });

  test('without the broker (messaging.enabled false) no MQ configuration is shipped or named', async () => {
    const panda = await render(h!, [...helmReleaseArgs({ affix: 'test-', component: 'panda', chartsDir: CHARTS }).templateArgs.slice(1), '--set', 'messaging.enabled=false']);
    assert.deepEqual(Object.keys(configMap(panda, 'test-panda-jedi-sandbox')).filter((f) => f.endsWith('_config.json')), []);
    assert.doesNotMatch(configMap(panda, 'test-panda-server-config')['panda_server_config.json']!, /mq_configFile/);
    assert.doesNotMatch(configMap(panda, 'test-panda-jedi-config')['panda_jedi_config.json']!, /msgprocessor/);
  });

  test('an experiment overlay merges into the base configuration without losing it', async () => {
    const panda = await render(h!, helmReleaseArgs({ affix: 'test-', experiment: 'atlas_testbed', component: 'panda', chartsDir: CHARTS }).templateArgs.slice(1));
    const server = JSON.parse(configMap(panda, 'test-panda-server-config')['panda_server_config.json']!) as { server: Record<string, string>; daemon: { config: Record<string, unknown>; n_proc: string } };
    assert.equal(server.server['closer_plugins'], 'atlas:dataservice.closer_atlas_plugin:CloserAtlasPlugin');
    assert.equal(server.server['dbhost'], '$PANDA_DB_HOST', 'the base keys stay');
    assert.equal(server.server['pserveralias'], 'pandaserver-tb.cern.ch', 'the alias follows the ingress host');
    assert.equal(server.daemon.n_proc, '8');
    assert.ok(server.daemon.config['configurator']);
    const jedi = JSON.parse(configMap(panda, 'test-panda-jedi-config')['panda_jedi_config.json']!) as Record<string, Record<string, string>>;
    assert.match(jedi['ddm']!['modConfig']!, /AtlasDDMClient/);
    assert.equal(jedi['db']!['dbhost'], '$PANDA_DB_HOST');
  });
});

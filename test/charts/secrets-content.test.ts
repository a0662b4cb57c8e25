// What the services read from the secrets release beyond names and hosts: the Rucio client settings,
// iDDS tokens, BigMon's iDDS database and prmon location, Harvester's per-replica database keys, IAM's
// registration policy and keystore, and the internal OIDC client with its token cache entry.
// Optional values stay optional: the chart renders without them and with any one of them set.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { secretsReleaseArgs } from '../../src/deploy/release-plan.js';
import { SECRETS, SECRETS_GENERATED, helm, helms, render, type K8sObject } from '../helpers/charts-helm.js';

const base = [...secretsReleaseArgs({ affix: 'test-', secretsDir: SECRETS }).templateArgs.slice(1), '-f', SECRETS_GENERATED];

function env(objs: K8sObject[], suffix: string): Record<string, string> {
  const s = objs.find((o) => o.kind === 'Secret' && o.metadata.name === `panda-secrets-${suffix}`);
  assert.ok(s, `no Secret panda-secrets-${suffix}`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((s.data ?? {}) as Record<string, string>)) out[k] = Buffer.from(v, 'base64').toString('utf8');
  for (const [k, v] of Object.entries((s.stringData ?? {}) as Record<string, unknown>)) out[k] = String(v);
  return out;
}

for (const h of helms()) {
  describe(`helm ${h.major}: secrets content`, () => {
    test('helm template --set rucio.rucioHost=x works and reaches the server, JEDI and BigMon; without it every Rucio key is present and empty', async () => {
      const none = await render(h, base);
      assert.equal(env(none, 'panda-envs')['PANDA_RUCIO_HOST'], '');
      assert.equal(env(none, 'panda-envs')['PANDA_RUCIO_AUTH_TYPE'], 'userpass');
      assert.equal(env(none, 'bigmon-envs')['RUCIO_SERVER_HOST'], '');
      const objs = await render(h, [...base, '--set', 'rucio.rucioHost=x']);
      assert.equal(env(objs, 'panda-envs')['PANDA_RUCIO_HOST'], 'x');
      assert.equal(env(objs, 'panda-envs')['PANDA_RUCIO_AUTH_HOST'], 'x', 'the auth host defaults to the server');
      assert.equal(env(objs, 'bigmon-envs')['RUCIO_SERVER_HOST'], 'x');
      assert.equal(env(objs, 'bigmon-envs')['RUCIO_CONFIG'], '/opt/bigmon/etc/rucio.cfg');
    });

    test('each Rucio auth type gives its own keys: x509 the mounted proxy, oidc the token settings, userpass the credentials', async () => {
      const x509 = await render(h, [...base, '--set', 'rucio.rucioHost=rucio.example.org:443', '--set', 'rucio.authType=x509_proxy', '--set', 'rucio.clientX509Proxy=robot.proxy', '--set', 'rucio.username=u']);
      assert.equal(env(x509, 'panda-envs')['PANDA_RUCIO_X509_PROXY'], '/opt/panda/etc/cert/robot.proxy');
      assert.equal(env(x509, 'panda-envs')['PANDA_RUCIO_USERNAME'], '', 'no password login with a proxy');
      assert.equal(env(x509, 'bigmon-envs')['X509_USER_PROXY'], '/opt/bigmon/etc/cert/robot.proxy');
      const oidc = await render(h, [...base, '--set', 'rucio.authType=oidc']);
      assert.equal(env(oidc, 'panda-envs')['PANDA_RUCIO_OIDC_AUDIENCE'], 'rucio');
      assert.equal(env(oidc, 'bigmon-envs')['RUCIO_OIDC_REFRESH_BEFORE_EXP'], '20');
      const up = await render(h, [...base, '--set', 'rucio.username=robot', '--set-string', 'rucio.password=pw']);
      assert.deepEqual([env(up, 'panda-envs')['PANDA_RUCIO_USERNAME'], env(up, 'panda-envs')['PANDA_RUCIO_PASSWORD']], ['robot', 'pw']);
      const bad = await helm(h, ['template', ...base, '--set', 'rucio.authType=kerberos']);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /rucio[./]authType/);
    });

    test('PanDA gets its iDDS token and VO; BigMon the iDDS database and the prmon location; iDDS the broker ports', async () => {
      const objs = await render(h, [...base, '--set-string', 'auth.authIdToken=tok', '--set-string', 'auth.iddsAuthVO=idds_vo', '--set', 'bigmon.prmonLocation=https://store/prmon/{0}']);
      const panda = env(objs, 'panda-envs');
      assert.equal(panda['PANDA_IDDS_AUTH_ID_TOKEN'], 'tok', 'defaults to authIdToken');
      assert.equal(panda['PANDA_IDDS_AUTH_VO'], 'idds_vo');
      const bigmon = env(objs, 'bigmon-envs');
      assert.equal(bigmon['IDDS_DB_HOST'], 'test-idds-postgres');
      for (const k of ['IDDS_DB_PORT', 'IDDS_DB_NAME', 'IDDS_DB_USER', 'IDDS_DB_PASSWORD', 'IDDS_DB_SCHEMA']) assert.ok(k in bigmon, k);
      assert.equal(bigmon['PRMON_LOGS_DIRECTIO_LOCATION'], 'https://store/prmon/{0}');
      const idds = env(objs, 'idds-envs');
      assert.deepEqual([idds['IDDS_CONDUCTOR_PORT'], idds['IDDS_RECEIVER_PORT']], ['61613', '61613']);
    });

    test('Harvester gets the per-replica database keys; its initdb makes a database per replica', async () => {
      const objs = await render(h, [...base, '--set', 'harvester.database.hostAddIndex=true', '--set', 'harvester.database.hostPrefix=hdb', '--set', 'harvester.database.addIndex=true', '--set', 'harvester.database.namePrefix=hv', '--set', 'harvester.replicaCount=3']);
      const e = env(objs, 'harvester-envs');
      assert.deepEqual([e['HARVESTER_DB_HOST_ADD_INDEX'], e['HARVESTER_DB_HOST_PREFIX'], e['HARVESTER_DB_ADD_INDEX'], e['MARIADB_DATABASE_PREFIX']], ['true', 'hdb', 'true', 'hv']);
      assert.equal(e['CONDOR_CHANNEL'], '.latest', 'the image unpacks condor.tar.gz${CONDOR_CHANNEL}');
      assert.equal(e['EXPERIMENT'], undefined, 'the harvester chart sets EXPERIMENT from global.experiment');
      const sql = env(objs, 'harvester-initdb')['init_harvester_db.sql']!;
      for (const i of [0, 1, 2]) assert.match(sql, new RegExp(`CREATE DATABASE IF NOT EXISTS \`hv_${i}\``));
    });

    test('IAM gets its registration policy, and its keystore from the filled values', async () => {
      const objs = await render(h, [...base, '--set', 'iam.registration.requireExternalAuthentication=true', '--set', 'iam.registration.oidcIssuer=https://cilogon.org', '--set', 'iam.registration.loginPageVisibility=hidden']);
      const e = env(objs, 'iam-envs');
      assert.equal(e['IAM_REGISTRATION_REQUIRE_EXTERNAL_AUTHENTICATION'], 'true');
      assert.equal(e['IAM_REGISTRATION_OIDC_ISSUER'], 'https://cilogon.org');
      assert.equal(e['IAM_LOCAL_AUTHN_LOGIN_PAGE_VISIBILITY'], 'hidden');
      assert.equal(e['IAM_CLIENT_REGISTRATION_ALLOW_FOR'], 'REGISTERED_USERS');
      assert.equal(e['IAM_KEY_STORE_LOCATION'], 'file:///indigo-iam/config/iam-keystore.jwks');
      const jwks = JSON.parse(env(objs, 'iam-conf')['iam-keystore.jwks']!) as { keys: Array<{ d?: string }> };
      assert.ok(jwks.keys[0]?.d, 'the private key IAM signs with');
    });

    test('without a keystore the chart refuses to render, naming it, unless IAM is off', async () => {
      const r = await helm(h, ['template', ...secretsReleaseArgs({ affix: 'test-', secretsDir: SECRETS }).templateArgs.slice(1)]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /iam\.keystore is not set and secrets\/files\/iam_conf\/iam-keystore\.jwks does not exist/);
      const off = await helm(h, ['template', ...secretsReleaseArgs({ affix: 'test-', secretsDir: SECRETS }).templateArgs.slice(1), '--set', 'iam.enabled=false']);
      assert.equal(off.code, 0, off.stderr);
    });

    test('with an internal client the services present short-lived tokens, the server caches one, and Harvester gets its client file', async () => {
      const none = await render(h, base);
      assert.deepEqual(Object.keys(JSON.parse(env(none, 'panda-token-cache')['token_cache_config.json']!) as object), ['pilot_server']);
      const objs = await render(h, [...base, '--set', 'auth.auth_client_id=svc', '--set-string', 'auth.auth_client_secret=sec', '--set', 'auth.auth_endpoint=https://iam.example.org/token', '--set', 'auth.authVO=panda_dev']);
      const cache = JSON.parse(env(objs, 'panda-token-cache')['token_cache_config.json']!) as Record<string, Record<string, string>>;
      assert.deepEqual(cache['internal'], { client_id: 'svc', secret: 'sec', endpoint: 'https://iam.example.org/token', token_file_path: '/tmp/proxies/panda_internal_token' });
      assert.equal(env(objs, 'panda-envs')['PANDA_AUTH_ID_TOKEN'], 'file:/tmp/proxies/panda_internal_token');
      assert.equal(env(objs, 'panda-envs')['PANDA_AUTH_VO'], 'panda_dev.internal');
      assert.equal(env(objs, 'harvester-envs')['PANDA_AUTH_ID_TOKEN'], 'file:/opt/harvester/etc/auth_tokens/panda_token');
      assert.ok(env(objs, 'panda-auth')['panda_dev.internal_auth_config.json'], 'the server accepts the internal VO');
      const client = JSON.parse(env(objs, 'harvester-auth')['token_panda-internal_client.json']!) as Record<string, string>;
      assert.deepEqual(client, { client_id: 'svc', client_secret: 'sec', issuer: 'https://iam.example.org' });
    });
  });
}

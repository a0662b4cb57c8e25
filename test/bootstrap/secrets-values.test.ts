import { test } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { envNameOf, fillValues, findPlaceholders, remainingFixmes } from '../../src/deploy/secrets-values.js';
import { VALUES_TEMPLATE } from '../helpers/bootstrap-fixtures.js';

const ALL = ['msgsvc', 'iam', 'panda', 'harvester', 'idds', 'bigmon'] as const;

test('placeholders are classified: passwords ours to choose, tokens and client secrets from outside', () => {
  const byKey = Object.fromEntries(findPlaceholders(YAML.parse(VALUES_TEMPLATE)).map((p) => [p.key, p]));
  assert.equal(byKey['panda.database.password']!.kind, 'generated');
  assert.equal(byKey['harvester.database.admin_password']!.kind, 'generated');
  assert.equal(byKey['msgsvc.basePasswd']!.kind, 'generated');
  assert.equal(byKey['bigmon.secretKey']!.kind, 'generated');
  assert.equal(byKey['auth.authIdToken']!.kind, 'outside');
  assert.equal(byKey['auth.authIdToken']!.secret, true);
  assert.equal(byKey['auth.oidc.clients[0].client_secret']!.kind, 'outside');
  assert.equal(byKey['iam.cilogon.client_secret']!.kind, 'outside');
  assert.equal(byKey['panda.hostName']!.secret, false);
  assert.equal(byKey['affix'], undefined, 'affix comes from the answers');
});

test('env names follow the key path', () => {
  assert.equal(envNameOf('auth.oidc.clients[0].client_secret'), 'PANDA_K8S_SECRET_AUTH_OIDC_CLIENTS_0_CLIENT_SECRET');
});

test('filling: env and answers first, passwords generated, what nobody gave is missing', async () => {
  let n = 0;
  const r = await fillValues({
    template: VALUES_TEMPLATE, enabled: ALL, settings: [{ path: ['affix'], value: 'test-' }],
    given: { 'panda.hostName': 'pandaserver.example.org' }, env: { PANDA_K8S_SECRET_AUTH_AUTHIDTOKEN: 'tok' },
    rehearsal: false, generate: () => `pw${++n}`,
  });
  const v = r.values as Record<string, any>;
  assert.equal(v.affix, 'test-');
  assert.equal(v.panda.hostName, 'pandaserver.example.org');
  assert.equal(v.auth.authIdToken, 'tok');
  assert.match(v.panda.database.password, /^pw\d+$/);
  assert.ok(r.secrets.includes('tok'));
  assert.deepEqual(r.missing.map((m) => m.key), ['auth.oidc.clients[0].client_id', 'auth.oidc.clients[0].client_secret', 'iam.cilogon.client_id', 'iam.cilogon.client_secret']);
});

test('values already in the filled file are kept, so passwords do not change between runs', async () => {
  const first = await fillValues({ template: VALUES_TEMPLATE, enabled: ALL, settings: [], given: {}, env: {}, rehearsal: true });
  const second = await fillValues({ template: VALUES_TEMPLATE, existing: first.text, enabled: ALL, settings: [], given: {}, env: {}, rehearsal: true, create: false });
  assert.equal(second.text, first.text);
  assert.deepEqual(second.pending, []);
});

test('a disabled component\'s FIXMEs are left alone and do not block', async () => {
  const r = await fillValues({ template: VALUES_TEMPLATE, enabled: ['msgsvc', 'panda'], settings: [], given: {}, env: {}, rehearsal: true });
  const v = r.values as Record<string, any>;
  assert.equal(v.iam.database.password, 'FIXME');
  assert.deepEqual(remainingFixmes(r.values, ['msgsvc', 'panda']), []);
  assert.deepEqual(remainingFixmes(r.values, ['iam']).map((p) => p.key), ['iam.database.password', 'iam.database.root_password', 'iam.cilogon.client_id', 'iam.cilogon.client_secret']);
});

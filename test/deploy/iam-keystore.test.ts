// IAM's signing keys: generated with node:crypto when the secret values are filled (a JWK set with a
// private RSA key IAM can load), kept on later fills, and a keystore IAM could not use is named.

import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, createSign, createVerify } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import YAML from 'yaml';
import { generateKeystore, iamKeystoreProblems, keystoreProblem } from '../../src/deploy/iam-keystore.js';
import { fillValues, findPlaceholders } from '../../src/deploy/secrets-values.js';
import { COMPONENT_NAMES } from '../../src/deploy/components.js';
import { REPO_ROOT } from '../helpers/deploy-fakes.js';

test('a generated keystore is a JWK set whose private RSA key signs what its public half verifies', () => {
  const text = generateKeystore();
  assert.equal(keystoreProblem(text), undefined);
  const jwk = (JSON.parse(text) as { keys: Array<Record<string, string>> }).keys[0]!;
  assert.equal(jwk['kty'], 'RSA');
  assert.equal(jwk['alg'], 'RS256');
  assert.match(jwk['kid']!, /^panda-k8s-[0-9a-f]{8}$/);
  const priv = createPrivateKey({ key: jwk as never, format: 'jwk' });
  assert.equal(priv.asymmetricKeyDetails?.modulusLength, 2048);
  const signature = createSign('sha256').update('token').sign(priv);
  assert.ok(createVerify('sha256').update('token').verify(createPublicKey(priv), signature));
  assert.notEqual(generateKeystore(), text, 'every fill makes its own key');
});

test('a keystore IAM cannot use is named with why', () => {
  const pub = JSON.parse(generateKeystore()) as { keys: Array<Record<string, string>> };
  delete pub.keys[0]!['d'];
  assert.match(keystoreProblem(JSON.stringify(pub))!, /no private part/);
  assert.match(keystoreProblem('{"keys": []}')!, /no "keys" list/);
  assert.match(keystoreProblem('not json')!, /not JSON/);
  assert.match(keystoreProblem('{"keys":[{"kty":"RSA","n":"x","e":"AQAB","d":"y"}]}')!, /does not load/);
});

test('filling the secret values generates the keystore (a secret, ours to make) and keeps it on the next fill', async () => {
  const template = fs.readFileSync(path.join(REPO_ROOT, 'secrets', 'values.yaml'), 'utf8');
  const p = findPlaceholders(YAML.parse(template)).find((x) => x.key === 'iam.keystore');
  assert.deepEqual({ kind: p?.kind, secret: p?.secret, generator: p?.generator, components: p?.components }, { kind: 'generated', secret: true, generator: 'keystore', components: ['iam'] });
  const base = { template, enabled: COMPONENT_NAMES, settings: [], given: {}, env: {}, rehearsal: false, generate: () => 'pw' };
  const first = await fillValues({ ...base, ask: async () => 'outside-value' });
  const keystore = (first.values as { iam: { keystore: string } }).iam.keystore;
  assert.equal(keystoreProblem(keystore), undefined);
  assert.ok(first.secrets.includes(keystore), 'masked like a password');
  assert.ok(first.sources.some((s) => s.key === 'iam.keystore' && s.source === 'generated'));
  const second = await fillValues({ ...base, existing: first.text, ask: async () => 'outside-value' });
  assert.equal((second.values as { iam: { keystore: string } }).iam.keystore, keystore, 'a refill keeps the key: tokens already issued stay valid');
  const withoutIam = await fillValues({ ...base, enabled: COMPONENT_NAMES.filter((c) => c !== 'iam'), ask: async () => 'outside-value' });
  assert.equal((withoutIam.values as { iam: { keystore: string } }).iam.keystore, 'FIXME', 'no IAM, no key made');
});

test('the preflight checks the file the secrets chart would take before iam.keystore', () => {
  const good = generateKeystore();
  const files: Record<string, string> = {};
  const read = (f: string) => files[f];
  assert.deepEqual(iamKeystoreProblems({ iam: { keystore: good } }, '/chart/files/iam_conf/iam-keystore.jwks', read), []);
  assert.match(iamKeystoreProblems({ iam: { keystore: 'FIXME' } }, '/k', read)[0]!, /^iam\.keystore \(iam\): no JWK set/);
  files['/k'] = '{"keys": []}';
  assert.match(iamKeystoreProblems({ iam: { keystore: good } }, '/k', read)[0]!, /^\/k \(iam\) cannot be IAM's keystore: it is not a JWK set/);
});

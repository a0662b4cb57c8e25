// The secrets chart packs secrets/files/*: certificates, CRIC JSONs and IAM config when present, and
// renders without them (no empty TLS Secret). Uses a copy of the chart so the real folder stays clean.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SECRETS, SECRETS_GENERATED, helms, render, type K8sObject } from '../helpers/charts-helm.js';
import { generateKeystore } from '../../src/deploy/iam-keystore.js';

// Copies of the chart without whatever a local run left in secrets/files (rehearsal certificates …),
// so these tests see exactly the files they put there.
const isLocalFile = (src: string) => /\/files\/[^/]+\/[^/]+$/.test(src) && !/\/\.git(keep|ignore)$/.test(src);
function cleanCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pk8s-secrets-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(SECRETS, dir, { recursive: true, filter: (src) => !isLocalFile(src) });
  return dir;
}
const copy = cleanCopy();
const clean = cleanCopy();
writeFileSync(join(copy, 'files/panda_certs/hostcert.pem'), '-----BEGIN CERTIFICATE-----\nHOST\n-----END CERTIFICATE-----\n');
writeFileSync(join(copy, 'files/panda_certs/hostkey.pem'), '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n');
writeFileSync(join(copy, 'files/panda_certs/chain.pem'), '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n');
writeFileSync(join(copy, 'files/cric_jsons/panda_queues.json'), '{"Q1": {}}');
const keystore = generateKeystore();
writeFileSync(join(copy, 'files/iam_conf/iam-keystore.jwks'), keystore);

const decode = (o: K8sObject | undefined, key: string) => Buffer.from((o?.data as Record<string, string>)[key]!, 'base64').toString('utf8');
const find = (objs: K8sObject[], name: string) => objs.find((o) => o.metadata.name === name);

for (const h of helms()) {
  test(`helm ${h.major}: files present become Secret keys; the TLS Secret carries host certificate then chain`, async () => {
    const objs = await render(h, ['panda-secrets', copy, '-f', SECRETS_GENERATED, '--set', 'cric.real=false']);
    assert.equal(decode(find(objs, 'panda-secrets-panda-certs'), 'hostkey.pem').trim(), '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----');
    const tls = find(objs, 'panda-secrets-panda-tls-certs');
    assert.equal(tls?.type, 'kubernetes.io/tls');
    assert.match(decode(tls, 'tls.crt'), /HOST[\s\S]*END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nCA/);
    assert.equal(decode(find(objs, 'panda-secrets-cric-jsons'), 'panda_queues.json'), '{"Q1": {}}');
    assert.equal(decode(find(objs, 'panda-secrets-iam-conf'), 'iam-keystore.jwks'), keystore, 'the file wins over iam.keystore');
    assert.equal(find(objs, 'panda-secrets-bigmon-tls-certs'), undefined, 'no certificate files, no TLS Secret');
  });

  test(`helm ${h.major}: without files the chart renders, with empty certs Secrets and no TLS Secrets`, async () => {
    const objs = await render(h, ['panda-secrets', clean, '-f', SECRETS_GENERATED, '--set', 'cric.real=false']);
    assert.deepEqual(objs.filter((o) => o.type === 'kubernetes.io/tls').map((o) => o.metadata.name), []);
    assert.ok(find(objs, 'panda-secrets-panda-certs'), 'panda-certs must exist for the server to mount');
    assert.ok(find(objs, 'panda-secrets-cric-jsons'), 'cric-jsons must exist in CRIC-free mode');
  });

  test(`helm ${h.major}: with real CRIC there is no cric-jsons Secret and the server reads CRIC URLs`, async () => {
    const objs = await render(h, ['panda-secrets', SECRETS, '-f', SECRETS_GENERATED]);
    assert.equal(find(objs, 'panda-secrets-cric-jsons'), undefined);
    assert.match((find(objs, 'panda-secrets-panda-envs')?.stringData as Record<string, string>).PANDA_CRIC_SCHEDCONFIG!, /^https:\/\/datalake-cric/);
  });
}

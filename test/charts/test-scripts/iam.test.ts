// charts/iam/files/tests/oidc.py, run as its test Pod runs it, against a loopback IAM: the discovery
// document and a client_credentials token pass; another issuer, a refused client or no document fail.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runTestScript } from '../../helpers/chart-test-scripts.js';
import { json, startHttpStandIn, text, type Handler, type HttpStandIn } from '../../helpers/http-standin.js';

const ISSUER = 'https://panda-iam.example.org/';
const CLIENT = { client_id: 'pilot-client-id', secret: 'pilot-secret' };
const TOKEN_CACHE = JSON.stringify({ pilot_server: { ...CLIENT, endpoint: `${ISSUER}token`, use_token_key: true } });

function iam(options: { issuer?: string; clients?: Record<string, string> } = {}): Handler {
  const clients = options.clients ?? { [CLIENT.client_id]: CLIENT.secret };
  return (s) => {
    if (s.path === '/.well-known/openid-configuration') {
      const issuer = options.issuer ?? ISSUER;
      return json(200, { issuer, token_endpoint: `${issuer}token`, jwks_uri: `${issuer}jwk`, grant_types_supported: ['client_credentials'] });
    }
    if (s.path === '/token' && s.method === 'POST') {
      const [id, secret] = Buffer.from((s.headers['authorization'] ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
      if (!id || clients[id] !== secret) return json(401, { error: 'invalid_client', error_description: 'Bad client credentials' });
      if (!/grant_type=client_credentials/.test(s.body)) return json(400, { error: 'unsupported_grant_type' });
      return json(200, { access_token: 'eyJ.access.token', token_type: 'Bearer', expires_in: 3599, scope: 'openid' });
    }
    return text(404, '<html><title>Error</title></html>', 'text/html');
  };
}

async function run(handler: Handler, env: (s: HttpStandIn) => Record<string, string>) {
  const s = await startHttpStandIn(handler);
  try {
    return { ...(await runTestScript('iam', 'oidc.py', env(s))), seen: s.seen };
  } finally {
    await s.close();
  }
}

const good = (s: HttpStandIn) => ({ IAM_URL: s.url, IAM_ISSUER: ISSUER.replace(/\/$/, ''), TOKEN_CLIENT_CONFIG: TOKEN_CACHE });

describe('iam helm test (oidc.py)', () => {
  test('the discovery document with our issuer and a token for the configured client pass; the token is not printed', async () => {
    const r = await run(iam(), good);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(r.lines, [
      `ok:   OIDC discovery document: issuer ${ISSUER}`,
      'ok:   a token for the configured client: client pilot_server got a Bearer token (expires in 3599s)',
    ]);
    assert.ok(!r.stdout.includes('eyJ.access.token') && !r.stdout.includes(CLIENT.secret));
    assert.equal(r.seen.at(-1)!.path, '/token');
  });

  test('an IAM that refuses the client fails with its OAuth error', async () => {
    const r = await run(iam({ clients: { [CLIENT.client_id]: 'another-secret' } }), good);
    assert.equal(r.code, 1);
    assert.equal(r.lines[1], 'FAIL: a token for the configured client: IAM refused client pilot_server (pilot-client-id): HTTP 401 invalid_client: Bad client credentials');
  });

  test('a discovery document with another issuer fails', async () => {
    const r = await run(iam({ issuer: 'https://other-iam.example.org/' }), good);
    assert.equal(r.code, 1);
    assert.equal(r.lines[0], `FAIL: OIDC discovery document: the issuer is https://other-iam.example.org/, but IAM was configured with ${ISSUER.replace(/\/$/, '')} (iam.baseUrl)`);
  });

  test('no discovery document (a web page instead) fails, and the token check says it has nothing to go on', async () => {
    const r = await run(() => text(200, '<html><title>IAM login</title></html>', 'text/html'), good);
    assert.equal(r.code, 1);
    assert.match(r.lines[0]!, /^FAIL: OIDC discovery document: the discovery document is not JSON \(HTTP 200\): <html><title>IAM login/);
    assert.equal(r.lines[1], 'FAIL: a token for the configured client: no discovery document to find the token endpoint in');
  });

  test('without a configured client the token check is skipped, saying why', async () => {
    const r = await run(iam(), (s) => ({ IAM_URL: s.url }));
    assert.equal(r.code, 0, r.stdout);
    assert.equal(r.lines[1], 'skip: a token for the configured client: the deployment configures no client with a secret (auth.oidc.token_cache is rendered with PanDA)');
  });
});

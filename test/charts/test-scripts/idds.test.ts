// charts/idds/files/tests/ping.py, run as its test Pod runs it, against a loopback iDDS REST service (TLS):
// ping with the deployment's token passes; a refused token, no token, or another answer fail.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runTestScript } from '../../helpers/chart-test-scripts.js';
import { json, startHttpStandIn, text, type Handler, type HttpStandIn } from '../../helpers/http-standin.js';

const TOKEN = 'eyJ.id.token';

/** iDDS 2.x: every REST call authenticated (before_request_auth), a 401 with ExceptionMessage otherwise. */
const idds: Handler = (s) => {
  if (s.path !== '/idds/ping') return { status: 404, headers: { ExceptionClass: 'IDDSException', ExceptionMessage: 'The requested REST API is not defined' } };
  if (s.headers['x-idds-auth-type'] !== 'oidc') return { status: 401, headers: { 'Content-Type': 'application/json', ExceptionClass: 'IDDSException', ExceptionMessage: 'User DN cannot be found.' } };
  if (s.headers['x-idds-auth-token'] !== TOKEN) return { status: 401, headers: { 'Content-Type': 'application/json', ExceptionClass: 'IDDSException', ExceptionMessage: 'Signature has expired' } };
  return json(200, { Status: 'OK' });
};

async function run(handler: Handler, env: (s: HttpStandIn) => Record<string, string>) {
  const s = await startHttpStandIn(handler, { tls: true });
  try {
    return { ...(await runTestScript('idds', 'ping.py', env(s))), seen: s.seen };
  } finally {
    await s.close();
  }
}

const good = (s: HttpStandIn) => ({ IDDS_URL: `${s.url}/idds`, PANDA_AUTH_ID_TOKEN: TOKEN, PANDA_AUTH_VO: 'panda_dev' });

describe('idds helm test (ping.py)', () => {
  test('ping with the deployment\'s token answers its JSON and passes', async () => {
    const r = await run(idds, good);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(r.lines, ['ok:   iDDS answers ping: GET /idds/ping answered {"Status": "OK"}']);
    assert.equal(r.seen[0]!.headers['x-idds-auth-vo'], 'panda_dev');
  });

  test('a refused token fails with iDDS\'s reason', async () => {
    const r = await run(idds, (s) => ({ ...good(s), PANDA_AUTH_ID_TOKEN: 'old.token' }));
    assert.equal(r.code, 1);
    assert.equal(r.lines[0], 'FAIL: iDDS answers ping: iDDS refused the panda_dev token: Signature has expired');
  });

  test('no token fails, saying iDDS needs one', async () => {
    const r = await run(idds, (s) => ({ IDDS_URL: `${s.url}/idds` }));
    assert.equal(r.code, 1);
    assert.equal(r.lines[0], 'FAIL: iDDS answers ping: iDDS answers ping only to an authenticated client, and the deployment holds no ID token (auth.authIdToken): User DN cannot be found.');
  });

  test('an answer that is not ping\'s JSON fails', async () => {
    const r = await run(() => json(200, { status: 'fine' }), good);
    assert.equal(r.code, 1);
    assert.equal(r.lines[0], 'FAIL: iDDS answers ping: ping answered {"status":"fine"}, not {"Status": "OK"}');
  });

  test('a server error fails with its status', async () => {
    const r = await run(() => text(500, 'Internal Server Error'), good);
    assert.equal(r.code, 1);
    assert.match(r.lines[0]!, /^FAIL: iDDS answers ping: GET https:\/\/127\.0\.0\.1:\d+\/idds\/ping: HTTP 500 Internal Server Error$/);
  });
});

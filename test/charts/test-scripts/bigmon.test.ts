// charts/bigmon/files/tests/frontpage.py, run as its test Pod runs it, against a loopback BigMon (TLS):
// BigMon's own front page passes; a default page, an error page, or a refused host name fail.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runTestScript } from '../../helpers/chart-test-scripts.js';
import { startHttpStandIn, text, type Handler, type HttpStandIn } from '../../helpers/http-standin.js';

const HOST = 'bigmon.example.org';
const page = (title: string) => text(200, `<!DOCTYPE html>\n<html class="no-js" lang="en">\n<head>\n    <title> ${title}</title>\n</head><body>PanDA monitor home</body></html>\n`, 'text/html; charset=utf-8');

/** BigMon as Django serves it: only the host names it is configured with (ALLOWED_HOSTS), the front page titled "<VO> PanDA". */
function bigmon(vo = 'LSST'): Handler {
  return (s) => {
    if (s.headers['host'] !== HOST) return text(400, '<!doctype html>\n<html lang="en">\n<head>\n  <title>Bad Request (400)</title>\n</head>\n<body>\n  <h1>Bad Request (400)</h1><p></p>\n</body>\n</html>\n', 'text/html');
    if (s.path === '/') return { status: 302, headers: { Location: `https://${HOST}/?mode=nodrop` } };
    return page(`${vo}\n        PanDA`);
  };
}

async function run(handler: Handler, env: (s: HttpStandIn) => Record<string, string>) {
  const s = await startHttpStandIn(handler, { tls: true });
  try {
    return await runTestScript('bigmon', 'frontpage.py', env(s));
  } finally {
    await s.close();
  }
}

const good = (s: HttpStandIn) => ({ BIGMON_URL: s.url, BIGMON_HOST: `${HOST},bigmon-alias.example.org`, BIGMON_VO: 'LSST' });

describe('bigmon helm test (frontpage.py)', () => {
  test('BigMon\'s front page, asked for its host name, passes (a redirect on the way is followed)', async () => {
    const r = await run(bigmon(), good);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(r.lines, [`ok:   BigMon front page: GET /?mode=nodrop as ${HOST} answered BigMon's front page "LSST PanDA"`]);
  });

  test('a web server\'s default page fails, naming its title', async () => {
    const r = await run(() => text(200, '<html><head><title>Welcome to nginx!</title></head></html>', 'text/html'), good);
    assert.equal(r.code, 1);
    assert.equal(r.lines[0], 'FAIL: BigMon front page: the front page is not BigMon\'s: its title is "Welcome to nginx!", not "LSST PanDA"');
  });

  test('the monitor of another VO fails', async () => {
    const r = await run(bigmon('ATLAS'), good);
    assert.equal(r.code, 1);
    assert.equal(r.lines[0], 'FAIL: BigMon front page: the front page is not BigMon\'s: its title is "ATLAS PanDA", not "LSST PanDA"');
  });

  test('a host name BigMon does not serve fails with the reason', async () => {
    const r = await run(bigmon(), (s) => ({ ...good(s), BIGMON_HOST: 'other.example.org' }));
    assert.equal(r.code, 1);
    assert.equal(r.lines[0], 'FAIL: BigMon front page: BigMon refused the request for host other.example.org (HTTP 400: Django answers only the names in BIGMON_HOST)');
  });

  test('a server error fails with its status and title', async () => {
    const r = await run(() => text(500, '<html><head><title>Server Error (500)</title></head></html>', 'text/html'), good);
    assert.equal(r.code, 1);
    assert.equal(r.lines[0], "FAIL: BigMon front page: GET /: HTTP 500, title 'Server Error (500)'");
  });
});

// What a chart's helm test Pod prints in the sim: the lines its script (charts/<c>/files/tests/) prints on a
// working service, or, under the test-fail fault, on one typical way that service goes wrong.

/** The check a test Pod runs: the first script header after checklib's in its `python3 -c` program. */
export function checkOf(program: string | undefined): string {
  for (const m of (program ?? '').matchAll(/^# (\w+\.py):/gm)) if (m[1] !== 'checklib.py') return m[1]!;
  return 'unknown';
}

function result(lines: string[]): string[] {
  const failed = lines.filter((l) => l.startsWith('FAIL:')).length;
  const total = lines.filter((l) => /^(ok|FAIL|skip):/.test(l)).length;
  return [...lines, `result: ${failed ? `${failed} of ${total} checks failed` : `all ${total} checks passed`}`];
}

const ok = (title: string, said: string) => `ok:   ${title}: ${said}`;
const fail = (title: string, why: string) => `FAIL: ${title}: ${why}`;

/** The log of a finished test Pod of `release` running `check`. */
export function testLog(check: string, outcome: 'succeeded' | 'failed', release: string): string[] {
  const bad = outcome === 'failed';
  switch (check) {
    case 'stomp.py':
      return result([
        ...['panda', 'jedi', 'idds'].map((a) => ok(`STOMP CONNECT as ${a}`, 'STOMP 1.2, ActiveMQ/5.18.3')),
        bad ? fail('STOMP CONNECT as pilot', 'CONNECT as pilot refused: User name [pilot] or password is invalid.') : ok('STOMP CONNECT as pilot', 'STOMP 1.2, ActiveMQ/5.18.3'),
        ok('SEND and receive on a PanDA queue', 'idds sent, panda received on /queue/idds_panda.panda-k8s-test'),
      ]);
    case 'server.py':
      return result([
        ok('PanDA server is alive', 'GET /api/v1/system/is_alive answered success'),
        bad
          ? fail('an authenticated call', 'the server refused the panda_dev token: HTTP 403 ERROR : Token authentication failed. Invalid token. Signature has expired')
          : ok('an authenticated call', 'GET /api/v1/system/get_user_attributes with the panda_dev token, as Panda Robot'),
      ]);
    case 'oidc.py':
      return result([
        ok('OIDC discovery document', `issuer https://${release}.cern.ch/`),
        bad
          ? fail('a token for the configured client', 'IAM refused client pilot_server (pilot-server-client): HTTP 401 invalid_client: Bad client credentials')
          : ok('a token for the configured client', 'client pilot_server got a Bearer token (expires in 3599s)'),
      ]);
    case 'ping.py':
      return result([bad ? fail('iDDS answers ping', 'iDDS refused the panda_dev token: Signature has expired') : ok('iDDS answers ping', 'GET /idds/ping answered {"Status": "OK"}')]);
    case 'frontpage.py':
      return result([bad ? fail('BigMon front page', "GET /: HTTP 500, title 'Server Error (500)'") : ok('BigMon front page', `GET / as ${release}.cern.ch answered BigMon's front page "PanDA"`)]);
    case 'queues.py':
      return result([
        ok('Harvester database answers', `server 10.11.11-MariaDB-ubu2204 at ${release}-mariadb:3306 answers as harvester`),
        bad
          ? fail('queue configuration loaded', 'pq_table is empty: Harvester loaded no queue from its queue configuration (<EXPERIMENT>.panda_queueconfig.json)')
          : ok('queue configuration loaded', '1 queue(s) loaded: CERN-EXTENSION_K8S'),
      ]);
    default:
      return bad ? ['FAIL: the test failed', 'result: 1 of 1 checks failed'] : ['result: all 1 checks passed'];
  }
}

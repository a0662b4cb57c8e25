// charts/msgsvc/files/tests/stomp.py, run as its test Pod runs it, against a loopback STOMP broker:
// it passes on a working broker and fails, saying why, on each way a broker can be wrong.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { runTestScript } from '../../helpers/chart-test-scripts.js';
import { startStompStandIn, type StompStandIn, type StompStandInOptions } from '../../helpers/stomp-standin.js';

const BASE = 's3cret';
const ACCOUNTS = ['panda', 'jedi', 'idds', 'pilot'];
const CHANNELS = ['idds_panda:idds:panda,jedi', 'panda_idds:panda,jedi:idds', 'self.jedi_jobtaskstatus:jedi:jedi'];
const passwords = Object.fromEntries(ACCOUNTS.map((a) => [a, `${BASE}_${a}`]));

function scriptEnv(broker: StompStandIn, extra: Record<string, string> = {}): Record<string, string> {
  return {
    STOMP_HOST: '127.0.0.1', STOMP_PORT: String(broker.port), ACTIVEMQ_ACCOUNTS: ACCOUNTS.join(';'),
    ACTIVEMQ_BASE_PASSWD: BASE, ACTIVEMQ_CHANNELS: CHANNELS.join(';'), ...extra,
  };
}

async function withBroker(options: Partial<StompStandInOptions>, fn: (b: StompStandIn) => Promise<void>): Promise<void> {
  const broker = await startStompStandIn({ accounts: passwords, channels: CHANNELS, ...options });
  try {
    await fn(broker);
  } finally {
    await broker.close();
  }
}

describe('msgsvc helm test (stomp.py)', () => {
  test('a broker with every account and the queue ACLs passes: each account logs in, one message goes round', async () => {
    await withBroker({}, async (b) => {
      const r = await runTestScript('msgsvc', 'stomp.py', scriptEnv(b));
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.deepEqual(r.lines.map((l) => l.split(':')[0]), ['ok', 'ok', 'ok', 'ok', 'ok']);
      assert.match(r.stdout, /ok: +SEND and receive on a PanDA queue: idds sent, panda received on \/queue\/idds_panda\.panda-k8s-test/);
      assert.deepEqual(b.logins.slice(0, 4), ACCOUNTS);
      assert.deepEqual(b.sent, ['/queue/idds_panda.panda-k8s-test']);
    });
  });

  test('TEST_QUEUE picks the channel, and one account that writes and reads it uses one connection', async () => {
    await withBroker({}, async (b) => {
      const r = await runTestScript('msgsvc', 'stomp.py', scriptEnv(b, { TEST_QUEUE: 'self.jedi_jobtaskstatus' }));
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /jedi sent, jedi received on \/queue\/self\.jedi_jobtaskstatus\.panda-k8s-test/);
    });
  });

  test('an account the broker does not know fails with the broker\'s refusal', async () => {
    const { pilot: _, ...withoutPilot } = passwords;
    await withBroker({ accounts: withoutPilot }, async (b) => {
      const r = await runTestScript('msgsvc', 'stomp.py', scriptEnv(b));
      assert.equal(r.code, 1);
      assert.ok(r.lines.includes('FAIL: STOMP CONNECT as pilot: CONNECT as pilot refused: User name [pilot] or password is invalid.'), r.stdout);
      assert.match(r.stdout, /result: 1 of 5 checks failed/);
    });
  });

  test('a wrong base password fails every login', async () => {
    await withBroker({}, async (b) => {
      const r = await runTestScript('msgsvc', 'stomp.py', scriptEnv(b, { ACTIVEMQ_BASE_PASSWD: 'other' }));
      assert.equal(r.code, 1);
      assert.equal(r.lines.filter((l) => /^FAIL: STOMP CONNECT as \w+: CONNECT as \w+ refused: User name \[\w+\] or password is invalid\./.test(l)).length, 4, r.stdout);
    });
  });

  test('a broker that drops the message fails the round trip', async () => {
    await withBroker({ dropMessages: true }, async (b) => {
      const r = await runTestScript('msgsvc', 'stomp.py', scriptEnv(b, { MESSAGE_WAIT_SECONDS: '1' }));
      assert.equal(r.code, 1);
      assert.ok(r.lines.includes('FAIL: SEND and receive on a PanDA queue: the message idds sent to /queue/idds_panda.panda-k8s-test did not reach panda within 1s'), r.stdout);
    });
  });

  test('a writer the queue ACL does not allow fails with the broker\'s refusal', async () => {
    await withBroker({ channels: ['idds_panda:pilot:panda,jedi'] }, async (b) => {
      const r = await runTestScript('msgsvc', 'stomp.py', scriptEnv(b));
      assert.equal(r.code, 1);
      assert.ok(r.lines.includes('FAIL: SEND and receive on a PanDA queue: SEND to /queue/idds_panda.panda-k8s-test as idds refused: User idds is not authorized to write to: queue://idds_panda.panda-k8s-test'), r.stdout);
    });
  });

  test('a port that answers but is no STOMP broker fails', async () => {
    await withBroker({ notStomp: true }, async (b) => {
      const r = await runTestScript('msgsvc', 'stomp.py', scriptEnv(b));
      assert.equal(r.code, 1);
      assert.match(r.lines[0]!, /^FAIL: STOMP CONNECT as panda: (the answer is not a STOMP frame|the broker closed the connection after 'HTTP\/1\.1 400 Bad Request)/);
    });
  });

  test('nothing listening fails with the connection error once the deadline passes', async () => {
    const b = await startStompStandIn({ accounts: passwords, channels: CHANNELS });
    await b.close();
    const r = await runTestScript('msgsvc', 'stomp.py', scriptEnv(b));
    assert.equal(r.code, 1);
    assert.match(r.lines[0]!, /^FAIL: STOMP CONNECT as panda: CONNECT as panda: no answer: connect to 127\.0\.0\.1:\d+: .*refused/i);
  });

  test('no channel a configured account both writes and reads fails the round trip, naming why', async () => {
    await withBroker({}, async (b) => {
      const r = await runTestScript('msgsvc', 'stomp.py', scriptEnv(b, { ACTIVEMQ_CHANNELS: 'panda_pilot:panda:nobody' }));
      assert.equal(r.code, 1);
      assert.ok(r.lines.includes('FAIL: SEND and receive on a PanDA queue: no channel has a configured account to write and one to read (ACTIVEMQ_CHANNELS)'), r.stdout);
    });
  });
});

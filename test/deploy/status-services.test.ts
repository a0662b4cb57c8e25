// `panda-k8s status` asks the services too: verify's health probes, once each, beside helm list and
// kubectl get pods.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Journal, runPlan } from '../../src/engine/index.js';
import { deploySteps } from '../../src/deploy/steps.js';
import { collectStatus, renderStatus } from '../../src/deploy/status.js';
import { FakeCluster, fakeRunData } from '../helpers/deploy-fakes.js';
import type { Answers } from '../../src/config/answers.js';

async function deployInto(io: FakeCluster, answers: Answers, workspace?: string) {
  const data = fakeRunData(answers, { workspace });
  await runPlan({ steps: deploySteps(data, { io, pollMs: 5, probeAttempts: 1 }), data, journal: Journal.open(data.workspace) });
  return data;
}

/** Records each getRaw call's options and when it started and ended. */
class TimedCluster extends FakeCluster {
  raw: { path: string; timeoutSeconds?: number; start: number; end: number }[] = [];
  listed: { start: number; end: number } | undefined;
  delayMs = 40;
  override async getRaw(p: string, _signal?: AbortSignal, o?: { timeoutSeconds?: number }) {
    const start = Date.now();
    await new Promise((r) => setTimeout(r, this.delayMs));
    const body = await super.getRaw(p);
    this.raw.push({ path: p, timeoutSeconds: o?.timeoutSeconds, start, end: Date.now() });
    return body;
  }
  override async list() {
    const start = Date.now();
    await new Promise((r) => setTimeout(r, this.delayMs));
    const l = await super.list();
    this.listed = { start, end: Date.now() };
    return l;
  }
}

test('status probes every service once, in parallel with the listings, with a short timeout', async () => {
  const io = new TimedCluster();
  const data = await deployInto(io, {});
  io.raw = [];
  const report = await collectStatus(data, { io });
  assert.equal(report.overall, 'deployed');
  assert.deepEqual(report.services!.map((s) => `${s.component}:${s.state}`), ['msgsvc:ok', 'iam:ok', 'panda:ok', 'idds:ok', 'bigmon:ok']);
  assert.equal(io.raw.length, 5, 'one attempt each');
  assert.ok(io.raw.every((r) => r.timeoutSeconds === 5), 'the default short timeout');
  const last = Math.max(...io.raw.map((r) => r.start));
  const first = Math.min(...io.raw.map((r) => r.end));
  assert.ok(last < first, 'all probes were asked before any answered');
  assert.ok(io.listed!.start < first, 'helm list ran beside them');
  const text = renderStatus(report);
  assert.match(text, /SERVICES\nCOMPONENT +SERVICE +STATE +REASON\n/);
  assert.match(text, /panda +PanDA server is alive +ok/);
  const json = JSON.parse(JSON.stringify(report)) as typeof report;
  assert.equal(json.services!.find((s) => s.component === 'iam')!.service, 'IAM serves its OIDC discovery document');
});

test('a service that does not answer is failing with the reason, and the deployment is not called deployed', async () => {
  const io = new FakeCluster();
  const data = await deployInto(io, {});
  io.rawAnswers['isAlive'] = 'alive=no';
  const getRaw = io.getRaw.bind(io);
  io.getRaw = async (p: string) => {
    if (p.includes('/idds/ping')) throw Object.assign(new Error('kubectl failed'), { result: { stderr: 'Error from server (ServiceUnavailable): the server is currently unable to handle the request\n' } });
    return getRaw(p);
  };
  const report = await collectStatus(data, { io });
  const by = (c: string) => report.services!.find((s) => s.component === c)!;
  assert.deepEqual({ state: by('panda').state, reason: by('panda').reason }, { state: 'failing', reason: 'isAlive answered "alive=no"' });
  assert.equal(by('idds').state, 'failing');
  assert.match(by('idds').reason!, /ServiceUnavailable/);
  assert.equal(by('bigmon').state, 'ok');
  assert.equal(report.overall, 'failed');
  assert.match(renderStatus(report), /idds +iDDS answers ping +failing +Error from server \(ServiceUnavailable\)/);
});

test('the ActiveMQ probe counts the proxy\'s malformed-HTTP error as an answer', async () => {
  const io = new FakeCluster();
  const data = await deployInto(io, { deploy: { enable: ['msgsvc'] } });
  io.getRaw = async () => { throw Object.assign(new Error('x'), { result: { stderr: 'Error from server: error trying to reach service: net/http: HTTP/1.x transport connection broken: malformed HTTP response "CONNECTED"' } }); };
  const report = await collectStatus(data, { io });
  assert.deepEqual(report.services!.map((s) => `${s.component}:${s.state}`), ['msgsvc:ok']);
});

test('a release not installed: its probe says so instead of failing', async () => {
  const io = new FakeCluster();
  const data = await deployInto(io, {});
  await io.uninstall('test-bigmon');
  const getRaw = io.getRaw.bind(io);
  io.getRaw = async (p: string) => {
    if (p.includes('bigmon')) throw Object.assign(new Error('x'), { result: { stderr: 'Error from server (NotFound): services "test-bigmon-main" not found' } });
    return getRaw(p);
  };
  const report = await collectStatus(data, { io });
  const bigmon = report.services!.find((s) => s.component === 'bigmon')!;
  assert.equal(bigmon.state, 'not-installed');
  assert.equal(bigmon.reason, undefined);
  assert.deepEqual(report.services!.filter((s) => s.state !== 'ok').map((s) => s.component), ['bigmon']);
  assert.equal(report.overall, 'incomplete');
});

test('a disabled component or sub-component has no probe', async () => {
  const io = new FakeCluster();
  const data = await deployInto(io, { deploy: { disable: ['bigmon', 'panda.server'] } });
  const report = await collectStatus(data, { io });
  assert.deepEqual(report.services!.map((s) => s.component), ['msgsvc', 'iam', 'idds']);
});

test('an unreachable cluster: still a report, the services failing with what kubectl said', async () => {
  const io = new FakeCluster();
  const down = () => Object.assign(new Error('x'), { result: { stderr: 'The connection to the server 10.0.0.1:6443 was refused - did you specify the right host or port?' } });
  io.list = async () => { throw down(); };
  io.pods = async () => { throw down(); };
  io.getRaw = async () => { throw down(); };
  const report = await collectStatus(fakeRunData({}), { io });
  assert.match(report.clusterError!, /connection to the server/);
  assert.equal(report.services!.length, 5);
  assert.ok(report.services!.every((s) => s.state === 'failing' && /was refused/.test(s.reason!)));
  assert.match(renderStatus(report), /cluster +not reachable/);
});

test('with services: false (the final screen, right after verify) no service is probed, the releases still are', async () => {
  const io = new TimedCluster();
  const data = await deployInto(io, {});
  io.raw = [];
  const report = await collectStatus(data, { io, services: false });
  assert.deepEqual(io.raw, []);
  assert.deepEqual(report.services, []);
  assert.ok(report.releases.filter((r) => r.wanted).every((r) => r.status === 'deployed'));
});

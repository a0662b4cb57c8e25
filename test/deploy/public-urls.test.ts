// The way to the services: the public URLs (the services' own outside host values, else the LanDB alias names the
// profile gives them; on an existing cluster the Ingress hosts), how to log in to IAM the first time without ever
// showing a password, and the next commands — in `status` and on the final screen.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadProfile } from '../../bootstrap/profile.js';
import { iamFirstLogin, ingressHostsOf, nextCommands, publicUrls } from '../../src/deploy/public-urls.js';
import { collectStatus, renderStatus } from '../../src/deploy/status.js';
import { showFinal } from '../../src/ui/show-final.js';
import { formatFinalPlain } from '../../src/ui/plain.js';
import { FakeCluster, fakeRunData } from '../helpers/deploy-fakes.js';
import { FakeStdout } from '../ui/helpers/streams.js';
import type { RunData } from '../../src/app/run-data.js';

const CERN = loadProfile('cern').site;
const ALL = ['msgsvc', 'iam', 'panda', 'harvester', 'idds', 'bigmon'] as const;
const cern = (over: Partial<Parameters<typeof publicUrls>[0]> = {}) =>
  publicUrls({ answers: { cluster: { name: 'PanDA-DOMA-k8s' } }, target: 'openstack', services: CERN.landb.services, domain: CERN.landb.domain, components: ALL, ...over });

test('on CERN the URLs are the LanDB alias names, in the lower-case form the cloud derives', () => {
  assert.deepEqual(cern().map((u) => [u.component, u.url]), [
    ['iam', 'https://panda-doma-k8s.cern.ch/'],
    ['bigmon', 'https://panda-doma-k8s-bigmon.cern.ch/'],
    ['panda', 'https://panda-doma-k8s-server.cern.ch/server/panda'],
    ['idds', 'https://panda-doma-k8s-idds.cern.ch/idds'],
  ]);
});

test('a service\'s own outside host value wins over the alias (answers, then the filled values, never a rehearsal stand-in)', () => {
  const urls = cern({
    answers: { cluster: { name: 'pk' }, secrets: { values: { 'panda.hostName': 'pandaserver-doma.cern.ch' } } },
    filled: { bigmon: { hostname: 'bigpanda.cern.ch' }, iam: { baseUrl: 'https://rehearsal.invalid/baseUrl' } },
  });
  assert.equal(urls.find((u) => u.component === 'panda')!.url, 'https://pandaserver-doma.cern.ch/server/panda');
  assert.equal(urls.find((u) => u.component === 'bigmon')!.url, 'https://bigpanda.cern.ch/');
  assert.equal(urls.find((u) => u.component === 'iam')!.url, 'https://pk.cern.ch/');
});

test('on an existing cluster the URLs are its Ingress hosts (https where the Ingress has TLS for the host)', () => {
  const hosts = ingressHostsOf([
    { metadata: { labels: { 'app.kubernetes.io/instance': 'test-bigmon' } }, spec: { rules: [{ host: 'bigmon.slac.example' }], tls: [{ hosts: ['bigmon.slac.example'] }] } },
    { metadata: { labels: { 'app.kubernetes.io/instance': 'test-idds' } }, spec: { rules: [{ host: 'idds.slac.example' }] } },
  ]);
  const urls = publicUrls({ answers: {}, target: 'existing', services: {}, domain: undefined, components: ALL, ingressHosts: hosts });
  assert.deepEqual(urls.map((u) => u.url), ['https://bigmon.slac.example/', 'http://idds.slac.example/idds']);
});

test('a disabled component has no URL, and without IAM there is no IAM login to explain', () => {
  const urls = cern({ components: ['msgsvc', 'panda', 'harvester', 'idds', 'bigmon'] });
  assert.ok(!urls.some((u) => u.component === 'iam'));
  assert.deepEqual(iamFirstLogin(urls, '/ws/.panda-k8s/secrets.values.yaml', '/ws'), []);
});

async function statusOf(data: RunData) {
  return collectStatus(data, { io: new FakeCluster(), services: false });
}

test('status shows where to reach each service, the IAM first login (user, file and key, no password) and the next commands', async () => {
  const data = fakeRunData({ cluster: { name: 'PanDA-DOMA-k8s' } });
  Object.assign(data, { site: CERN, target: 'sim' });
  const file = path.join(data.workspace, '.panda-k8s', 'secrets.values.yaml');
  fs.writeFileSync(file, 'iam:\n  database:\n    password: Gen3rated-Passw0rd\n', { mode: 0o600 });
  const report = await statusOf(data);
  const text = renderStatus(report);
  assert.match(text, /WHERE TO REACH IT\nSERVICE +URL\nIAM \(log in, accounts, OIDC clients\) +https:\/\/panda-doma-k8s\.cern\.ch\/\nBigMon \(the PanDA monitor\) +https:\/\/panda-doma-k8s-bigmon\.cern\.ch\//);
  assert.match(text, /IAM first login: open https:\/\/panda-doma-k8s\.cern\.ch\/login and sign in as "admin"/);
  assert.match(text, /in \.panda-k8s\/secrets\.values\.yaml \(mode 0600\): IAM's database password under the key iam\.database\.password/);
  assert.doesNotMatch(text, /Gen3rated-Passw0rd/);
  assert.match(text, /NEXT\n {2}panda-k8s status -w \S+ +what is deployed[\s\S]*panda-k8s install --reinstall -c COMPONENT -w [\s\S]*panda-k8s uninstall -w /);
  assert.deepEqual(nextCommands('/my ws').map((c) => c.split('  ')[0]), ["panda-k8s status -w '/my ws'", "panda-k8s install --reinstall -c COMPONENT -w '/my ws'", "panda-k8s uninstall -w '/my ws'"]);
});

test('status on an existing cluster reads its Ingress hosts once, beside the listings', async () => {
  const data = fakeRunData({});
  Object.assign(data, { target: 'existing' });
  let reads = 0;
  const report = await collectStatus(data, {
    io: new FakeCluster(), services: false,
    ingresses: async () => (reads++, [{ metadata: { labels: { 'app.kubernetes.io/instance': 'test-iam' } }, spec: { rules: [{ host: 'iam.bnl.example' }], tls: [{ hosts: ['iam.bnl.example'] }] } }]),
  });
  assert.equal(reads, 1);
  assert.deepEqual(report.urls, [{ title: 'IAM (log in, accounts, OIDC clients)', url: 'https://iam.bnl.example/' }]);
});

test('the final screen and its plain form show the URLs, the IAM first login and the next commands', () => {
  const summary = {
    status: 'done' as const, target: 'openstack' as const, releases: [], endpoints: [], transcriptPath: '/ws/log',
    urls: [{ title: 'BigMon (the PanDA monitor)', url: 'https://pk-bigmon.cern.ch/' }],
    login: ['IAM first login: open https://pk.cern.ch/login and sign in as "admin"'],
    commands: nextCommands('/ws'),
  };
  const stdout = new FakeStdout();
  showFinal(summary, stdout as unknown as NodeJS.WriteStream);
  assert.match(stdout.text, /Where to reach it\n +BigMon \(the PanDA monitor\) https:\/\/pk-bigmon\.cern\.ch\//);
  assert.match(stdout.text, /IAM first login: open https:\/\/pk\.cern\.ch\/login/);
  assert.match(stdout.text, /Next\n +panda-k8s status -w \/ws/);
  const plain = formatFinalPlain(summary).join('\n');
  assert.match(plain, /\[summary\] BigMon \(the PanDA monitor\): https:\/\/pk-bigmon\.cern\.ch\//);
  assert.match(plain, /\[summary\] then: panda-k8s uninstall -w \/ws/);
});

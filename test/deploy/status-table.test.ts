import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overallOf, renderStatus, type ReleaseStatusRow, type StatusReport } from '../../src/deploy/status-table.js';

const deployed = (release: string, tier: number): ReleaseStatusRow => ({
  release, kind: release.replace('test-', ''), tier, wanted: true, status: 'deployed', revision: 1, chart: `${release.replace('test-', '')}-0.1.0`, appVersion: '1.0', podsReady: 1, podsTotal: 1,
});

test('the table lists releases with revision, chart, pods ready and a note for a failed one', () => {
  const report: StatusReport = {
    workspace: '/w', namespace: 'panda', answersChanged: false, overall: 'failed',
    steps: [{ id: 'release:test-idds', status: 'failed', lastError: 'release test-idds failed\nmore' }],
    releases: [
      deployed('panda-secrets', 0),
      { ...deployed('test-idds', 3), status: 'failed', podsReady: 1, podsTotal: 3, troubled: ['test-idds-rest-0 ImagePullBackOff'], lastError: 'release test-idds failed' },
      { release: 'test-iam', kind: 'iam', tier: 1, wanted: false },
    ],
    certificates: [{ component: 'panda', file: 'secrets/files/panda_certs/hostcert.pem', notAfter: '2027-01-01', daysLeft: 12 }],
  };
  const text = renderStatus(report);
  assert.match(text, /status {5}failed/);
  assert.match(text, /3 +test-idds +failed +1 +idds-0\.1\.0 +1\.0 +1\/3 +test-idds-rest-0 ImagePullBackOff; last error: release test-idds failed/);
  assert.match(text, /1 +test-iam +disabled/);
  assert.match(text, /panda +2027-01-01 +12 +renew soon/);
  assert.match(text, /release:test-idds +failed +- +release test-idds failed\n/);
});

test('overall status, rule by rule', () => {
  const all = [deployed('panda-secrets', 0), deployed('test-panda', 2)];
  const cases: [string, ReleaseStatusRow[], boolean, StatusReport['overall']][] = [
    ['everything deployed and unchanged', all, false, 'deployed'],
    ['answers changed', all, true, 'changed'],
    ['one release has changed inputs', [all[0]!, { ...all[1]!, changed: true }], false, 'changed'],
    ['one release failed', [all[0]!, { ...all[1]!, status: 'failed' }], false, 'failed'],
    ['a pod is not Ready', [all[0]!, { ...all[1]!, troubled: ['x ImagePullBackOff'] }], false, 'failed'],
    ['one release missing', [all[0]!, { ...all[1]!, status: undefined }], false, 'incomplete'],
    ['nothing installed', all.map((r) => ({ ...r, status: undefined })), false, 'not-deployed'],
  ];
  for (const [name, releases, answersChanged, want] of cases) assert.equal(overallOf({ releases, answersChanged }), want, name);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { showFinal } from '../../src/ui/show-final.js';
import type { FinalSummary } from '../../src/ui/types.js';
import { FakeStdout } from './helpers/streams.js';

const SUMMARY: FinalSummary = {
  status: 'done', target: 'openstack',
  releases: [{ name: 'test-panda', component: 'panda', status: 'deployed' }, { name: 'test-iam', component: 'iam', status: 'deployed' }],
  endpoints: [{ name: 'PanDA server', url: 'https://pk-panda--load-1-.cern.ch:25443/server/panda' }, { name: 'BigMon', url: 'https://pk-bigmon--load-1-.cern.ch' }],
  certificate: { notAfter: '2026-03-01', daysLeft: 12 },
  transcriptPath: '/ws/.panda-k8s/logs/2025-05-01.log',
};

test('the final screen says what was deployed, where to reach it, the certificate expiry and the transcript', () => {
  const stdout = new FakeStdout();
  showFinal(SUMMARY, stdout as unknown as NodeJS.WriteStream);
  const text = stdout.text;
  assert.match(text, /✓ PanDA is deployed/);
  assert.match(text, /test-panda panda deployed/);
  assert.match(text, /PanDA server https:\/\/pk-panda--load-1-\.cern\.ch:25443\/server\/panda/);
  assert.match(text, /expires 2026-03-01 \(12 days\): renew it soon/);
  assert.match(text, /Transcript \/ws\/\.panda-k8s\/logs\/2025-05-01\.log/);
  assert.ok(text.split('\n').every((l) => l.length <= 80));
});

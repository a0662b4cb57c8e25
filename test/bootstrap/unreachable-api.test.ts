// An unreachable Kubernetes API (this machine outside the CERN network, or an API not up yet) gets one clear
// failure at one step on every run: where the API is, the likely causes at CERN, and kubectl's message once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, tempDir } from '../helpers/process.js';

const CLI = path.join(ROOT, 'dist/panda-k8s.mjs');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1', PANDA_K8S_SIM_SPEED: '0', PANDA_K8S_POLL_MS: '0' }, maxBuffer: 64 << 20 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const count = (text: string, needle: RegExp) => (text.match(new RegExp(needle, 'g')) ?? []).length;

test('an unreachable API fails at nodes-ready on the first and the next run alike, saying where and why, kubectl\'s line once', () => {
  const ws = tempDir('unreachable-');
  assert.equal(cli(['sim', 'fault', 'api-unreachable', '-w', ws]).code, 0);
  for (const run of ['first', 'second']) {
    const r = cli(['bootstrap', '--target', 'sim', '--yes', '--plain', '-w', ws]);
    assert.equal(r.code, 1, `${run} run:\n${r.out}`);
    const failed = r.out.split('\n').filter((l) => / FAILED after /.test(l) && !l.startsWith('[run]'));
    assert.deepEqual(failed.map((l) => l.split(' ')[0]), ['[nodes-ready]'], `${run} run fails at one step:\n${failed.join('\n')}`);
    assert.match(failed[0]!, /The Kubernetes API of cluster panda-k8s at https:\/\/\d+\.\d+\.\d+\.\d+:6443 does not answer$/);
    assert.match(r.out, /hint: Likely causes at CERN: this machine is outside the CERN network \(run panda-k8s from lxplus, or connect to the CERN VPN first\); or the cluster has only just reached CREATE_COMPLETE and its API needs a few more minutes\./);
    assert.equal(count(r.out, /Unable to connect to the server: dial tcp [\d.]+:6443: i\/o timeout/), 1, `${run} run prints kubectl's message once:\n${r.out}`);
    assert.doesNotMatch(r.out, /Fix the cause/);
    assert.match(r.out, /\[summary\] next: Then run the same panda-k8s command again \(from lxplus, or in a few minutes\)/);
    assert.doesNotMatch(r.out, /: not installed$/m, 'an unanswered cluster is not said to have no releases');
  }
});

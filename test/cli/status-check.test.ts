// `status --check` and verify's helm tests from the command line, on a rehearsal workspace: plain status
// stays quick (no helm test), --check runs every release's tests; a test-fail fault makes install (verify)
// and status --check exit 1 naming the test and showing its log, and clearing it lets install finish.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { ROOT, tempDir } from '../helpers/process.js';

const BUNDLE = path.join(ROOT, 'dist', 'panda-k8s.mjs');
const env = { ...process.env, CI: '1', PANDA_K8S_SIM_SPEED: '0', PANDA_K8S_POLL_MS: '0' };

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, all: r.stdout + r.stderr };
}

interface Call { tool: string; argv: string[]; mutating: boolean }
function calls(ws: string): Call[] {
  return fs.readFileSync(path.join(ws, '.panda-k8s', 'sim', 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Call);
}
const helmVerbs = (ws: string, mark: number, verb: string) => calls(ws).slice(mark).filter((c) => c.tool === 'helm' && c.argv[0] === verb).map((c) => c.argv[verb === 'upgrade' ? 2 : 1]);

describe('status --check and verify\'s helm tests', () => {
  const ws = tempDir();
  before(() => {
    const boot = cli(['bootstrap', '--target', 'sim', '--yes', '-w', ws]);
    assert.equal(boot.code, 0, boot.stderr + boot.stdout.slice(-2000));
  });

  test('status --check is in status --help', () => {
    const r = cli(['status', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--check +also run each deployed release's helm test/);
  });

  test('plain status runs no helm test; status --check tests every release and exits 0', () => {
    let mark = calls(ws).length;
    const plain = cli(['status', '-w', ws]);
    assert.equal(plain.code, 0, plain.all);
    assert.deepEqual(helmVerbs(ws, mark, 'test'), []);
    assert.doesNotMatch(plain.stdout, /TESTS \(helm test\)/);
    mark = calls(ws).length;
    const checked = cli(['status', '--check', '-w', ws]);
    assert.equal(checked.code, 0, checked.all);
    assert.deepEqual(helmVerbs(ws, mark, 'test').sort(), ['test-bigmon', 'test-harvester', 'test-iam', 'test-idds', 'test-msgsvc', 'test-panda']);
    assert.match(checked.stdout, /TESTS \(helm test\)[\s\S]*test-bigmon +passed +test-bigmon-main-test Succeeded/);
  });

  test('a failing test: status --check and install (verify) exit 1 naming it with its log; cleared, install only tests again', () => {
    assert.equal(cli(['sim', 'fault', 'test-fail', 'test-harvester', '-w', ws]).code, 0);
    const checked = cli(['status', '--check', '-w', ws]);
    assert.equal(checked.code, 1, checked.all);
    assert.match(checked.stdout, /helm test test-harvester: test test-harvester-harvester-test Failed \(pod test-harvester-harvester-test failed\)\n {6}ok: {3}Harvester database answers[^\n]*\n {6}FAIL: queue configuration loaded: pq_table is empty/);

    let mark = calls(ws).length;
    const install = cli(['install', '-w', ws]);
    assert.equal(install.code, 1, install.all);
    assert.match(install.all, /helm test test-harvester: test test-harvester-harvester-test Failed/);
    assert.match(install.all, /FAIL: queue configuration loaded: pq_table is empty: Harvester loaded no queue/);
    assert.match(install.all, /kubectl -n panda logs test-harvester-harvester-test/);
    assert.deepEqual(helmVerbs(ws, mark, 'upgrade'), [], 'the releases were deployed already');

    assert.equal(cli(['sim', 'fault', '--clear', '-w', ws]).code, 0);
    mark = calls(ws).length;
    const again = cli(['install', '-w', ws]);
    assert.equal(again.code, 0, again.all.slice(-3000));
    assert.deepEqual(helmVerbs(ws, mark, 'upgrade'), []);
    assert.equal(helmVerbs(ws, mark, 'test').length, 6);
  });
});

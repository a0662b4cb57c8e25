// Guided reinstall from the command line, on a rehearsal workspace: reinstall chosen components with an
// explicit choice for their data, refresh the secrets alone, uninstall in reverse tier order.
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
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Call { tool: string; argv: string[]; mutating: boolean; start: number }
function calls(ws: string): Call[] {
  return fs.readFileSync(path.join(ws, '.panda-k8s', 'sim', 'calls.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Call);
}
/** The helm verbs since `mark` that change releases, as "verb release" (verify's helm test changes none). */
function helmChanges(ws: string, mark: number): string[] {
  return calls(ws).slice(mark).filter((c) => c.tool === 'helm' && c.mutating && c.argv[0] !== 'test').map((c) => `${c.argv[0]} ${c.argv[0] === 'upgrade' ? c.argv[2] : c.argv[1]}`);
}

describe('reinstall, refresh secrets, uninstall', () => {
  const ws = tempDir();
  before(() => {
    const boot = cli(['bootstrap', '--target', 'sim', '--yes', '-w', ws]);
    assert.equal(boot.code, 0, boot.stderr + boot.stdout.slice(-2000));
  });

  test('a reinstall without a choice for the data names the claims at stake and changes nothing', () => {
    const mark = calls(ws).length;
    const r = cli(['install', '--reinstall', '-c', 'idds', '-w', ws]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /Reinstalling idds needs a choice for their volume claims/);
    assert.match(r.stderr, /test-idds keeps data on \d+ volume claim\(s\) \(idds\.postgres\)/);
    assert.match(r.stderr, /--keep-data .* or --delete-data --yes/);
    assert.deepEqual(helmChanges(ws, mark), []);
  });

  test('--reinstall -c bigmon --keep-data uninstalls and installs bigmon alone', () => {
    const mark = calls(ws).length;
    const r = cli(['install', '--reinstall', '-c', 'bigmon', '--keep-data', '-w', ws]);
    assert.equal(r.code, 0, r.stderr + r.stdout.slice(-2000));
    assert.deepEqual(helmChanges(ws, mark), ['uninstall test-bigmon', 'upgrade test-bigmon']);
  });

  test('--refresh-secrets after a CRIC JSON changed upgrades panda-secrets and nothing else', () => {
    const cric = path.join(ws, '.panda-k8s', 'secrets-chart', 'files', 'cric_jsons', 'panda_queues.json');
    fs.writeFileSync(cric, JSON.stringify({ CERN: { status: 'online' } }));
    const mark = calls(ws).length;
    const r = cli(['install', '--refresh-secrets', '-w', ws]);
    assert.equal(r.code, 0, r.stderr + r.stdout.slice(-2000));
    assert.deepEqual(helmChanges(ws, mark), ['upgrade panda-secrets']);
    assert.match(r.stdout, /rollout restart/);
  });

  test('contradicting flags are usage errors', () => {
    assert.equal(cli(['install', '--reinstall', '--refresh-secrets', '-c', 'idds', '-w', ws]).code, 2);
    assert.equal(cli(['install', '--keep-data', '-w', ws]).code, 2);
    assert.equal(cli(['install', '--reinstall', '-w', ws]).code, 2);
    assert.equal(cli(['install', '--reinstall', '-c', 'idds', '--delete-data', '-w', ws]).code, 2);
  });

  test('uninstall -c idds,bigmon removes the top tier only; uninstall then removes the rest in reverse tier order', () => {
    let mark = calls(ws).length;
    const some = cli(['uninstall', '-c', 'idds,bigmon', '-w', ws]);
    assert.equal(some.code, 0, some.stderr + some.stdout.slice(-2000));
    assert.deepEqual(helmChanges(ws, mark).sort(), ['uninstall test-bigmon', 'uninstall test-idds']);
    mark = calls(ws).length;
    const all = cli(['uninstall', '-w', ws]);
    assert.equal(all.code, 0, all.stderr + all.stdout.slice(-2000));
    const order = helmChanges(ws, mark);
    const at = (rel: string) => order.indexOf(`uninstall ${rel}`);
    assert.ok(at('test-harvester') >= 0 && at('test-harvester') < at('test-panda'), order.join(', '));
    assert.ok(at('test-panda') < at('test-msgsvc') && at('test-panda') < at('test-iam'), order.join(', '));
    assert.equal(order.at(-1), 'uninstall panda-secrets');
    const status = cli(['status', '-w', ws]);
    assert.match(status.stdout, /not-deployed|not installed/i, status.stdout);
  });
});

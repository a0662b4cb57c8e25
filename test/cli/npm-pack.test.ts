// Installing like other CLIs: `npm pack` makes a package whose bin is the bundle, and npx runs it from the
// tarball with no registry at all (the package declares no dependencies: the bundle carries them).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { HELM_V3 } from '../../src/tools/bundled-tools.js';
import { ROOT, tempDir } from '../helpers/process.js';

function npm(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const r = spawnSync('npm', args, { cwd: options.cwd, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...options.env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('npm pack: the bundle and its sha256 are the package, and npx runs its bin from the tarball offline', () => {
  const out = tempDir();
  // The dist/ that npm test built (pack's own prepare would rebuild it under the other tests' feet).
  const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: ROOT });
  assert.equal(pack.code, 0, pack.stderr);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  assert.deepEqual(info!.files.map((f) => f.path).sort(), ['README.md', 'dist/panda-k8s.mjs', 'dist/panda-k8s.mjs.sha256', 'package.json']);
  const tarball = path.join(out, info!.filename);

  const unpacked = tempDir();
  assert.equal(spawnSync('tar', ['xzf', tarball, '-C', unpacked]).status, 0);
  const pkg = JSON.parse(fs.readFileSync(path.join(unpacked, 'package', 'package.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(pkg['dependencies'], undefined, 'the packed package must declare no dependencies (they are in the bundle); add new ones as devDependencies');

  // A fresh npm cache and --offline: anything fetched from a registry would fail.
  const home = tempDir();
  const npx = (...args: string[]) => npm(['exec', '--yes', '--offline', '--cache', path.join(home, 'npm-cache'), '--package', tarball, '--', 'panda-k8s', ...args], {
    cwd: home,
    env: { HOME: home, XDG_CACHE_HOME: path.join(home, 'cache'), PATH: [path.dirname(HELM_V3), path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter) },
  });
  const version = npx('--version');
  assert.equal(version.code, 0, version.stderr);
  assert.match(version.stdout, /^panda-k8s \d+\.\d+\.\d+ \(.*build [0-9a-f]{12}\)$/m);
  const render = npx('install', '-t', '-c', 'msgsvc');
  assert.equal(render.code, 0, render.stderr);
  assert.match(render.stdout, /^# ---- test-msgsvc \(msgsvc, tier 1\) ----$/m);
});

// The built one-file CLI, run as users run it: plain node, no node_modules beside it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { HELM_V3 } from '../../src/tools/bundled-tools.js';
import { ROOT, tempDir } from '../helpers/process.js';
import { parseCommandLine } from '../../src/cli.js';

const BUNDLE = path.join(ROOT, 'dist', 'panda-k8s.mjs');

// One cache folder for this file's runs, not the user's own.
const CACHE = tempDir();

function run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; bundle?: string } = {}) {
  const r = spawnSync(process.execPath, [options.bundle ?? BUNDLE, ...args], {
    cwd: options.cwd ?? tempDir(),
    env: { ...process.env, CI: '1', XDG_CACHE_HOME: CACHE, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const withHelm = { PATH: `${path.dirname(HELM_V3)}:${process.env.PATH}` };

describe('the bundle', () => {
  test('--help and --version work from a folder with no node_modules', () => {
    const dir = tempDir();
    const lone = path.join(dir, 'panda-k8s.mjs');
    fs.copyFileSync(BUNDLE, lone);
    const help = run(['--help'], { cwd: dir, bundle: lone });
    assert.equal(help.code, 0, help.stderr);
    for (const cmd of ['bootstrap', 'install', 'plan', 'status', 'uninstall', 'sim']) assert.match(help.stdout, new RegExp(`^  ${cmd} `, 'm'));
    const version = run(['--version'], { cwd: dir, bundle: lone });
    assert.equal(version.code, 0);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    // The version, then which build: the commit it was built from and the digest of what it carries.
    const named = new RegExp(`^panda-k8s ${pkg.version.replace(/\./g, '\\.')} \\((commit [0-9a-f]{12}(\\+dirty)?, )?build [0-9a-f]{12}\\)$`);
    assert.match(version.stdout.trim(), named);
    // The CLI inside says the same when it is the one answering (here: --version with another option).
    assert.equal(run(['--version', '--plain'], { cwd: dir, bundle: lone }).stdout, version.stdout);
  });

  test('the build writes the bundle\'s sha256 beside it: sha256sum -c checks a copy, and catches a damaged one', () => {
    const dir = tempDir();
    fs.copyFileSync(BUNDLE, path.join(dir, 'panda-k8s.mjs'));
    fs.copyFileSync(`${BUNDLE}.sha256`, path.join(dir, 'panda-k8s.mjs.sha256'));
    const check = () => spawnSync('sha256sum', ['-c', 'panda-k8s.mjs.sha256'], { cwd: dir, encoding: 'utf8' });
    const ok = check();
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, 'panda-k8s.mjs: OK\n');
    fs.appendFileSync(path.join(dir, 'panda-k8s.mjs'), ' ');
    assert.equal(check().status, 1);
  });

  test('without a writable cache folder the CLI still runs (from memory)', () => {
    const blocked = path.join(tempDir(), 'file');
    fs.writeFileSync(blocked, '');
    const r = run(['status'], { env: { XDG_CACHE_HOME: blocked } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is not a panda-k8s workspace yet/);
  });

  test('each command has its own --help', () => {
    const r = run(['install', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /-a, --affix AFFIX/);
    assert.match(r.stdout, /-t, --template/);
  });

  const usage: [string[], RegExp][] = [
    [['bogus'], /unknown command "bogus"; commands: bootstrap, install, plan, status, uninstall, sim/],
    [['install', '--bogus'], /install: Unknown option '--bogus'/],
    [['install', '-t', '-c', 'bogus'], /-c\/--enable: unknown component "bogus": valid components are msgsvc, iam, panda, harvester, idds, bigmon/],
    [['install', '-t', '-e', 'lsts'], /-e\/--experiment lsts: unknown experiment; valid: lsst, lsst-prod, sphenix/],
    [['install', '-t', '-a', 'Bad_Affix'], /-a\/--affix: affix "Bad_Affix" must be a prefix/],
    [['bootstrap', '--target', 'aws'], /--target aws: unknown target; valid: sim, openstack, existing/],
    [['bootstrap', 'extra'], /bootstrap: unexpected argument "extra"/],
    [['bootstrap', '--concurrency', 'lots', '--yes', '--target', 'sim'], /--concurrency lots: must be a whole number/],
    [['uninstall', '-c', 'pnada'], /-c\/--enable: unknown component "pnada"/],
    [['uninstall', '--delete-data'], /--delete-data deletes the databases .* add --yes to confirm/],
  ];
  for (const [args, pattern] of usage) {
    test(`bad usage exits 2 and runs nothing: ${args.join(' ')}`, () => {
      const cwd = tempDir();
      const r = run(args, { cwd, env: withHelm });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, pattern);
      assert.deepEqual(fs.readdirSync(cwd), [], 'nothing written');
    });
  }

  const renders: [string[], string[], string[]][] = [
    [['install', '-t'], ['test-msgsvc', 'test-iam', 'test-panda', 'test-harvester', 'test-idds', 'test-bigmon'], []],
    [['install', '-t', '-e', 'lsst', '--affix=-dev'], ['msgsvc-dev', 'iam-dev', 'panda-dev', 'harvester-dev', 'idds-dev', 'bigmon-dev'], []],
    [['install', '-t', '-e', 'sphenix', '-d', 'iam'], ['test-msgsvc', 'test-panda', 'test-harvester', 'test-idds', 'test-bigmon'], ['test-iam']],
    [['install', '-t', '-c', 'panda', '-d', 'panda.jedi'], ['test-panda'], ['test-panda-jedi', 'test-msgsvc']],
  ];
  for (const [args, present, absent] of renders) {
    test(`${args.join(' ')} prints the manifests in tier order and exits 0`, () => {
      const r = run(args, { env: withHelm });
      assert.equal(r.code, 0, r.stderr);
      const headers = [...r.stdout.matchAll(/^# ---- (\S+) /gm)].map((m) => m[1]);
      assert.deepEqual(headers, present);
      assert.match(r.stdout, /^kind: (Deployment|StatefulSet)$/m);
      for (const name of absent) assert.ok(!new RegExp(`name: ${name}\\b`).test(r.stdout), `${name} rendered`);
    });
  }

  test('install -t in a checkout with no helm on PATH renders with the helm `npm ci` put in .tools/', () => {
    const r = run(['install', '-t', '-e', 'lsst'], { env: { PATH: '/nonexistent' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# ---- test-msgsvc /m);
  });

  test('install -t with no helm anywhere says how to get one', () => {
    const lone = path.join(tempDir(), 'panda-k8s.mjs');
    fs.copyFileSync(BUNDLE, lone);
    const r = run(['install', '-t'], { bundle: lone, env: { PATH: '/nonexistent' } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /install -t renders the charts with helm, and there is no helm on PATH/);
    assert.match(r.stderr, /helm\.sh\/docs\/intro\/install/);
    assert.match(r.stderr, /npm run tools/);
  });

  test('status outside a workspace says how to start one', () => {
    const r = run(['status']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /is not a panda-k8s workspace yet/);
  });
});

describe('parseCommandLine', () => {
  const cases: [string[], unknown][] = [
    [[], { command: 'bootstrap' }],
    [['--yes', '--target', 'sim'], { command: 'bootstrap', values: { yes: true, target: 'sim' } }],
    [['install', '-a', 'x-', '-e', 'lsst', '-c', 'panda,idds', '-d', 'panda.jedi', '-t'], { command: 'install', values: { affix: 'x-', experiment: 'lsst', enable: 'panda,idds', disable: 'panda.jedi', template: true } }],
    [['sim', 'fault', 'create-failed', '--clear', '-w', 'ws'], { command: 'sim', values: { workspace: 'ws' }, positionals: ['fault', 'create-failed', '--clear'] }],
  ];
  for (const [argv, expected] of cases) {
    test(`parses: ${argv.join(' ') || '(nothing)'}`, () => {
      const parsed = parseCommandLine(argv) as { command: string; values: Record<string, unknown>; positionals: string[] };
      const e = expected as { command: string; values?: Record<string, unknown>; positionals?: string[] };
      assert.equal(parsed.command, e.command);
      for (const [k, v] of Object.entries(e.values ?? {})) assert.equal(parsed.values[k], v, k);
      if (e.positionals) assert.deepEqual(parsed.positionals, e.positionals);
    });
  }
  test('--version and --help need no command', () => {
    assert.deepEqual(parseCommandLine(['--version']), { version: true });
    assert.ok('help' in parseCommandLine(['--help']));
    assert.ok('help' in parseCommandLine(['status', '-h']));
  });
});

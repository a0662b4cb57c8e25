// The bundle's launcher and its cache (src/launcher/): a cache that cannot hurt, run as users run the bundle.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { tempNameFor } from '../../src/launcher/cache-file.js';
import { ROOT, tempDir } from '../helpers/process.js';

const BUNDLE = path.join(ROOT, 'dist', 'panda-k8s.mjs');
const NOT_A_WORKSPACE = /is not a panda-k8s workspace yet/;
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

interface RunOptions {
  cache: string;
  env?: NodeJS.ProcessEnv;
  bundle?: string;
  cwd?: string;
  uid?: number;
}

/** `panda-k8s status` outside a workspace: the CLI has to be loaded to say so. */
function status(options: RunOptions) {
  const cwd = options.cwd ?? tempDir();
  const r = spawnSync(process.execPath, [options.bundle ?? BUNDLE, 'status', '-w', path.join(cwd, 'nowhere')], {
    cwd,
    env: { ...process.env, CI: '1', XDG_CACHE_HOME: options.cache, ...options.env },
    encoding: 'utf8',
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
  return { code: r.status, stderr: r.stderr };
}

function assertRan(r: { code: number | null; stderr: string }) {
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, NOT_A_WORKSPACE);
  assert.doesNotMatch(r.stderr, /TypeError|SyntaxError|bug in panda-k8s/);
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const folderOf = (cache: string) => path.join(cache, 'panda-k8s');

/** The cached CLI script: one file, named by the first 16 hex digits of its content's sha256. */
function scriptFile(cache: string): string {
  const names = fs.readdirSync(folderOf(cache)).filter((n) => n.endsWith('.cjs'));
  assert.equal(names.length, 1, `one CLI script in the cache, found: ${names.join(', ')}`);
  return path.join(folderOf(cache), names[0]!);
}

function assertIntact(file: string) {
  const hex = /-([0-9a-f]{16})\.cjs$/.exec(file)![1]!;
  assert.ok(sha256(fs.readFileSync(file)).startsWith(hex), `${file} holds what its name says`);
}

function codeCacheFiles(cache: string): string[] {
  return fs.readdirSync(folderOf(cache)).filter((n) => n.endsWith('.v8cache')).map((n) => path.join(folderOf(cache), n));
}

function codeCacheIntact(file: string): boolean {
  const data = fs.readFileSync(file);
  return data.length > 32 && createHash('sha256').update(data.subarray(32)).digest().equals(data.subarray(0, 32));
}

function leftovers(cache: string): string[] {
  return fs.readdirSync(folderOf(cache)).filter((n) => n.endsWith('.tmp'));
}

describe('the launcher cache', () => {
  test('the CLI is unpacked once into a private folder, checked and reused', () => {
    const cache = tempDir();
    assertRan(status({ cache }));
    assert.equal(fs.statSync(folderOf(cache)).mode & 0o777, 0o700);
    const file = scriptFile(cache);
    assertIntact(file);
    const mtime = fs.statSync(file).mtimeMs;
    // A short command writes V8's code cache at its exit; the next start compiles from it.
    assert.equal(codeCacheFiles(cache).length, 1);
    assertRan(status({ cache }));
    assert.equal(fs.statSync(file).mtimeMs, mtime, 'an intact cache file is not written again');
    assert.deepEqual(leftovers(cache), []);
  });

  const damage: [string, (file: string) => void][] = [
    ['emptied', (f) => fs.writeFileSync(f, '')],
    ['cut in half', (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2))],
    ['changed in the middle', (f) => {
      const data = fs.readFileSync(f);
      const i = data.length >> 1;
      data[i] = data[i]! ^ 0x20;
      fs.writeFileSync(f, data);
    }],
  ];
  for (const [what, spoil] of damage) {
    test(`a cache file ${what} is written again and the command runs`, () => {
      const cache = tempDir();
      assertRan(status({ cache }));
      const file = scriptFile(cache);
      spoil(file);
      assertRan(status({ cache }));
      assertIntact(file);
    });
  }

  test('a damaged code cache is not given to V8, and is written again', () => {
    const cache = tempDir();
    assertRan(status({ cache }));
    const [code] = codeCacheFiles(cache);
    assert.ok(code && codeCacheIntact(code));
    const data = fs.readFileSync(code);
    data[data.length - 100] = data[data.length - 100]! ^ 0xff;
    fs.writeFileSync(code, data);
    assert.ok(!codeCacheIntact(code));
    assertRan(status({ cache }));
    assert.ok(codeCacheIntact(code), 'rewritten whole');
  });

  test('a read-only cache folder: the CLI runs from memory, even over a damaged file it cannot replace', () => {
    // As root the folder's mode would not stop the writes: the run is then made as nobody.
    const uid = isRoot ? NOBODY : process.getuid!();
    const cache = tempDir();
    fs.chmodSync(cache, 0o755);
    const folder = folderOf(cache);
    fs.mkdirSync(folder, { mode: 0o700 });
    const emptied = path.join(folder, 'cli-0.0.0-0000000000000000.cjs');
    fs.writeFileSync(emptied, '');
    if (isRoot) fs.chownSync(folder, uid, uid);
    fs.chmodSync(folder, 0o500);
    const where = tempDir();
    fs.chmodSync(where, 0o777);
    const bundle = path.join(where, 'panda-k8s.mjs');
    fs.copyFileSync(BUNDLE, bundle);
    fs.chmodSync(bundle, 0o755);
    const before = fs.readdirSync(folder);
    assertRan(status({ cache, bundle, cwd: where, uid: isRoot ? uid : undefined, env: { HOME: where } }));
    assert.deepEqual(fs.readdirSync(folder), before, 'nothing written in a read-only folder');
  });

  test('a cache folder that is a link, or someone else\'s, is not used', { skip: !isRoot && 'needs root to make a folder someone else owns' }, () => {
    const linked = tempDir();
    const elsewhere = tempDir();
    fs.symlinkSync(elsewhere, folderOf(linked));
    assertRan(status({ cache: linked }));
    assert.deepEqual(fs.readdirSync(elsewhere), [], 'nothing written through the link');

    const theirs = tempDir();
    fs.mkdirSync(folderOf(theirs), { mode: 0o700 });
    fs.chownSync(folderOf(theirs), NOBODY, NOBODY);
    assertRan(status({ cache: theirs }));
    assert.deepEqual(fs.readdirSync(folderOf(theirs)), [], 'nothing written in another user\'s folder');
  });

  test('a folder of ours that others could write in is closed (0700) before it is used', () => {
    const cache = tempDir();
    fs.mkdirSync(folderOf(cache));
    fs.chmodSync(folderOf(cache), 0o777);
    assertRan(status({ cache }));
    assert.equal(fs.statSync(folderOf(cache)).mode & 0o777, 0o700);
    assertIntact(scriptFile(cache));
  });

  test('four first starts at once on one shared home all run and leave one intact copy', async () => {
    const cache = tempDir();
    const runs = Array.from({ length: 4 }, () => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const cwd = tempDir();
      const child = spawn(process.execPath, [BUNDLE, 'status', '-w', path.join(cwd, 'nowhere')], { cwd, env: { ...process.env, CI: '1', XDG_CACHE_HOME: cache } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stderr }));
    }));
    for (const r of await Promise.all(runs)) assertRan(r);
    assertIntact(scriptFile(cache));
    const codes = codeCacheFiles(cache);
    assert.equal(codes.length, 1);
    assert.ok(codeCacheIntact(codes[0]!));
    assert.deepEqual(leftovers(cache), []);
  });

  test('temporary names carry the host, the pid and a random part, so no two writers anywhere share one', () => {
    const a = tempNameFor('/c/cli.cjs');
    const b = tempNameFor('/c/cli.cjs');
    assert.notEqual(a, b);
    const host = os.hostname().replace(/[^A-Za-z0-9.-]/g, '_');
    assert.match(a, new RegExp(`^/c/cli\\.cjs\\.${host.replace(/\./g, '\\.')}\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));
  });

  test('older builds are pruned when a new one is unpacked: the two used last are kept', () => {
    const cache = tempDir();
    const folder = folderOf(cache);
    fs.mkdirSync(folder, { mode: 0o700 });
    const hours = (n: number) => new Date(Date.now() - n * 3_600_000);
    const old = (name: string, age: number) => {
      fs.writeFileSync(path.join(folder, name), 'x');
      fs.utimesSync(path.join(folder, name), hours(age), hours(age));
    };
    old('cli-0.0.1-aaaaaaaaaaaaaaaa.cjs', 5);
    old('cli-0.0.1-aaaaaaaaaaaaaaaa-node20.0.0-12345678.v8cache', 4);
    old('cli-0.0.2-bbbbbbbbbbbbbbbb.cjs', 3);
    old('cli-0.0.3-cccccccccccccccc.mjs', 2);
    old('cli-0.0.3-cccccccccccccccc.cjs.lxplus1.4242.0123456789ab.tmp', 2);
    old('cli-0.0.3-cccccccccccccccc.cjs.lxplus2.4242.ba9876543210.tmp', 0);
    old('notes.txt', 9);
    const before = new Set(fs.readdirSync(folder));
    assertRan(status({ cache }));
    const added = fs.readdirSync(folder).filter((n) => !before.has(n));
    assert.deepEqual(added.map((n) => n.replace(/^cli-.+-[0-9a-f]{16}/, 'KEY').replace(/-node.*\.v8cache$/, '-node.v8cache')).sort(), ['KEY-node.v8cache', 'KEY.cjs']);
    const kept = fs.readdirSync(folder).filter((n) => before.has(n)).sort();
    assert.deepEqual(kept, [
      'cli-0.0.2-bbbbbbbbbbbbbbbb.cjs',
      'cli-0.0.3-cccccccccccccccc.cjs.lxplus2.4242.ba9876543210.tmp',
      'cli-0.0.3-cccccccccccccccc.mjs',
      'notes.txt',
    ]);
  });
});

describe('errors from the bundle', () => {
  test('a bundle damaged where the CLI rides says so, and how to check a copy', () => {
    const text = fs.readFileSync(BUNDLE, 'latin1');
    const at = text.lastIndexOf('\n/*pk8s:core:') + 5000;
    const damaged = path.join(tempDir(), 'panda-k8s.mjs');
    fs.writeFileSync(damaged, text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1), 'latin1');
    const r = status({ cache: tempDir(), bundle: damaged });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: \S+panda-k8s\.mjs is damaged \(the CLI inside does not match its build's sha256\): copy it again and check it with sha256sum -c$/m);
  });

  test('a crash inside the bundle is reported with source lines, not the minified script\'s', () => {
    const cache = tempDir();
    const sim = path.join(tempDir(), 'sim');
    fs.mkdirSync(sim);
    // A sim state of the wrong shape: the stand-in fails inside and prints its stack.
    fs.writeFileSync(path.join(sim, 'state.json'), '{"version":1}');
    const r = spawnSync(process.execPath, [BUNDLE, '__sim-tool', 'openstack', 'coe', 'cluster', 'list', '-f', 'json'], {
      env: { ...process.env, XDG_CACHE_HOME: cache, PANDA_K8S_SIM_DIR: sim },
      encoding: 'utf8',
    });
    assert.equal(r.status, 70, r.stderr);
    assert.match(r.stderr, /failed inside the simulator: TypeError/);
    assert.match(r.stderr, /^\s+at \S+ \(src\/sim\/openstack\.ts:\d+:\d+\)$/m);
    assert.doesNotMatch(r.stderr, /\.cjs:\d+/);
  });
});

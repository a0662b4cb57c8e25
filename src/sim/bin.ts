// Process entry of the stand-ins: `node --import tsx src/sim/bin.ts <openstack|kubectl|helm> ...args`.
// Importing this module has no side effects; it only runs main when it is the process entry.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { simToolMain } from './run.js';

export { simToolMain };

function isEntry(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) {
  const [tool = '', ...argv] = process.argv.slice(2);
  simToolMain(tool, argv, {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`panda-k8s sim: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 70;
    },
  );
}

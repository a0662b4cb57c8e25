// Process entry of the stand-ins: `node --import tsx src/sim/bin.ts <openstack|kubectl|helm> ...args`.
// Importing this module has no side effects; it only runs main when it is the process entry.

import { isProcessEntry } from '../is-entry.js';
import { simToolMain } from './run.js';

export { simToolMain };

if (isProcessEntry(import.meta.url)) {
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

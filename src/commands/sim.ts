// `panda-k8s sim …`: inspect and drive the simulated cloud of a workspace.

import { simDirOf } from '../app/context.js';
import { resolveWorkspace, type Values } from './options.js';

export async function simCommand(values: Values, args: string[]): Promise<number> {
  const workspace = resolveWorkspace(values);
  const { runSimCommand } = await import('../sim/command.js');
  return runSimCommand(args, {
    simDir: simDirOf(workspace),
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  });
}

// Dispatches a parsed command line to its command module (loaded only when used).

import type { ParsedCommand } from '../cli.js';
import { ActionableError } from '../engine/errors.js';

export async function runCommand(parsed: ParsedCommand): Promise<number> {
  switch (parsed.command) {
    default:
      throw new ActionableError(`panda-k8s ${parsed.command} is not available yet in this build.`, {
        nextSteps: ['Run panda-k8s --help to see what is.'],
      });
  }
}

// The run data a command hands its steps: the workspace's answers and target, wired to the session's
// transcript and masker and to the screen (when there is a run to show), with the sim's launcher.

import { createRunData, type CreateRunDataOptions } from '../app/context.js';
import type { Prompter, RunData } from '../app/run-data.js';
import type { Session } from '../app/session.js';
import { simLauncher } from './options.js';
import type { UiWiring } from './run-plan-with-ui.js';

/** Nobody to ask: every step's question takes the answer it declares for unattended runs. */
export const unattendedPrompter: Prompter = {
  async confirm(_question, options) {
    return options.whenUnattended;
  },
};

type Given = Pick<CreateRunDataOptions, 'workspace' | 'target' | 'answers'> & Partial<Omit<CreateRunDataOptions, 'workspace' | 'target' | 'answers'>>;

export async function commandRunData(given: Given & { session?: Session; wiring?: UiWiring }): Promise<RunData> {
  const { session, wiring, ...rest } = given;
  return createRunData({
    unattended: true,
    prompter: unattendedPrompter,
    transcript: session?.transcript,
    masker: session?.masker,
    onCommand: wiring?.onCommand,
    onLine: wiring?.onLine,
    simLauncher: await simLauncher(),
    ...rest,
  });
}

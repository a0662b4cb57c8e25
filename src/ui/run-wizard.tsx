// runWizard: the first screen, the questions and the review, as one async call for the CLI.

import React from 'react';
import { render } from 'ink';
import { UsageError } from '../engine/errors.js';
import { inkOptions } from './ink-options.js';
import { themeFor } from './theme.js';
import { ThemeContext } from './components/ThemeContext.js';
import { Wizard } from './components/Wizard.js';
import type { WizardOptions, WizardResult } from './types.js';

/**
 * Shows the workspace, asks every question (saving answers through `onAnswer` as they are given),
 * shows the review, and resolves with the chosen action. Throws UsageError without a terminal.
 */
export async function runWizard(options: WizardOptions): Promise<WizardResult> {
  const stdin = options.stdin ?? process.stdin;
  if (!stdin.isTTY) {
    throw new UsageError(
      'The wizard needs a terminal, and standard input is not one.',
      'Give the answers in panda-k8s.yaml (or flags) and run with --config panda-k8s.yaml --yes.',
    );
  }
  let result: WizardResult | undefined;
  const instance = render(
    <ThemeContext.Provider value={themeFor()}>
      <Wizard
        options={options}
        onDone={(r) => {
          result = r;
          // Let the last frame commit, then leave: ink restores raw mode and the cursor on unmount.
          setImmediate(() => instance.unmount());
        }}
      />
    </ThemeContext.Provider>,
    inkOptions({ stdout: options.stdout, stdin }),
  );
  try {
    await instance.waitUntilExit();
  } finally {
    instance.unmount();
  }
  return result ?? { action: 'quit', answers: options.answers ?? {}, secrets: {} };
}

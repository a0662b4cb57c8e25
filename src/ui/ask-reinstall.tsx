// askReinstall / askUninstall: the guided reinstall and uninstall questions as one async call each
// for the CLI (a screen of its own, shown after the wizard's, before the run).

import React from 'react';
import { render } from 'ink';
import { inkOptions } from './ink-options.js';
import { themeFor } from './theme.js';
import { ThemeContext } from './components/ThemeContext.js';
import { ReinstallScreen } from './components/ReinstallScreen.js';
import { UninstallScreen } from './components/UninstallScreen.js';
import type { ReinstallChoice, ReinstallOptions, UninstallChoice, UninstallOptions } from './types.js';

/** Renders a question until it is answered; `unanswered` when the screen goes away first. */
async function askOnScreen<T>(io: { stdout?: NodeJS.WriteStream; stdin?: NodeJS.ReadStream }, unanswered: T, screen: (answer: (value: T) => void) => React.ReactElement): Promise<T> {
  let value = unanswered;
  const instance = render(
    <ThemeContext.Provider value={themeFor()}>
      {screen((v) => {
        value = v;
        setImmediate(() => instance.unmount());
      })}
    </ThemeContext.Provider>,
    inkOptions({ stdout: io.stdout, stdin: io.stdin }),
  );
  try {
    await instance.waitUntilExit();
  } finally {
    instance.unmount();
  }
  return value;
}

export function askReinstall(options: ReinstallOptions): Promise<ReinstallChoice> {
  return askOnScreen<ReinstallChoice>(options, { components: [], pvcs: undefined, cancelled: true }, (answer) => <ReinstallScreen options={options} onDone={answer} />);
}

export function askUninstall(options: UninstallOptions): Promise<UninstallChoice> {
  return askOnScreen<UninstallChoice>(options, { cancelled: true }, (answer) => <UninstallScreen options={options} onDone={answer} />);
}

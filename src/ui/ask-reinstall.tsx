// askReinstall: the guided reinstall question as one async call for the CLI.

import React from 'react';
import { render } from 'ink';
import { inkOptions } from './ink-options.js';
import { themeFor } from './theme.js';
import { ThemeContext } from './components/ThemeContext.js';
import { ReinstallScreen } from './components/ReinstallScreen.js';
import type { ReinstallChoice, ReinstallOptions } from './types.js';

export async function askReinstall(options: ReinstallOptions): Promise<ReinstallChoice> {
  let choice: ReinstallChoice = { components: [], pvcs: undefined, cancelled: true };
  const instance = render(
    <ThemeContext.Provider value={themeFor()}>
      <ReinstallScreen
        options={options}
        onDone={(c) => {
          choice = c;
          setImmediate(() => instance.unmount());
        }}
      />
    </ThemeContext.Provider>,
    inkOptions({ stdout: options.stdout, stdin: options.stdin }),
  );
  try {
    await instance.waitUntilExit();
  } finally {
    instance.unmount();
  }
  return choice;
}

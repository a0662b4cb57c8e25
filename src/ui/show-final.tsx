// showFinal: the final summary, written once so it stays in the scrollback (no raw mode, no input).

import React from 'react';
import { renderToString } from 'ink';
import { themeFor } from './theme.js';
import { ThemeContext } from './components/ThemeContext.js';
import { FinalScreen } from './components/FinalScreen.js';
import type { FinalSummary } from './types.js';

export function showFinal(summary: FinalSummary, stdout: NodeJS.WritableStream & { columns?: number } = process.stdout): void {
  const text = renderToString(
    <ThemeContext.Provider value={themeFor()}>
      <FinalScreen summary={summary} />
    </ThemeContext.Provider>,
    { columns: Math.min(stdout.columns ?? 80, 100) },
  );
  stdout.write(text + '\n');
}

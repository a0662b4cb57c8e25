// watchRun: the live run screen over the engine's events, plus the failure question for runPlan.

import React from 'react';
import { render } from 'ink';
import type { RunEvent } from '../engine/events.js';
import { inkOptions } from './ink-options.js';
import { themeFor } from './theme.js';
import { ThemeContext } from './components/ThemeContext.js';
import { RunView } from './components/RunView.js';
import { RunStore } from './run-store.js';
import type { RunEventSource, RunWatch, WatchRunOptions } from './types.js';

/**
 * Draws the run until it finishes. Returns at once with `onFailure` (pass it to runPlan) and
 * `done` (resolves when the run finished and the terminal is restored).
 */
export function watchRun(events: RunEventSource, options: WatchRunOptions = {}): RunWatch {
  const store = new RunStore(options.outputLines);
  const instance = render(
    <ThemeContext.Provider value={themeFor()}>
      <RunView store={store} target={options.target} onInterrupt={options.onInterrupt} maxFps={options.maxFps} animate={options.animate} now={options.now} />
    </ThemeContext.Provider>,
    inkOptions(options, options.maxFps),
  );
  let unsubscribe: (() => void) | undefined;
  const close = () => {
    if (store.closed) return;
    unsubscribe?.();
    store.close(); // the screen renders its last frame and exits
    setTimeout(() => instance.unmount(), 200).unref();
  };
  const take = (event: RunEvent) => {
    store.push(event);
    if (event.type === 'run-finished') close();
  };
  if (typeof events === 'function') {
    unsubscribe = events(take);
    if (store.closed) unsubscribe();
  } else {
    void (async () => {
      try {
        for await (const event of events) {
          take(event);
          if (store.closed) break;
        }
      } finally {
        close();
      }
    })();
  }
  const done = instance.waitUntilExit().then(
    () => undefined,
    () => undefined,
  );
  return { onFailure: (stepId, error) => store.askFailure(stepId, error), confirm: (question, defaultYes) => store.askConfirm(question, defaultYes), done, close };
}

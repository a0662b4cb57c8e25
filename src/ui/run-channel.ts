// A tiny event channel: runPlan's onEvent on one side, watchRun/renderPlain's subscribe on the other.
// Events emitted before anyone subscribed are kept and replayed, so no event is lost to ordering.

import type { RunEvent, RunListener } from '../engine/events.js';

export interface RunChannel {
  /** Pass as runPlan's onEvent. */
  emit: RunListener;
  /** Pass to watchRun or renderPlain. */
  subscribe: (listener: RunListener) => () => void;
}

export function createRunChannel(): RunChannel {
  const listeners = new Set<RunListener>();
  let early: RunEvent[] | undefined = [];
  return {
    emit(event) {
      if (early && listeners.size === 0) {
        early.push(event);
        return;
      }
      for (const l of [...listeners]) l(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      const replay = early;
      early = undefined;
      for (const e of replay ?? []) listener(e);
      return () => listeners.delete(listener);
    },
  };
}

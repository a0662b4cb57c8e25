// Re-renders from a RunStore at most `maxFps` times a second, whatever the event rate; urgent
// changes (a failure question, the run's end) render at once. With `animate`, ticks the spinner.

import { useEffect, useRef, useState } from 'react';
import type { RunStore } from '../run-store.js';

export function useRunStore(store: RunStore, maxFps: number, animate: boolean): number {
  const [frame, setFrame] = useState(0);
  const rendered = useRef(store.version);
  rendered.current = store.version;
  useEffect(() => {
    const gap = 1000 / Math.max(1, maxFps);
    let timer: NodeJS.Timeout | undefined;
    let last = 0;
    const flush = () => {
      timer = undefined;
      last = Date.now();
      setFrame((f) => f + 1);
    };
    const schedule = (urgent: boolean) => {
      if (urgent) {
        if (timer) clearTimeout(timer);
        flush();
        return;
      }
      if (timer) return;
      timer = setTimeout(flush, Math.max(0, gap - (Date.now() - last)));
    };
    const unsubscribe = store.subscribe(schedule);
    // Events that came between the render and this effect found no subscriber: draw them now.
    if (store.version !== rendered.current) schedule(true);
    // The spinner and elapsed times move ~8 times a second, through the same frame clock.
    const ticker = animate ? setInterval(() => schedule(false), 125) : undefined;
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      if (ticker) clearInterval(ticker);
    };
  }, [store, maxFps, animate]);
  return frame;
}

// One ink input listener for a whole app, handing each key to the handlers registered with useKeys.
// Why: ink's useInput subscribes in a passive effect, and a render follows its key by ~10-40 ms, so
// keys that come fast (a paste, tmux send-keys "Enter Enter") reach the old screen or none. Here keys
// queue, each goes out after the render the previous one caused, and useKeys registers in a layout
// effect, during the commit that shows the screen: no key falls between two screens.

import React, { createContext, useContext, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useInput, type Key } from 'ink';

export type KeyHandler = (input: string, key: Key) => void;

interface Entry {
  handler: { current: KeyHandler };
  active: { current: boolean };
}

interface Router {
  entries: Set<Entry>;
  /** Commits seen (a component using useKeys rendered). */
  commits: number;
  /** Called after every commit of a component using useKeys. */
  committed: () => void;
  waiters: (() => void)[];
}

const KeyRouterContext = createContext<Router | undefined>(undefined);

/** How long the next key waits for the render of the previous one when that key changed nothing. */
const COMMIT_WAIT_MS = 30;

export function KeyRouter({ children }: { children: ReactNode }) {
  const router = useRef<Router>({
    entries: new Set(),
    commits: 0,
    waiters: [],
    committed() {
      this.commits++;
      for (const w of this.waiters.splice(0)) w();
    },
  }).current;
  const queue = useRef<[string, Key][]>([]).current;
  const busy = useRef(false);

  const dispatch = (input: string, key: Key) => {
    // A snapshot: handlers mounted by this very key start with the next one, as with ink.
    for (const e of [...router.entries]) if (e.active.current && router.entries.has(e)) e.handler.current(input, key);
  };
  // Keys go one at a time, each after the render the previous one caused: a key that opens a
  // screen is followed by keys for that screen, however fast they come (a render lags ~10-40 ms).
  const pump = () => {
    const part = queue.shift();
    if (!part) {
      busy.current = false;
      return;
    }
    busy.current = true;
    const before = router.commits;
    dispatch(part[0], part[1]);
    if (router.commits !== before) {
      setImmediate(pump);
      return;
    }
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      setImmediate(pump);
    };
    const timer = setTimeout(go, COMMIT_WAIT_MS);
    router.waiters.push(go);
  };
  useInput((input, key) => {
    queue.push(...splitCoalesced(input, key));
    if (!busy.current) pump();
  });
  return <KeyRouterContext.Provider value={router}>{children}</KeyRouterContext.Provider>;
}

/** Like ink's useInput, inside a KeyRouter; active from the commit that mounts the component. */
export function useKeys(handler: KeyHandler, options: { isActive?: boolean } = {}): void {
  const router = useContext(KeyRouterContext);
  if (!router) throw new Error('useKeys needs a <KeyRouter> above it (the screens put one at their root)');
  const handlerRef = useRef(handler);
  const activeRef = useRef(options.isActive !== false);
  useLayoutEffect(() => {
    handlerRef.current = handler;
    activeRef.current = options.isActive !== false;
    router.committed();
  });
  useLayoutEffect(() => {
    const entry: Entry = { handler: handlerRef, active: activeRef };
    router.entries.add(entry);
    return () => {
      router.entries.delete(entry);
    };
  }, [router]);
}

const CONTROL: Record<string, Partial<Key> & { input?: string }> = {
  '\r': { return: true }, '\n': { return: true }, '\t': { tab: true },
  '\x7f': { backspace: true }, '\b': { backspace: true },
  '\x03': { ctrl: true, input: 'c' }, '\x15': { ctrl: true, input: 'u' },
};

/**
 * ink hands over one read as one input: "\r\r" (two Enters sent fast, as tmux send-keys may) is not
 * a return key. Splits such input into its keys: control characters one by one, text runs whole.
 */
export function splitCoalesced(input: string, key: Key): [string, Key][] {
  if (input.length < 2 || !/[\r\n\t\x7f\b\x03\x15]/.test(input)) return [[input, key]];
  const plain: Key = { ...key, return: false, tab: false, backspace: false, delete: false, ctrl: false, meta: false, shift: false, escape: false };
  const parts: [string, Key][] = [];
  let text = '';
  for (const ch of input) {
    const control = CONTROL[ch];
    if (!control) {
      text += ch;
      continue;
    }
    if (text) parts.push([text, plain]);
    text = '';
    const { input: name, ...flags } = control;
    parts.push([name ?? '', { ...plain, ...flags }]);
  }
  if (text) parts.push([text, plain]);
  return parts;
}

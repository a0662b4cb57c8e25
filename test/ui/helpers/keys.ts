// Keys and waits for driving ink screens through ink-testing-library.

export const KEY = {
  enter: '\r',
  escape: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  left: '\u001B[D',
  right: '\u001B[C',
  tab: '\t',
  space: ' ',
  backspace: '\u007F',
  ctrlC: '\u0003',
  ctrlU: '\u0015',
} as const;

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lets ink process the input and commit the next frame (escape is flushed on setImmediate). */
export const settle = () => delay(30);

// eslint-disable-next-line no-control-regex
export const stripAnsi = (text: string | undefined) => (text ?? '').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

/** Writes each key and waits for the frame after it. */
export async function press(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    stdin.write(key);
    await settle();
  }
}

/** Waits until `predicate(lastFrame)` holds (or throws with the frame after `timeoutMs`). */
export async function waitForFrame(lastFrame: () => string | undefined, predicate: (frame: string) => boolean, timeoutMs = 2000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const frame = stripAnsi(lastFrame());
    if (predicate(frame)) return frame;
    if (Date.now() > until) throw new Error(`frame never matched; last frame:\n${frame}`);
    await delay(10);
  }
}

/** Waits until `read()` gives something other than undefined (a result set by a key's handler). */
export async function eventually<T>(read: () => T | undefined, timeoutMs = 2000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('no result in time');
    await delay(10);
  }
}

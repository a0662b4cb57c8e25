// Fake terminal streams for the public functions (ink's own tests use the same kind of spy).

import { EventEmitter } from 'node:events';

export class FakeStdout extends EventEmitter {
  columns = 80;
  rows = 24;
  isTTY = true;
  readonly writes: string[] = [];
  write = (chunk: string) => {
    this.writes.push(chunk);
    return true;
  };
  get text(): string {
    // eslint-disable-next-line no-control-regex
    return this.writes.join('').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  }
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  readonly rawModes: boolean[] = [];
  #queue: string[] = [];
  setRawMode(mode: boolean) {
    this.rawModes.push(mode);
  }
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read(): string | null {
    return this.#queue.shift() ?? null;
  }
  write(data: string) {
    this.#queue.push(data);
    this.emit('readable');
  }
}

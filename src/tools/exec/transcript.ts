// The transcript: every command, its output, exit code and duration, appended to one log file, masked.

import fs from 'node:fs';
import path from 'node:path';
import type { Masker } from './mask.js';

export interface TranscriptSink {
  write(line: string): void;
  readonly path: string | undefined;
}

/** File name for a new transcript: sortable, no characters that need quoting. */
export function transcriptFileName(now: Date = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}.log`;
}

export class Transcript implements TranscriptSink {
  readonly path: string;
  readonly #fd: number;
  readonly #masker: Masker;
  #closed = false;

  /** Opens `<logsDir>/<timestamp>.log` for appending (mode 0600: it may hold hostnames and paths). */
  constructor(logsDir: string, masker: Masker, now: Date = new Date()) {
    fs.mkdirSync(logsDir, { recursive: true, mode: 0o700 });
    this.path = path.join(logsDir, transcriptFileName(now));
    this.#fd = fs.openSync(this.path, 'a', 0o600);
    this.#masker = masker;
  }

  write(line: string): void {
    // A child still printing after its run ended (a poller being torn down) has nobody to tell.
    if (this.#closed) return;
    // Synchronous on purpose: a crash right after a command must still leave its record.
    fs.writeSync(this.#fd, this.#masker.mask(line) + '\n');
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      fs.closeSync(this.#fd);
    } catch {
      /* already closed */
    }
  }
}

/** A transcript that keeps lines in memory (tests, dry-run). */
export class MemoryTranscript implements TranscriptSink {
  readonly path = undefined;
  readonly lines: string[] = [];
  constructor(private readonly masker?: Masker) {}
  write(line: string): void {
    this.lines.push(this.masker ? this.masker.mask(line) : line);
  }
}

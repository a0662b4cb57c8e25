// The one place that starts processes: argv arrays only, lines streamed, masked, transcribed, cancellable.

import path from 'node:path';
import { Masker } from './mask.js';
import { formatCommand } from './quote.js';
import { CommandNotFoundError, ToolError } from './error.js';
import type { TranscriptSink } from './transcript.js';
import type { Exec, ExecOptions, ExecResult, Stream } from './types.js';

export type { Exec, ExecOptions, ExecResult, Stream } from './types.js';
export { ToolError, CommandNotFoundError, stderrTail } from './error.js';
export { Masker, MASK } from './mask.js';
export { Transcript, MemoryTranscript, transcriptFileName, type TranscriptSink } from './transcript.js';
export { formatCommand, quoteArg } from './quote.js';

/** 'off' runs everything; 'mutating' records mutating commands and runs read-only ones; 'all' runs nothing. */
export type DryRunMode = 'off' | 'mutating' | 'all';

export interface CreateExecOptions {
  /** Where every command and its output is recorded (masked). @default none */
  transcript?: TranscriptSink;
  /** @default 'off' */
  dryRun?: DryRunMode;
  /** Shared secret registry. @default a new, empty one */
  masker?: Masker;
  /** Directories put in front of PATH (the sim's stand-ins live in one). @default [] */
  pathPrepend?: string[];
  /** Base environment for every child. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Called with every command line before it starts (or is recorded in dry-run). */
  onCommand?: (command: string, options: ExecOptions) => void;
  /** Receives every output line of every command (masked), e.g. to show it under the running step. */
  onLine?: (line: string, stream: Stream, command: string, options: ExecOptions) => void;
  /** Output kept in a result per stream; the lines past it still stream and reach the transcript. @default 16 MiB */
  maxCaptureBytes?: number;
  /** Grace period between SIGTERM and SIGKILL when a child is cancelled or times out. @default 3000 */
  killGraceMs?: number;
}

/** Output kept per stream, so a runaway child cannot exhaust memory; lines still stream in full. */
const MAX_CAPTURE_BYTES = 16 * 1024 * 1024;

class LineSplitter {
  #rest = '';
  constructor(private readonly emit: (lines: string[]) => void) {}
  push(chunk: string): void {
    const text = this.#rest + chunk;
    const parts = text.split('\n');
    this.#rest = parts.pop() ?? '';
    if (parts.length > 0) this.emit(parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)));
  }
  end(): void {
    if (this.#rest !== '') this.emit([this.#rest]);
    this.#rest = '';
  }
}

class Capture {
  // One string per chunk of lines, not one per line: 200,000 short lines would otherwise be
  // 200,000 small heap objects.
  #chunks: string[] = [];
  #bytes = 0;
  #truncated = false;
  constructor(private readonly limit: number) {}
  add(lines: string[]): void {
    if (this.#truncated || lines.length === 0) return;
    const text = lines.join('\n');
    this.#bytes += text.length + 1;
    if (this.#bytes > this.limit) {
      this.#truncated = true;
      this.#chunks.push('[… output truncated, see the transcript …]');
      return;
    }
    this.#chunks.push(text);
  }
  text(): string {
    return this.#chunks.join('\n');
  }
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    // The child leads its own process group (detached), so -pid reaches its children too.
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

export function createExec(options: CreateExecOptions = {}): Exec {
  const masker = options.masker ?? new Masker();
  const dryRun = options.dryRun ?? 'off';
  const killGraceMs = options.killGraceMs ?? 3000;
  const recorded: ExecResult[] = [];
  const baseEnv = { ...(options.env ?? process.env) };
  if (options.pathPrepend && options.pathPrepend.length > 0) {
    baseEnv.PATH = [...options.pathPrepend, baseEnv.PATH ?? ''].join(path.delimiter);
  }

  const transcribe = (line: string) => options.transcript?.write(line);

  async function run(file: string, args: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const extra = opts.secrets ?? [];
    for (const s of extra) masker.add(s);
    const mask = (text: string) => masker.mask(text, extra);
    const argv = [file, ...args].map(mask);
    const command = mask(formatCommand(file, args));
    const cwd = opts.cwd ?? process.cwd();
    options.onCommand?.(command, opts);

    const skip = dryRun === 'all' || (dryRun === 'mutating' && opts.mutating === true);
    if (skip) {
      const result: ExecResult = {
        command, argv, cwd, exitCode: 0, signal: undefined, durationMs: 0, stdout: '', stderr: '',
        timedOut: false, isCanceled: false, dryRun: true, failed: false,
      };
      recorded.push(result);
      transcribe(`[dry-run] $ ${command}`);
      return result;
    }

    // execa is loaded by the first command that runs, not with the CLI: its modules cost every start
    // (the wizard's first screen) ~15 ms. Before the abort check, so no signal can slip in between.
    const { execa } = await import('execa');
    if (opts.signal?.aborted) {
      const result: ExecResult = {
        command, argv, cwd, exitCode: undefined, signal: undefined, durationMs: 0, stdout: '', stderr: '',
        timedOut: false, isCanceled: true, dryRun: false, failed: true,
      };
      transcribe(`$ ${command}\n= not started: interrupted`);
      throw new ToolError(result);
    }

    transcribe(`$ ${command}${opts.cwd ? `   (in ${opts.cwd})` : ''}   [${new Date().toISOString()}]`);
    const started = performance.now();
    const env: NodeJS.ProcessEnv = { ...baseEnv };
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }

    const child = execa(file, [...args], {
      cwd,
      env,
      extendEnv: false,
      input: opts.input,
      stdin: opts.input === undefined ? 'ignore' : undefined,
      reject: false,
      buffer: false,
      detached: true,
      cleanup: true,
      stripFinalNewline: false,
      encoding: 'utf8',
    });

    const limit = options.maxCaptureBytes ?? MAX_CAPTURE_BYTES;
    const captures: Record<Stream, Capture> = { stdout: new Capture(limit), stderr: new Capture(limit) };
    const wire = (stream: Stream) => {
      const splitter = new LineSplitter((lines) => {
        const masked = lines.map(mask);
        captures[stream].add(masked);
        transcribe(masked.map((l) => (stream === 'stdout' ? `  | ${l}` : `  ! ${l}`)).join('\n'));
        if (opts.onLine) for (const l of masked) opts.onLine(l, stream);
        if (options.onLine && !opts.quiet) for (const l of masked) options.onLine(l, stream, command, opts);
      });
      const source = child[stream];
      if (!source) return Promise.resolve();
      source.setEncoding('utf8');
      source.on('data', (chunk: string) => splitter.push(chunk));
      return new Promise<void>((resolve) => source.on('close', () => { splitter.end(); resolve(); }));
    };
    const drained = Promise.all([wire('stdout'), wire('stderr')]);

    let timedOut = false;
    let isCanceled = false;
    let forceTimer: NodeJS.Timeout | undefined;
    const terminate = () => {
      killGroup(child.pid, 'SIGTERM');
      forceTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), killGraceMs);
      forceTimer.unref();
    };
    const onAbort = () => {
      isCanceled = true;
      terminate();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timeoutTimer = opts.timeoutMs !== undefined
      ? setTimeout(() => { timedOut = true; terminate(); }, opts.timeoutMs)
      : undefined;

    const outcome = await child;
    await drained;
    if (timeoutTimer) clearTimeout(timeoutTimer);
    if (forceTimer) clearTimeout(forceTimer);
    opts.signal?.removeEventListener('abort', onAbort);

    const durationMs = Math.round(performance.now() - started);
    const notFound = (outcome as { code?: string }).code === 'ENOENT';
    const exitCode = outcome.exitCode;
    const signal = outcome.signal ?? undefined;
    const failed = isCanceled || timedOut || notFound || exitCode !== 0;
    const result: ExecResult = {
      command, argv, cwd, exitCode, signal, durationMs,
      stdout: captures.stdout.text(), stderr: captures.stderr.text(),
      timedOut, isCanceled, dryRun: false, failed,
    };
    const how = isCanceled ? 'interrupted' : timedOut ? 'timed out' : notFound ? 'not found' : signal ? `killed by ${signal}` : `exit ${exitCode}`;
    transcribe(`= ${how} in ${durationMs} ms`);

    if (notFound) throw new CommandNotFoundError(result, file);
    if (failed && (isCanceled || timedOut || !opts.allowFailure)) throw new ToolError(result);
    return result;
  }

  return {
    run,
    addSecret: (s) => masker.add(s),
    mask: (t) => masker.mask(t),
    get recorded() {
      return recorded;
    },
  };
}

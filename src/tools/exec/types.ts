// The shapes every process call shares: options in, one result (or one ToolError) out.

export type Stream = 'stdout' | 'stderr';

export interface ExecOptions {
  /** Working directory of the child. @default process.cwd() */
  cwd?: string;
  /** Variables added over the exec's base environment (undefined removes one). */
  env?: Record<string, string | undefined>;
  /** Text written to the child's stdin, then closed. @default no stdin */
  input?: string;
  /** Kill the child (whole process group) after this many ms and fail with timedOut. @default none */
  timeoutMs?: number;
  /** Aborting it kills the child's process group; the call fails with isCanceled. */
  signal?: AbortSignal;
  /** Receives every output line (masked) as it arrives. */
  onLine?: (line: string, stream: Stream) => void;
  /** True for commands that change something. In dry-run 'mutating' mode only these are skipped. @default false */
  mutating?: boolean;
  /** Return a failed result instead of throwing ToolError on a non-zero exit. @default false */
  allowFailure?: boolean;
  /** Extra strings to mask for this call only (in addition to the registry). */
  secrets?: string[];
  /**
   * The output is for the caller to judge, not for people: the exec's own line listener (the
   * screen) is not given it. The transcript still records it. @default false
   */
  quiet?: boolean;
}

export interface ExecResult {
  /** The command line as shown to people: masked, arguments quoted where needed. */
  command: string;
  /** The argv, masked. */
  argv: string[];
  cwd: string;
  exitCode: number | undefined;
  signal: string | undefined;
  durationMs: number;
  /** Captured output, masked. */
  stdout: string;
  stderr: string;
  timedOut: boolean;
  isCanceled: boolean;
  /** True when dry-run recorded the command instead of running it. */
  dryRun: boolean;
  failed: boolean;
}

export interface Exec {
  /** Runs `file` with `args` (never through a shell). */
  run(file: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Registers a secret: from now on it is masked in every result, line and transcript entry. */
  addSecret(secret: string): void;
  /** Masks every registered secret in `text`. */
  mask(text: string): string;
  /** Commands recorded in dry-run. */
  readonly recorded: readonly ExecResult[];
}

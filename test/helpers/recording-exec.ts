// An Exec that runs nothing: it records each call and answers with what `answer` gives (default: exit 0,
// no output). Like the real one, a non-zero exit throws ToolError unless the call allows failure.
import { ToolError, type Exec, type ExecOptions, type ExecResult } from '../../src/tools/exec/index.js';

export interface RecordedCall {
  file: string;
  args: string[];
  options: ExecOptions;
}

export function recorder(answer: (file: string, args: readonly string[]) => Partial<ExecResult> = () => ({})): { exec: Exec; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const exec: Exec = {
    async run(file, args, options = {}) {
      calls.push({ file, args: [...args], options });
      const a = answer(file, args);
      const failed = (a.exitCode ?? 0) !== 0;
      const r: ExecResult = { command: [file, ...args].join(' '), argv: [file, ...args], cwd: '.', exitCode: 0, signal: undefined, durationMs: 1, stdout: '', stderr: '', timedOut: false, isCanceled: false, dryRun: false, failed, ...a };
      if (failed && !options.allowFailure) throw new ToolError(r);
      return r;
    },
    addSecret() {},
    mask: (t) => t,
    recorded: [],
  };
  return { exec, calls };
}

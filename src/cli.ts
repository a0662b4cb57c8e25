// The command line: reads argv (the only place that does), picks the command, maps errors to exit codes.
// Keep the imports here light: --help and --version must start without loading ink or react.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { COMMAND_HELP, MAIN_HELP } from './help.js';
import { versionText } from './version.js';
import { launcherHost } from './host.js';
import { mapStack, whereInSource } from './stack-map.js';
import { isProcessEntry } from './is-entry.js';
import { UsageError, exitCodeOf } from './engine/errors.js';
import { letGoOfLostTerminal, rememberTerminal } from './app/hangup.js';

export const COMMANDS = ['bootstrap', 'install', 'plan', 'status', 'uninstall', 'sim'] as const;
export type CommandName = (typeof COMMANDS)[number];

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = {
  workspace: { type: 'string', short: 'w' },
  plain: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const BOOTSTRAP: Options = {
  ...COMMON,
  target: { type: 'string' },
  config: { type: 'string', short: 'f' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  only: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  concurrency: { type: 'string' },
};

export const COMMAND_OPTIONS: Record<CommandName, Options> = {
  bootstrap: BOOTSTRAP,
  plan: BOOTSTRAP,
  install: {
    ...COMMON,
    affix: { type: 'string', short: 'a' },
    experiment: { type: 'string', short: 'e' },
    enable: { type: 'string', short: 'c' },
    disable: { type: 'string', short: 'd' },
    template: { type: 'boolean', short: 't' },
    reinstall: { type: 'boolean' },
    'refresh-secrets': { type: 'boolean' },
    'keep-data': { type: 'boolean' },
    'delete-data': { type: 'boolean' },
    namespace: { type: 'string', short: 'n' },
    timeout: { type: 'string' },
    kubeconfig: { type: 'string' },
    context: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
  },
  status: { ...COMMON, json: { type: 'boolean' }, check: { type: 'boolean' } },
  uninstall: { ...COMMON, enable: { type: 'string', short: 'c' }, 'delete-data': { type: 'boolean' }, yes: { type: 'boolean', short: 'y' }, kubeconfig: { type: 'string' }, context: { type: 'string' }, namespace: { type: 'string', short: 'n' } },
  sim: COMMON,
};

export interface ParsedCommand {
  command: CommandName;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses argv (without node and script). Throws UsageError naming the bad option. */
export function parseCommandLine(argv: readonly string[]): ParsedCommand | { help: string } | { version: true } {
  const first = argv[0];
  if (first === '--version' || first === '-v') return { version: true };
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    if (first === 'help' && argv[1] && argv[1] in COMMAND_HELP) return { help: COMMAND_HELP[argv[1]]! };
    if (first !== undefined) return { help: MAIN_HELP };
  }
  let command: CommandName = 'bootstrap';
  let rest = argv;
  if (first !== undefined && !first.startsWith('-')) {
    if (!(COMMANDS as readonly string[]).includes(first)) {
      throw new UsageError(`unknown command "${first}"; commands: ${COMMANDS.join(', ')}`, 'Run panda-k8s --help.');
    }
    command = first as CommandName;
    rest = argv.slice(1);
  }
  if (command === 'sim') return parseSimLine(rest);
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: COMMAND_OPTIONS[command], strict: true, allowPositionals: true });
  } catch (error) {
    const message = (error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '').replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`${command}: ${message}`, `Run panda-k8s ${command} --help.`);
  }
  if (parsed.values.help) return { help: COMMAND_HELP[command]! };
  if (parsed.positionals.length > 0) {
    throw new UsageError(`${command}: unexpected argument "${parsed.positionals[0]}"`, `Run panda-k8s ${command} --help.`);
  }
  return { command, values: parsed.values as ParsedCommand['values'], positionals: parsed.positionals };
}

/** `sim` passes its own sub-commands and flags through; only -w/--workspace and -h are ours. */
function parseSimLine(rest: readonly string[]): ParsedCommand | { help: string } {
  const values: ParsedCommand['values'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '-w' || a === '--workspace') {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`sim: ${a} needs a folder`);
      values.workspace = v;
    } else if (a.startsWith('--workspace=')) values.workspace = a.slice('--workspace='.length);
    else if ((a === '-h' || a === '--help') && positionals.length === 0) return { help: COMMAND_HELP.sim! };
    else positionals.push(a);
  }
  return { command: 'sim', values, positionals };
}

function printError(error: unknown): void {
  const e = error as { message?: string; hint?: string; nextSteps?: string[]; name?: string };
  const lines = [`error: ${e.message ?? String(error)}`];
  if (e.hint) lines.push(`  ${e.hint}`);
  for (const step of e.nextSteps ?? []) lines.push(`  → ${step}`);
  if (e.name === 'BugError' || !(error instanceof Error) || !('exitCode' in error)) {
    if (e.name !== 'ToolError' && e.name !== 'CommandNotFoundError') {
      // From the bundle the frames are mapped back to src/ lines (the bundle carries its source map).
      const stack = error instanceof Error && error.stack ? mapStack(error.stack) : undefined;
      const where = stack ? whereInSource(stack) : undefined;
      lines.push(`  This looks like a bug in panda-k8s ${versionText()}${where ? `, at ${where}` : ''}: please report it with the transcript from <workspace>/.panda-k8s/logs/${process.env.PANDA_K8S_DEBUG ? '' : ' (PANDA_K8S_DEBUG=1 prints the whole stack trace)'}.`);
      if (process.env.PANDA_K8S_DEBUG && stack) lines.push(stack);
    }
  }
  process.stderr.write(lines.join('\n') + '\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  // The hidden entry of the simulated cloud's stand-ins (see src/sim/install.ts).
  if (argv[0] === '__sim-tool') {
    // run.js, not bin.js: bin.js runs itself when it is the process entry, which the bundle always is.
    const { simToolMain } = await import('./sim/run.js');
    return simToolMain(argv[1] ?? '', argv.slice(2), {
      stdout: (text) => void process.stdout.write(text),
      stderr: (text) => void process.stderr.write(text),
      env: process.env,
      cwd: process.cwd(),
    });
  }
  let parsed;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    printError(error);
    return exitCodeOf(error);
  }
  if ('version' in parsed) {
    process.stdout.write(`panda-k8s ${versionText()}\n`);
    return 0;
  }
  if ('help' in parsed) {
    process.stdout.write(parsed.help + '\n');
    return 0;
  }
  try {
    const { runCommand } = await import('./commands/index.js');
    return await runCommand(parsed);
  } catch (error) {
    printError(error);
    return exitCodeOf(error);
  }
}

/**
 * A terminal that went away (a lost SSH session: writes fail with EIO) or a reader that quit
 * (`| cat` stopped by Ctrl-C: EPIPE) must not crash the process mid-step: the crash left the helm and
 * kubectl children (each in its own process group) running as orphans, the journal saying `running`
 * and the lock behind. Without output, the run goes on to the signal that comes with it (SIGHUP,
 * SIGINT), which stops the children and records the interruption, or to its end.
 */
function surviveLostOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EIO' || error.code === 'EPIPE') return;
      throw error;
    });
  }
}

/** Runs the CLI and sets the exit code (the bundle's launcher calls this). */
export async function run(argv: readonly string[]): Promise<void> {
  rememberTerminal(); // before anything can lose it
  surviveLostOutput();
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    printError(error);
    process.exitCode = 1;
  }
  letGoOfLostTerminal();
}

// From the bundle the launcher calls run(); its modules all take the bundle's path, so they look like the entry.
if (!launcherHost() && isProcessEntry(import.meta.url)) void run(process.argv.slice(2));

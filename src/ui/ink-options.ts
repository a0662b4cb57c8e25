// ink render options for the public functions: Ctrl-C handled by the screens, streams only when given
// (ink spreads options over its defaults, so an explicit undefined would erase process.stdout).

import type { RenderOptions } from 'ink';

export function inkOptions(streams: { stdout?: NodeJS.WriteStream; stdin?: NodeJS.ReadStream }, maxFps = 30): RenderOptions {
  const options: RenderOptions = { exitOnCtrlC: false, maxFps };
  if (streams.stdout) options.stdout = streams.stdout;
  if (streams.stdin) options.stdin = streams.stdin;
  return options;
}

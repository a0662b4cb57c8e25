// Colours by role, or none at all when NO_COLOR is set (https://no-color.org) or TERM is dumb.

export interface Theme {
  ok: string | undefined;
  running: string | undefined;
  warn: string | undefined;
  error: string | undefined;
  muted: string | undefined;
  accent: string | undefined;
  /** The rehearsal banner's background. */
  rehearsal: string | undefined;
}

const COLOURS: Theme = { ok: 'green', running: 'cyan', warn: 'yellow', error: 'red', muted: 'gray', accent: 'blue', rehearsal: 'magenta' };
const PLAIN: Theme = { ok: undefined, running: undefined, warn: undefined, error: undefined, muted: undefined, accent: undefined, rehearsal: undefined };

export function colorsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return env.TERM !== 'dumb';
}

export function themeFor(env: NodeJS.ProcessEnv = process.env): Theme {
  return colorsEnabled(env) ? COLOURS : PLAIN;
}

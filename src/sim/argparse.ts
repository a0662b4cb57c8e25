// A small model of Python's argparse as the openstack client uses it: options with values,
// flags, repeatable options, positionals, and its usage errors (exit 2).

export type OptKind = 'value' | 'flag' | 'multi';

export interface ArgSpec {
  /** Words after `openstack`, e.g. `coe cluster create`. */
  prog: string;
  /** Option name (long or short) → kind; aliases map to one canonical name via `alias`. */
  opts: Record<string, OptKind>;
  alias?: Record<string, string>;
  positionals: string[];
  /** Last positional takes one or more values. */
  variadic?: boolean;
  required?: string[];
  ints?: string[];
  /** Exact usage text (as the real client prints it), else one is generated. */
  usage?: string;
}

export interface Parsed {
  opts: Map<string, string | true | string[]>;
  pos: string[];
}

export const SHOW_FORMAT_OPTS: Record<string, OptKind> = {
  '-f': 'value', '-c': 'multi', '--noindent': 'flag', '--max-width': 'value', '--fit-width': 'flag',
  '--print-empty': 'flag', '--prefix': 'value',
};
export const LIST_FORMAT_OPTS: Record<string, OptKind> = {
  ...SHOW_FORMAT_OPTS, '--quote': 'value', '--sort-column': 'multi', '--sort-ascending': 'flag', '--sort-descending': 'flag',
};
export const FORMAT_ALIAS: Record<string, string> = { '--format': '-f', '--column': '-c' };

function usageOf(spec: ArgSpec): string {
  if (spec.usage) return spec.usage;
  const opts = Object.entries(spec.opts)
    .map(([name, kind]) => (kind === 'flag' ? `[${name}]` : `[${name} <${name.replace(/^-+/, '')}>]`))
    .join(' ');
  const pos = spec.positionals.map((p, i) => (spec.variadic && i === spec.positionals.length - 1 ? `<${p}> [<${p}> ...]` : `<${p}>`)).join(' ');
  return `usage: openstack ${spec.prog} [-h] ${opts} ${pos}`.replace(/\s+$/, '');
}

export function usageError(spec: ArgSpec, message: string): string {
  return `${usageOf(spec)}\nopenstack ${spec.prog}: error: ${message}\n`;
}

/** Parses argv per spec; a string result is the usage error text (print on stderr, exit 2). */
export function parseArgs(spec: ArgSpec, argv: string[]): Parsed | string {
  const opts = new Map<string, string | true | string[]>();
  const pos: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) {
      inline = arg.slice(arg.indexOf('=') + 1);
      arg = arg.slice(0, arg.indexOf('='));
    }
    const name = spec.alias?.[arg] ?? arg;
    const kind = spec.opts[name];
    if (arg.startsWith('-') && arg !== '-' && !/^-\d/.test(arg)) {
      if (!kind) {
        // argparse reports an unknown option together with the value after it.
        unknown.push(argv[i]!);
        if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) unknown.push(argv[++i]!);
        continue;
      }
      if (kind === 'flag') {
        opts.set(name, true);
        continue;
      }
      const value = inline ?? argv[++i];
      if (value === undefined) return usageError(spec, `argument ${arg}: expected one argument`);
      if (spec.ints?.includes(name) && !/^-?\d+$/.test(value)) return usageError(spec, `argument ${arg}: invalid int value: '${value}'`);
      if (kind === 'multi') opts.set(name, [...((opts.get(name) as string[] | undefined) ?? []), value]);
      else opts.set(name, value);
    } else if (pos.length < spec.positionals.length || spec.variadic) pos.push(arg);
    else unknown.push(arg);
  }
  const missing = [...(spec.required ?? []).filter((r) => !opts.has(r)), ...spec.positionals.slice(pos.length)];
  if (missing.length > 0) return usageError(spec, `the following arguments are required: ${missing.join(', ')}`);
  if (unknown.length > 0) return usageError(spec, `unrecognized arguments: ${unknown.join(' ')}`);
  return { opts, pos };
}

export function optString(p: Parsed, name: string): string | undefined {
  const v = p.opts.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function optList(p: Parsed, name: string): string[] {
  const v = p.opts.get(name);
  return Array.isArray(v) ? v : [];
}

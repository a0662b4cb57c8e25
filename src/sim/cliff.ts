// python-openstackclient's output formatters (cliff 4.0): json, value, shell, table and yaml,
// with Python reprs where the real client prints them and -c columns kept in the command's order.

import YAML from 'yaml';

export type Row = Record<string, unknown>;
export type Format = 'json' | 'value' | 'shell' | 'table' | 'yaml';
export const FORMATS: readonly Format[] = ['json', 'shell', 'table', 'value', 'yaml'];

export interface FormatOptions {
  format: Format;
  columns: string[];
  noindent: boolean;
}

/** Python's repr() of a JSON-like value, as `-f value` and tables print lists and dicts. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
    const body = v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
    return `${quote}${body}${quote}`;
  }
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v as Row).map(([k, val]) => `${pyRepr(k)}: ${pyRepr(val)}`).join(', ')}}`;
}

/** str() of a value: strings as they are, everything else as its repr. */
function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/** Keeps the requested columns in the row's own order; undefined when none is recognised. */
export function selectColumns(all: string[], wanted: string[]): string[] | undefined {
  if (wanted.length === 0) return all;
  const picked = all.filter((c) => wanted.includes(c));
  return picked.length > 0 ? picked : undefined;
}

function pad(text: string, width: number, right: boolean): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function table(headers: string[], rows: unknown[][]): string {
  const cells = rows.map((r) => r.map(pyStr));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (vals: string[], numeric: boolean[]) => `| ${vals.map((v, i) => pad(v, widths[i]!, numeric[i]!)).join(' | ')} |`;
  const out = [rule, line(headers, headers.map(() => false)), rule];
  for (let r = 0; r < rows.length; r++) out.push(line(cells[r]!, rows[r]!.map((v) => typeof v === 'number')));
  if (rows.length > 0) out.push(rule);
  return `${out.join('\n')}\n`;
}

function shellName(col: string): string {
  return col.replace(/[^A-Za-z0-9_]/g, '_');
}

/** A ShowOne command's output. `display` overrides how a table shows a field (osc-lib formatters). */
export function formatOne(row: Row, opts: FormatOptions, display: Record<string, (v: unknown) => string> = {}): string {
  const cols = selectColumns(Object.keys(row), opts.columns)!;
  switch (opts.format) {
    case 'json':
      return `${JSON.stringify(Object.fromEntries(cols.map((c) => [c, row[c]])), null, opts.noindent ? undefined : 2)}\n`;
    case 'yaml':
      return YAML.stringify(Object.fromEntries(cols.map((c) => [c, row[c]])));
    case 'value':
      return cols.map((c) => `${pyStr(row[c])}\n`).join('');
    case 'shell':
      return cols.map((c) => `${shellName(c)}="${pyStr(row[c]).replace(/"/g, '\\"')}"\n`).join('');
    case 'table':
      return table(['Field', 'Value'], cols.map((c) => [c, display[c] ? display[c](row[c]) : pyStr(row[c])]));
  }
}

/** A Lister command's output. */
export function formatList(columns: string[], rows: Row[], opts: FormatOptions, display: Record<string, (v: unknown) => string> = {}): string {
  const cols = selectColumns(columns, opts.columns)!;
  switch (opts.format) {
    case 'json':
      return `${JSON.stringify(rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c]]))), null, opts.noindent ? undefined : 2)}\n`;
    case 'yaml':
      return rows.length === 0 ? '[]\n' : YAML.stringify(rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c]]))));
    case 'value':
      return rows.map((r) => `${cols.map((c) => pyStr(r[c])).join(' ')}\n`).join('');
    case 'shell':
      return rows.map((r) => cols.map((c) => `${shellName(c)}="${pyStr(r[c]).replace(/"/g, '\\"')}"\n`).join('')).join('');
    case 'table':
      return rows.length === 0 ? '' : table(cols, rows.map((r) => cols.map((c) => (display[c] ? display[c](r[c]) : r[c]))));
  }
}

// Parses a tool's JSON output, with an error that names the command and shows the start of the text.

export class ParseError extends Error {
  constructor(what: string, detail: string, text: string, options?: { cause?: unknown }) {
    super(`${what}: ${detail}; output starts: ${JSON.stringify(text.slice(0, 160))}`, options);
    this.name = 'ParseError';
  }
}

export function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new ParseError(what, `the output is not JSON (${(err as Error).message})`, text, { cause: err });
  }
}

export function expectArray(value: unknown, what: string, text: string): unknown[] {
  if (!Array.isArray(value)) throw new ParseError(what, 'expected a JSON array', text);
  return value;
}

export function expectObject(value: unknown, what: string, text: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ParseError(what, 'expected a JSON object', text);
  return value as Record<string, unknown>;
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
export const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
export const strMap = (v: unknown): Record<string, string> =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, str(x)])) : {};

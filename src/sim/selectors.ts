// Label and field selectors as kubectl takes them (`-l a=b,c!=d,e in (x,y),!f`, `--field-selector x.y=z`).

type Requirement = (get: (key: string) => string | undefined) => boolean;

function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Compiles a selector; returns an error message for a malformed one. */
export function compileSelector(text: string): Requirement[] | string {
  const reqs: Requirement[] = [];
  for (const part of splitTop(text)) {
    let m: RegExpExecArray | null;
    if ((m = /^([^=!\s]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part))) {
      const [, key, op, list] = m as unknown as [string, string, string, string];
      const values = list.split(',').map((v) => v.trim());
      reqs.push((get) => (op === 'in' ? values.includes(get(key) ?? '\0') : !values.includes(get(key) ?? '\0')));
    } else if ((m = /^([^=!\s]+)\s*(==|=|!=)\s*([^=!\s]*)$/.exec(part))) {
      const [, key, op, value] = m as unknown as [string, string, string, string];
      reqs.push((get) => (op === '!=' ? get(key) !== value : get(key) === value));
    } else if ((m = /^!([^=!\s]+)$/.exec(part))) {
      const key = m[1]!;
      reqs.push((get) => get(key) === undefined);
    } else if ((m = /^([^=!\s()]+)$/.exec(part))) {
      const key = m[1]!;
      reqs.push((get) => get(key) !== undefined);
    } else return `unable to parse requirement: ${part}`;
  }
  return reqs;
}

export function matches(reqs: Requirement[], get: (key: string) => string | undefined): boolean {
  return reqs.every((r) => r(get));
}

/** Reads a dotted path (`involvedObject.name`, `status.phase`) from an object, as a string. */
export function fieldGetter(obj: Record<string, unknown>): (key: string) => string | undefined {
  return (key) => {
    let cur: unknown = obj;
    for (const k of key.split('.')) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[k];
    }
    return cur === undefined || cur === null ? undefined : String(cur);
  };
}

// The bundle's large parts (the CLI, its source map, the project files) ride at its end as comments,
// `/*pk8s:<name>:<base64>*/`, read from the file only when needed: V8 skips a comment far faster than it
// scans a string literal, and most starts need none of them (the CLI comes from the cache).

import fs from 'node:fs';

let text: string | undefined;

/** The base64 payload `name` of the bundle file (read once per process). */
export function readPayload(bundle: string, name: string): string {
  text ??= fs.readFileSync(bundle, 'latin1');
  const marker = `\n/*pk8s:${name}:`;
  const start = text.lastIndexOf(marker);
  const end = start < 0 ? -1 : text.indexOf('*/', start + marker.length);
  if (end < 0) throw new Error(`${bundle} has no ${name}: it is damaged or cut short; copy it again and check it with sha256sum -c`);
  return text.slice(start + marker.length, end);
}

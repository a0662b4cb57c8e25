// resolveAffix: -a, else the top-level `affix:` of the filled secret values, else of secrets/values.yaml, else test-.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { resolveAffix } from '../../src/commands/install.js';
import { ROOT, tempDir } from '../helpers/process.js';

function file(text: string): string {
  const f = path.join(tempDir(), 'values.yaml');
  fs.writeFileSync(f, text);
  return f;
}

const cases: [string, string | undefined, string[], string][] = [
  ['-a wins over every file', '-dev', [file('affix: prod-\n')], '-dev'],
  ['the first file that has one', undefined, [file('other: 1\n'), file('# comment\naffix: "x-"  # the prefix\nmore: 2\n'), file('affix: y-\n')], 'x-'],
  ['unquoted', undefined, [file('affix: -blah\n')], '-blah'],
  ['an indented affix is some other key\'s, not the top-level one', undefined, [file('panda:\n  affix: nested-\n'), file('affix: top-\n')], 'top-'],
  ['an affix that is not a string is skipped', undefined, [file('affix:\n  sub: 1\n'), file('affix: z-\n')], 'z-'],
  ['a missing file is skipped', undefined, ['/nonexistent/values.yaml', file('affix: w-\n')], 'w-'],
  ['nothing anywhere: test-', undefined, [file('x: 1\n')], 'test-'],
  ['the chart\'s own values', undefined, [path.join(ROOT, 'secrets', 'values.yaml')], 'test-'],
];
for (const [name, given, files, expected] of cases) {
  test(`resolveAffix: ${name}`, () => assert.equal(resolveAffix(given, files), expected));
}

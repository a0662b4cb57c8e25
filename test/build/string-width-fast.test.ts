// scripts/build-patches.mjs string-width-fast: the bundle's string-width answers exactly what the library
// answers, for the strings it takes the short way and for every other kind.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { stringWidthFast } from '../../scripts/build-patches.mjs';
import { ROOT } from '../helpers/process.js';

type Width = (s: string, o?: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean }) => number;

const copies = {
  'string-width (ink, widest-line)': path.join(ROOT, 'node_modules/string-width/index.js'),
  'string-width (wrap-ansi)': path.join(ROOT, 'node_modules/wrap-ansi/node_modules/string-width/index.js'),
};

async function patched(file: string): Promise<Width> {
  const out = await build({ entryPoints: [file], bundle: true, write: false, format: 'esm', platform: 'node', plugins: [stringWidthFast], logLevel: 'silent' });
  const mod = (await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0]!.text).toString('base64')}`)) as { default: Width };
  return mod.default;
}

const ESC = '\u001b';
const samples = [
  '', 'plain ascii', 'panda-k8s · workspace', ' REHEARSAL — simulated cloud ', '❯ Start', '↑/↓ choose · Enter confirm',
  `${ESC}[1m${ESC}[38;5;208m❯ Start${ESC}[39m${ESC}[22m`, `${ESC}[31m→ red${ESC}[0m`, `${ESC}]8;;https://x${ESC}\\link${ESC}]8;;${ESC}\\`,
  '✅ done', '👍', '👨‍👩‍👧', '🇨🇭', 'é', 'é', '日本語', 'ｶﾀｶﾅ', '한국어', '가', '\u200b zero', 'a\u0300b', '©®™', '‼', '1️⃣', '★☆', '◽◾', '⌚',
  'tab\there', '\u00ad soft', '\ufeffbom', '━━━ ┃ ╋', '\ud800 lone',
];
// Random strings from a pool of every kind, mixed.
const pool = [...'aZ09 -_·—↑↓❯✓✗─│┌┐└┘•…«»°±×÷', 'é', '日', '✅', '👍', '\u0300', '\u200d', '\ufe0f', `${ESC}[2m`, `${ESC}[0m`, '한', 'ﾀ', '\u200b'];
let seed = 42;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
for (let i = 0; i < 3000; i++) samples.push(Array.from({ length: 1 + rand(12) }, () => pool[rand(pool.length)]).join(''));

for (const [name, file] of Object.entries(copies)) {
  test(`${name}: the bundle's string-width answers what the library answers`, async () => {
    const original = ((await import(file)) as { default: Width }).default;
    const fast = await patched(file);
    for (const options of [undefined, { ambiguousIsNarrow: false }, { countAnsiEscapeCodes: true }]) {
      for (const s of samples) assert.equal(fast(s, options), original(s, options), `${JSON.stringify(s)} ${JSON.stringify(options)}`);
    }
  });
}

// esbuild steps that let the CLI be one classic script (no top-level await), which V8 can then load from a
// code cache (see src/launcher/core.ts). Each step checks the shape it rewrites and fails the build when a
// dependency update changed it, naming the step to update.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

function fail(file, what, step) {
  throw new Error(`${file}: ${what}; update or drop the ${step} step in scripts/build-patches.mjs`);
}

/**
 * yoga-layout (ink's layout engine) awaits its wasm at the top level. Its Emscripten loader accepts an
 * `instantiateWasm` hook; one that instantiates synchronously makes the whole runtime ready before the
 * loader returns, so the module needs no await. The wasm bytes move from the loader's data: URL (which it
 * no longer reads) to an export of the same module, so they are carried once.
 */
export const yogaSync = {
  name: 'yoga-sync',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      let source = await fs.promises.readFile(args.path, 'utf8');
      const data = /H="data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/.exec(source);
      if (!data) fail(args.path, 'no embedded wasm data: URL', 'yoga-sync');
      if (!source.includes('if(h.instantiateWasm)')) fail(args.path, 'no instantiateWasm hook', 'yoga-sync');
      source = source.replace(data[0], 'H=""').replace('var _scriptDir = import.meta.url;', 'var _scriptDir = undefined;');
      return { contents: `${source}\nexport const wasmBase64 = ${JSON.stringify(data[1])};\n`, loader: 'js' };
    });
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes('const Yoga = wrapAssembly(await loadYoga());')) fail(args.path, 'the top-level await is not where it was', 'yoga-sync');
      return {
        resolveDir: path.dirname(args.path),
        loader: 'js',
        contents: `import loadYoga, { wasmBase64 } from '../binaries/yoga-wasm-base64-esm.js';
import wrapAssembly from './wrapAssembly.js';
const wasm = new WebAssembly.Module(Buffer.from(wasmBase64, 'base64'));
const lib = { instantiateWasm(imports, done) { done(new WebAssembly.Instance(wasm, imports)); return {}; } };
loadYoga(lib);
if (!lib.calledRun) throw new Error('yoga-layout did not start synchronously (scripts/build-patches.mjs yoga-sync)');
export default wrapAssembly(lib);
export * from './generated/YGEnums.js';
`,
      };
    });
  },
};

/**
 * ink's reconciler awaits two imports at the top level, both only when DEV=true (React devtools, its own
 * package.json for them). The bundle is a production build that never connects devtools: both go.
 */
export const inkWithoutDevtools = {
  name: 'ink-without-devtools',
  setup(b) {
    b.onLoad({ filter: /ink[\\/]build[\\/]reconciler\.js$/ }, async (args) => {
      let source = await fs.promises.readFile(args.path, 'utf8');
      const devtools = /if \(isDev\(\)\) \{\s*try \{\s*await import\('\.\/devtools\.js'\);[\s\S]*?\n\}\n/;
      const pkg = '? await loadPackageJson()';
      if (!devtools.test(source) || !source.includes(pkg)) fail(args.path, 'the devtools awaits are not where they were', 'ink-without-devtools');
      source = source.replace(devtools, '').replace(pkg, '? { name: undefined, version: undefined }');
      return { contents: source, loader: 'js' };
    });
  },
};

/** The code points (beyond printable ASCII) a string-width version measures as one column each, however they are combined. */
async function narrowClass(file) {
  const { default: stringWidth } = await import(pathToFileURL(file).href);
  // Where terminal interfaces draw from: Latin-1 and Latin Extended, General Punctuation, arrows, math
  // operators, box drawing, blocks, geometric shapes, dingbats. Whatever is not plain in them is left out below.
  const candidates = [[0xa0, 0x24f], [0x2010, 0x205f], [0x2190, 0x22ff], [0x2500, 0x25ff], [0x2700, 0x27bf]];
  // Alone in its grapheme cluster and never emoji (a combining mark, joiner, selector, format or control
  // character, regional indicator, emoji modifier or pictograph could make a cluster of several code points).
  const notPlain = /[\p{Grapheme_Extend}\p{Mc}\p{Cf}\p{Cc}\p{Cn}\p{Co}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Extended_Pictographic}\p{Emoji_Presentation}\p{Emoji_Component}\p{Regional_Indicator}]/u;
  const plain = [];
  for (const [from, to] of candidates) {
    for (let cp = from; cp <= to; cp++) {
      const ch = String.fromCodePoint(cp);
      if (!notPlain.test(ch) && stringWidth(ch) === 1 && stringWidth(`a${ch}a`) === 3) plain.push(cp);
    }
  }
  // Each is one grapheme: a string of all of them (between ASCII letters) is as many clusters as code points.
  const all = `a${plain.map((cp) => String.fromCodePoint(cp)).join('a')}a`;
  // …and colours (SGR escape sequences, as chalk writes them) around them count for nothing.
  const styled = `\u001b[1m\u001b[38;5;208m${all}\u001b[39m\u001b[22m\u001b[0m`;
  if ([...new Intl.Segmenter().segment(all)].length !== all.length || stringWidth(all) !== all.length || stringWidth(styled) !== all.length) {
    throw new Error(`${file}: the narrow code points do not measure one column each together; update the string-width-fast step in scripts/build-patches.mjs`);
  }
  const hex = (cp) => `\\u${cp.toString(16).padStart(4, '0')}`;
  const ranges = [];
  for (const cp of plain) {
    const last = ranges.at(-1);
    if (last && last[1] === cp - 1) last[1] = cp;
    else ranges.push([cp, cp]);
  }
  return ranges.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('');
}

/**
 * string-width (ink measures every line of text with it, wrap-ansi every word) finds grapheme clusters with
 * Intl.Segmenter and tests Unicode-property regular expressions on each: the segmenter alone costs ~8 ms to
 * create at import, and every string with a `·` or `—` in it goes the long way. A string of printable ASCII
 * and code points this build checked against that same string-width to be one column each in any
 * combination (colours around them count for nothing) is measured by its length; anything else still goes
 * the long way, and the segmenter is made when first needed.
 */
export const stringWidthFast = {
  name: 'string-width-fast',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      let source = await fs.promises.readFile(args.path, 'utf8');
      const segmenter = 'const segmenter = new Intl.Segmenter();';
      const entry = 'export default function stringWidth(';
      if (!source.includes(segmenter) || !source.includes(entry)) fail(args.path, 'the segmenter or the default export is not where it was', 'string-width-fast');
      source = source
        .replace(segmenter, 'let segmenterMade;\nconst segmenter = { segment: (text) => (segmenterMade ??= new Intl.Segmenter()).segment(text) };')
        .replace(entry, 'function stringWidthFull(');
      source += `
const narrow = /^(?:[\\u0020-\\u007e${await narrowClass(args.path)}]|\\u001b\\[[0-9;]*m)*$/;
const sgr = /\\u001b\\[[0-9;]*m/g;
export default function stringWidth(input, options = {}) {
  if (typeof input === 'string' && options.ambiguousIsNarrow !== false && !options.countAnsiEscapeCodes && narrow.test(input)) {
    return input.includes('\\u001b') ? input.replace(sgr, '').length : input.length;
  }
  return stringWidthFull(input, options);
}
`;
      return { contents: source, loader: 'js' };
    });
  },
};

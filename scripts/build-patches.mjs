// esbuild steps that let the CLI be one classic script (no top-level await), which V8 can then load from a
// code cache (see src/launcher/core.ts). Each step checks the shape it rewrites and fails the build when a
// dependency update changed it, naming the step to update.
import fs from 'node:fs';
import path from 'node:path';

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

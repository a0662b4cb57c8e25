#!/usr/bin/env node
// Bundles the CLI into one file, dist/panda-k8s.mjs, that runs with plain `node` and no node_modules.
// The file is a small launcher (src/launcher.ts) that answers --version/--help itself and carries the
// whole CLI as an embedded data: URL module, compiled only when a command needs it.
import { build } from 'esbuild';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const version = JSON.stringify(pkg.version);
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', legalComments: 'none', logLevel: 'warning' };

// yoga-layout (ink's layout engine) carries its wasm as base64. Its loader first looks for a global
// fetch() and, finding Node's, decodes that data: URL through it: on Node 20 the first touch of fetch
// loads undici, ~20 ms of every start of the wizard. Telling the loader there is no fetch makes it
// decode the same bytes synchronously. The build fails if the loader no longer has this shape.
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const probe = '"function"!=typeof fetch';
      const count = source.split(probe).length - 1;
      if (count !== 2) throw new Error(`${args.path}: expected 2 fetch probes in yoga's wasm loader, found ${count}; update or drop the yoga-without-fetch step in scripts/build.mjs`);
      return { contents: source.replaceAll(probe, 'true'), loader: 'js' };
    });
  },
};

const core = await build({
  ...common,
  entryPoints: [path.join(root, 'src/cli.ts')],
  write: false,
  minify: true,
  keepNames: true,
  // ink imports react-devtools-core only in its dev mode; a stub keeps it out of the bundle.
  alias: { 'react-devtools-core': path.join(root, 'scripts/stubs/react-devtools-core.mjs') },
  define: { 'process.env.NODE_ENV': '"production"', __PANDA_K8S_VERSION__: version },
  plugins: [yogaWithoutFetch],
  // CommonJS parts of the dependency tree call require(); a data: URL module has no file of its own,
  // so require resolves from the bundle's path, which the launcher records before loading it.
  banner: {
    js: "import { createRequire as __pk8sCreateRequire } from 'node:module';\nconst require = __pk8sCreateRequire(globalThis.__PANDA_K8S_BUNDLE__ ?? import.meta.url);",
  },
});
// Compressed: the launcher's own compile scans this literal, and a short one scans fast.
const corePacked = zlib.brotliCompressSync(core.outputFiles[0].contents, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }).toString('base64');

await build({
  ...common,
  entryPoints: [path.join(root, 'src/launcher.ts')],
  outfile: path.join(root, 'dist/panda-k8s.mjs'),
  define: { __PANDA_K8S_VERSION__: version, __PANDA_K8S_CORE__: JSON.stringify(corePacked) },
  banner: { js: '#!/usr/bin/env node' },
});
fs.chmodSync(path.join(root, 'dist/panda-k8s.mjs'), 0o755);

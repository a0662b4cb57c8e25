#!/usr/bin/env node
// Bundles the CLI into one file, dist/panda-k8s.mjs, that runs with plain `node` and no node_modules.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

await build({
  entryPoints: [path.join(root, 'src/cli.ts')],
  outfile: path.join(root, 'dist/panda-k8s.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  // ink imports react-devtools-core only in its dev mode; a stub keeps it out of the bundle.
  alias: { 'react-devtools-core': path.join(root, 'scripts/stubs/react-devtools-core.mjs') },
  define: { 'process.env.NODE_ENV': '"production"', __PANDA_K8S_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS parts of the dependency tree call require(); ESM output needs it provided.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __pk8sCreateRequire } from 'node:module';\nconst require = __pk8sCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
fs.chmodSync(path.join(root, 'dist/panda-k8s.mjs'), 0o755);

#!/usr/bin/env node
// Bundles the CLI into one file, dist/panda-k8s.mjs, that runs with plain `node` and nothing beside it, and
// writes its sha256 beside it (dist/panda-k8s.mjs.sha256, `sha256sum -c` format).
//
// The file is a small launcher (src/launcher.ts) that answers --version/--help itself and carries, compressed:
// the whole CLI as one classic script (loaded through V8's code cache, see src/launcher/core.ts), its source
// map (for stack traces in bug reports), and the project files a run deploys (charts/, secrets/,
// bootstrap/profiles/, see scripts/project-files.mjs), which a run stages into its workspace.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inkWithoutDevtools, stringWidthFast, yogaSync } from './build-patches.mjs';
import { collectProjectFiles, packProject } from './project-files.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist', 'panda-k8s.mjs');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const common = { bundle: true, platform: 'node', target: 'node20', legalComments: 'none', logLevel: 'warning' };
const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const pack = (data) => zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }).toString('base64');

/** The commit built, `+dirty` when tracked files differ from it; undefined outside a git checkout. */
function commitOf() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const head = git('rev-parse', '--short=12', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `${head}+dirty` : head;
  } catch {
    return undefined;
  }
}

const core = await build({
  ...common,
  entryPoints: [path.join(root, 'src/cli.ts')],
  outfile: path.join(root, 'dist', 'cli.cjs'), // not written: names the source map's file
  write: false,
  format: 'cjs',
  minify: true,
  keepNames: true,
  sourcemap: 'external',
  sourcesContent: false,
  // The launcher runs this as the body of a function whose parameters carry these names (src/launcher/core.ts).
  define: { 'process.env.NODE_ENV': '"production"', __PANDA_K8S_VERSION__: JSON.stringify(pkg.version), 'import.meta': '__pk8sImportMeta' },
  // import() of node: built-ins becomes require(): a classic script has no module loader to import with.
  supported: { 'dynamic-import': false },
  // ink imports react-devtools-core only in its dev mode; a stub keeps it out of the bundle.
  alias: { 'react-devtools-core': path.join(root, 'scripts/stubs/react-devtools-core.mjs') },
  plugins: [yogaSync, inkWithoutDevtools, stringWidthFast],
  // A line of its own, so the launcher's wrapper on line 1 moves no column the source map knows.
  banner: { js: '"use strict";' },
});
const coreText = core.outputFiles.find((f) => f.path.endsWith('.cjs')).text;
const sourceMap = core.outputFiles.find((f) => f.path.endsWith('.map')).text;
if (!coreText.startsWith('"use strict";\n')) throw new Error('the CLI script must start with its banner line');

const project = packProject(collectProjectFiles(root));
const coreSha256 = sha256(coreText);
const buildInfo = {
  version: pkg.version,
  commit: commitOf(),
  // Names this build by what it carries: the CLI and the project files.
  id: sha256(`${coreSha256}\n${project.digest}`).slice(0, 12),
  coreSha256,
};

const launcher = await build({
  ...common,
  entryPoints: [path.join(root, 'src/launcher.ts')],
  outfile,
  write: false,
  format: 'esm',
  define: {
    __PANDA_K8S_BUILD__: JSON.stringify(buildInfo),
    __PANDA_K8S_PROJECT__: JSON.stringify({ digest: project.digest, manifest: project.manifest }),
  },
  banner: { js: '#!/usr/bin/env node' },
});
// The large parts go at the end as comments (see src/launcher/payload.ts), each checked where it is used.
const payloads = { core: pack(coreText), map: pack(sourceMap), project: pack(JSON.stringify(project.contents)) };
const bundle = Buffer.concat([
  launcher.outputFiles[0].contents,
  Buffer.from(Object.entries(payloads).map(([name, data]) => `\n/*pk8s:${name}:${data}*/`).join('') + '\n'),
]);

/** Through a temporary file and a rename: tests and runs reading the bundle meanwhile never see half of one. */
function writeAtomic(file, data, mode) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data, { mode });
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, file);
}
writeAtomic(outfile, bundle, 0o755);
writeAtomic(`${outfile}.sha256`, `${sha256(bundle)}  ${path.basename(outfile)}\n`, 0o644);

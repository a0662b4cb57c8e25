// The bundle's entry. It answers --version and --help at once; for anything else it loads the CLI,
// which the build embeds in this same file, compressed. Compiling the whole CLI (about a megabyte)
// costs more than Node's own start, and these two answers need none of it.
//
// The CLI is unpacked once into a cache file named by its digest (~/.cache/panda-k8s/), so later runs
// import a plain file; where no cache folder can be written it is imported from a data: URL instead.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { COMMAND_HELP, MAIN_HELP } from './help.js';

declare const __PANDA_K8S_VERSION__: string;
declare const __PANDA_K8S_CORE__: string;

function quickAnswer(argv: readonly string[]): string | undefined {
  const [first, second] = argv;
  if (argv.length === 1 && (first === '--version' || first === '-v')) return `panda-k8s ${__PANDA_K8S_VERSION__}`;
  if (argv.length === 1 && (first === '--help' || first === '-h' || first === 'help')) return MAIN_HELP;
  if (argv.length === 2 && first !== undefined && first in COMMAND_HELP && (second === '--help' || second === '-h')) return COMMAND_HELP[first];
  return undefined;
}

async function unpack(): Promise<string> {
  const { brotliDecompressSync } = await import('node:zlib');
  return brotliDecompressSync(Buffer.from(__PANDA_K8S_CORE__, 'base64')).toString('utf8');
}

/** The CLI module's URL: the cache file (written atomically on first use), else a data: URL. */
async function coreUrl(): Promise<string> {
  const digest = createHash('sha256').update(__PANDA_K8S_CORE__).digest('hex').slice(0, 16);
  const dir = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'panda-k8s');
  const file = path.join(dir, `cli-${__PANDA_K8S_VERSION__}-${digest}.mjs`);
  if (fs.existsSync(file)) return pathToFileURL(file).href;
  const source = await unpack();
  try {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, source);
    fs.renameSync(tmp, file);
    return pathToFileURL(file).href;
  } catch {
    return `data:text/javascript;base64,${Buffer.from(source).toString('base64')}`;
  }
}

const argv = process.argv.slice(2);
const answer = quickAnswer(argv);
if (answer !== undefined) {
  process.stdout.write(`${answer}\n`);
} else {
  // The CLI finds the project (charts/, secrets/) from the bundle's place, not from its cache file.
  (globalThis as { __PANDA_K8S_BUNDLE__?: string }).__PANDA_K8S_BUNDLE__ = fileURLToPath(import.meta.url);
  const { run } = (await import(await coreUrl())) as { run: (argv: readonly string[]) => Promise<void> };
  await run(argv);
}

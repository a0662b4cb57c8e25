// The bundle's entry. It answers --version and --help at once; for anything else it loads the CLI, which
// the build embeds in this same file, compressed, with everything a run needs (src/launcher/core.ts,
// src/launcher/payload.ts).
// Compiling the whole CLI costs more than Node's own start, and these two answers need none of it.

import { fileURLToPath } from 'node:url';
import { COMMAND_HELP, MAIN_HELP } from './help.js';
import { privateCacheDir } from './launcher/cache-dir.js';
import { loadCore, unpackText, type Core } from './launcher/core.js';
import { readPayload } from './launcher/payload.js';
import { describeBuild, type BuildInfo, type EmbeddedProjectData } from './launcher/host.js';

declare const __PANDA_K8S_BUILD__: BuildInfo;
declare const __PANDA_K8S_PROJECT__: Omit<EmbeddedProjectData, 'packed'>;

function quickAnswer(argv: readonly string[]): string | undefined {
  const [first, second] = argv;
  if (argv.length === 1 && (first === '--version' || first === '-v')) return `panda-k8s ${describeBuild(__PANDA_K8S_BUILD__)}`;
  if (argv.length === 1 && (first === '--help' || first === '-h' || first === 'help')) return MAIN_HELP;
  if (argv.length === 2 && first !== undefined && first in COMMAND_HELP && (second === '--help' || second === '-h')) return COMMAND_HELP[first];
  return undefined;
}

const argv = process.argv.slice(2);
const answer = quickAnswer(argv);
if (answer !== undefined) {
  process.stdout.write(`${answer}\n`);
} else {
  const bundle = fileURLToPath(import.meta.url);
  const core = load(bundle);
  if (core) await core.run(argv);
}

/** The CLI, or undefined (exit 1) when the bundle cannot give it: it says so, and how to get a good copy. */
function load(bundle: string): Core | undefined {
  try {
    return loadCore({
      packed: () => readPayload(bundle, 'core'),
      build: __PANDA_K8S_BUILD__,
      bundle,
      cacheDir: privateCacheDir(),
      host: {
        bundle,
        build: __PANDA_K8S_BUILD__,
        project: { ...__PANDA_K8S_PROJECT__, packed: () => readPayload(bundle, 'project') },
        sourceMap: () => unpackText(readPayload(bundle, 'map')),
      },
    });
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return undefined;
  }
}

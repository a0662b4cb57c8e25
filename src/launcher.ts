// The bundle's entry. It answers --version and --help at once; for anything else it loads the CLI, which
// the build embeds in this same file, compressed, with everything a run needs (src/launcher/core.ts).
// Compiling the whole CLI costs more than Node's own start, and these two answers need none of it.

import { fileURLToPath } from 'node:url';
import { COMMAND_HELP, MAIN_HELP } from './help.js';
import { privateCacheDir } from './launcher/cache-dir.js';
import { loadCore, unpackText } from './launcher/core.js';
import { describeBuild, type BuildInfo, type EmbeddedProjectData } from './launcher/host.js';

declare const __PANDA_K8S_BUILD__: BuildInfo;
declare const __PANDA_K8S_CORE__: string;
declare const __PANDA_K8S_SOURCE_MAP__: string;
declare const __PANDA_K8S_PROJECT__: EmbeddedProjectData;

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
  const core = loadCore({
    packed: __PANDA_K8S_CORE__,
    build: __PANDA_K8S_BUILD__,
    bundle,
    cacheDir: privateCacheDir(),
    host: { bundle, build: __PANDA_K8S_BUILD__, project: __PANDA_K8S_PROJECT__, sourceMap: () => unpackText(__PANDA_K8S_SOURCE_MAP__) },
  });
  await core.run(argv);
}

// Loads the CLI the bundle carries. It is one classic script (scripts/build.mjs), compiled here with
// vm.Script so that V8's code cache can be used: Node 20 has no compile cache for ES modules, and compiling
// a megabyte of JavaScript, then each function the first screen calls, was most of a start.
//
// In the private cache folder (cache-dir.ts) live the unpacked script, checked against its sha256 at every
// load and rewritten when damaged, and V8's code cache for this Node, written once a run has compiled what
// a start needs. Without a usable folder the script is unpacked from the bundle into memory each time.

import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { brotliDecompressSync } from 'node:zlib';
import { readCodeCache, readVerified, sha256, writeAtomic, writeCodeCache } from './cache-file.js';
import type { BuildInfo, LauncherHost } from './host.js';
import { pruneCache } from './prune.js';

export interface Core {
  run(argv: readonly string[]): Promise<void>;
}

export interface LoadOptions {
  /** base64 of the brotli-compressed CLI script (read from the bundle only when the cache has no good copy) */
  packed: () => string;
  build: BuildInfo;
  bundle: string;
  /** The private cache folder, or undefined for none. */
  cacheDir: string | undefined;
  host: Omit<LauncherHost, 'coreFile'>;
  /** @default 1000: ms after the start at which the code cache is written (else at exit, if sooner) */
  codeCacheDelayMs?: number;
}

// The script is the body of this function; `__PANDA_K8S_HOST__` is what src/host.ts reads, and
// `__pk8sImportMeta` stands for `import.meta`. Same line as the script's banner: no line moves.
const WRAPPER_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname', '__PANDA_K8S_HOST__', '__pk8sImportMeta'];
const PREFIX = `(function (${WRAPPER_PARAMS.join(', ')}) {`;
const SUFFIX = '\n})';

export function unpackText(packed: string): string {
  return brotliDecompressSync(Buffer.from(packed, 'base64')).toString('utf8');
}

/** The code cache's name: V8 takes a cache only from the same V8 and flags, so both are in it. */
function codeCacheName(key: string): string {
  const flags = sha256([process.arch, process.version, ...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].join('\0')).slice(0, 8);
  return `${key}-node${process.versions.node}-${flags}.v8cache`;
}

/** The script's text and the file name it runs under: the verified cache file, else the bundle's own. */
function scriptText(options: LoadOptions, key: string): { text: string; file: string; cached: boolean } {
  const { cacheDir, build } = options;
  const file = cacheDir ? path.join(cacheDir, `${key}.cjs`) : undefined;
  const fromCache = file ? readVerified(file, build.coreSha256) : undefined;
  if (fromCache && file) return { text: fromCache.toString('utf8'), file, cached: true };
  const packed = options.packed();
  let text: string | undefined;
  try {
    text = unpackText(packed);
  } catch {
    text = undefined;
  }
  if (text === undefined || sha256(text) !== build.coreSha256) {
    throw new Error(`${options.bundle} is damaged (the CLI inside does not match its build's sha256): copy it again and check it with sha256sum -c`);
  }
  if (file && cacheDir && writeAtomic(file, text)) {
    pruneCache(cacheDir, key);
    return { text, file, cached: true };
  }
  return { text, file: `${options.bundle}#cli`, cached: false };
}

export function loadCore(options: LoadOptions): Core {
  const key = `cli-${options.build.version}-${options.build.coreSha256.slice(0, 16)}`;
  const { text, file, cached } = scriptText(options, key);
  const codeFile = cached && options.cacheDir ? path.join(options.cacheDir, codeCacheName(key)) : undefined;
  const cachedData = codeFile ? readCodeCache(codeFile) : undefined;
  const script = new vm.Script(PREFIX + text + SUFFIX, { filename: file, cachedData });
  if (codeFile && (!cachedData || script.cachedDataRejected)) saveCodeCacheLater(script, codeFile, options.codeCacheDelayMs ?? 1000);

  const host: LauncherHost = { ...options.host, coreFile: file };
  const module = { exports: {} as Partial<Core> };
  const body = script.runInThisContext() as (...args: unknown[]) => void;
  const importMeta = {
    url: pathToFileURL(options.bundle).href,
    resolve: (specifier: string) => {
      throw new Error(`import.meta.resolve(${specifier}): the bundle has no modules to resolve`);
    },
  };
  body.call(module.exports, module.exports, createRequire(options.bundle), module, file, path.dirname(file), host, importMeta);
  if (typeof module.exports.run !== 'function') throw new Error(`${file}: the CLI script has no run(): the bundle is damaged`);
  return module.exports as Core;
}

/**
 * The code cache holds the functions compiled so far, so it is taken once the start is done (after the
 * delay, which covers the wizard's first screen), or at exit for a command that ends sooner. A damaged
 * or rejected cache is simply written again.
 */
function saveCodeCacheLater(script: vm.Script, file: string, delayMs: number): void {
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    process.removeListener('exit', save);
    try {
      writeCodeCache(file, script.createCachedData());
    } catch {
      /* no cache this time; the next run tries again */
    }
  };
  setTimeout(save, delayMs).unref();
  process.once('exit', save);
}

// Stack traces that point at our source lines. From the bundle, frames name the minified CLI script (its
// cache file); the build's source map (carried in the bundle, unpacked only here) turns them back into
// src/…/*.ts:line:column, which is what a bug report needs. From source the frames are right already.

import { SourceMap } from 'node:module';
import path from 'node:path';
import { launcherHost, type LauncherHost } from './host.js';

let cached: SourceMap | undefined;

function sourceMapOf(host: LauncherHost): SourceMap | undefined {
  try {
    return (cached ??= new SourceMap(JSON.parse(host.sourceMap()) as ConstructorParameters<typeof SourceMap>[0]));
  } catch {
    return undefined;
  }
}

// `    at fn (file:line:col)` or `    at file:line:col`
const FRAME = /^(\s+at (?:.*? \()?)(.+):(\d+):(\d+)(\)?)$/;

/** The source map's name for a source (relative to dist/), as a project path: src/cli.ts, node_modules/ink/…. */
function projectPath(source: string): string {
  return path.posix.normalize(path.posix.join('dist', source.replace(/^file:\/\//, '')));
}

/** `stack` with every frame in the CLI script replaced by its source position; unchanged from source. */
export function mapStack(stack: string, host: LauncherHost | undefined = launcherHost()): string {
  if (!host) return stack;
  const map = sourceMapOf(host);
  if (!map) return stack;
  return stack.split('\n').map((line) => {
    const m = FRAME.exec(line);
    if (!m || m[2] !== host.coreFile) return line;
    const entry = map.findEntry(Number(m[3]) - 1, Number(m[4]) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!entry.originalSource || entry.originalLine === undefined) return line;
    return `${m[1]}${projectPath(entry.originalSource)}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}${m[5]}`;
  }).join('\n');
}

/** The first frame of the (mapped) stack in our own code, e.g. `src/deploy/steps.ts:120:7`, for a one-line bug report. */
export function whereInSource(stack: string): string | undefined {
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line);
    if (m && /^(src|bootstrap)\//.test(m[2] ?? '')) return `${m[2]}:${m[3]}:${m[4]}`;
    if (m && /\/(src|bootstrap)\/[^:]+\.tsx?$/.test(m[2] ?? '')) return `${m[2]}:${m[3]}:${m[4]}`;
  }
  return undefined;
}

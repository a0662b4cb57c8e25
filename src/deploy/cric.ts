// CRIC-free mode: which JSON files the services read, how to validate them, and where to download them from.

import fs from 'node:fs';
import path from 'node:path';

export interface CricFile {
  file: string;
  mandatory: boolean;
  /** What the file defines (for messages). */
  what: string;
  /** The CRIC API query that produces it, relative to the instance URL. */
  query?: string;
}

/** The files of `secrets/files/cric_jsons/` (facts §4.7). Each CRIC query returns an object keyed by name. */
export const CRIC_FILES: readonly CricFile[] = [
  { file: 'sites.json', mandatory: true, what: 'site definitions', query: '/api/atlas/site/query/?json' },
  { file: 'panda_queues.json', mandatory: true, what: 'PanDA queue definitions', query: '/api/atlas/pandaqueue/query/?json' },
  { file: 'ddm_endpoints.json', mandatory: true, what: 'storage (DDM endpoint) definitions', query: '/api/atlas/ddmendpoint/query/?json' },
  { file: 'ddm_blacklist.json', mandatory: false, what: 'blacklisted storages' },
  { file: 'cm.json', mandatory: false, what: 'cost matrix between storages' },
];

/** Where a (workspace's) secrets chart packs CRIC JSONs from. */
export function cricChartDir(secretsChart: string): string {
  return path.join(secretsChart, 'files', 'cric_jsons');
}

export interface CricProblem {
  file: string;
  message: string;
}

/**
 * Checks one file's text: valid JSON whose top level is a non-empty object of objects
 * (name → definition), the shape CRIC's `query/?json` endpoints return.
 */
export function validateCricText(file: string, text: string): CricProblem | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { file, message: `${file} is not valid JSON: ${(error as Error).message}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return { file, message: `${file} must be a JSON object keyed by name (as CRIC's query/?json returns), got ${got}` };
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return { file, message: `${file} is an empty object: it must define at least one entry` };
  const bad = entries.find(([, v]) => !v || typeof v !== 'object' || Array.isArray(v));
  if (bad) return { file, message: `${file}: entry "${bad[0]}" must be an object (a definition), got ${JSON.stringify(bad[1])?.slice(0, 40)}` };
  return undefined;
}

/** Validates the files in `dir`: mandatory ones present, every present one well-formed. */
export function validateCricDir(dir: string): CricProblem[] {
  const problems: CricProblem[] = [];
  for (const f of CRIC_FILES) {
    const file = path.join(dir, f.file);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        if (f.mandatory) problems.push({ file, message: `${file} is missing: it is mandatory in CRIC-free mode (${f.what})` });
        continue;
      }
      problems.push({ file, message: `${file} cannot be read: ${(error as Error).message}` });
      continue;
    }
    const problem = validateCricText(file, text);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** The download URL of a mandatory file from a CRIC instance (`https://datalake-cric.cern.ch`). */
export function cricDownloadUrl(base: string, f: CricFile): string | undefined {
  if (!f.query) return undefined;
  return base.replace(/\/+$/, '') + f.query;
}

export type Fetcher = (url: string, init: { signal: AbortSignal }) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

/** Downloads the mandatory files from a CRIC instance into memory (validated, not yet written). */
export async function downloadCric(base: string, options: { timeoutMs: number; signal?: AbortSignal; fetcher?: Fetcher }): Promise<{ files: Record<string, string>; problems: CricProblem[] }> {
  const fetcher: Fetcher = options.fetcher ?? ((url, init) => fetch(url, init));
  const files: Record<string, string> = {};
  const problems: CricProblem[] = [];
  for (const f of CRIC_FILES) {
    const url = cricDownloadUrl(base, f);
    if (!url) continue;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(Object.assign(new Error('timeout'), { name: 'TimeoutError' })), options.timeoutMs);
    const signals = [timeout.signal, ...(options.signal ? [options.signal] : [])];
    try {
      const res = await fetcher(url, { signal: AbortSignal.any(signals) });
      if (!res.ok) {
        problems.push({ file: url, message: `${url} answered HTTP ${res.status}` });
        continue;
      }
      const text = await res.text();
      const problem = validateCricText(url, text);
      if (problem) problems.push(problem);
      else files[f.file] = text;
    } catch (error) {
      const e = error as Error;
      const why = e.name === 'TimeoutError' ? `no answer within ${Math.round(options.timeoutMs / 1000)} s` : e.message;
      problems.push({ file: url, message: `cannot download ${url}: ${why}` });
    } finally {
      clearTimeout(timer);
    }
  }
  return { files, problems };
}

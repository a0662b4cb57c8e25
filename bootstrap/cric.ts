// cric: real CRIC (nothing to prepare) or CRIC-free — the mandatory JSON files present and well-formed in
// the workspace's secrets chart (files/cric_jsons/), optionally downloaded first from a CRIC instance the operator names.

import fs from 'node:fs';
import path from 'node:path';
import type { Step, StepContext } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { ActionableError } from '../src/engine/errors.js';
import { writeFileAtomic } from '../src/engine/atomic-write.js';
import { CRIC_FILES, cricChartDir, downloadCric, validateCricDir, type CricProblem } from '../src/deploy/cric.js';
import { sha256 } from '../src/deploy/certificates.js';
import { resolvePath } from './settings.js';

export const CRIC_DOWNLOAD_TIMEOUT_MS = 60_000;

function sourceDir(data: RunData): string {
  return data.answers.cric?.dir ? resolvePath(data, data.answers.cric.dir) : cricChartDir(data.secretsChartDir);
}

function mandatoryMissing(dir: string): boolean {
  return CRIC_FILES.some((f) => f.mandatory && !fs.existsSync(path.join(dir, f.file)));
}

export function cricError(problems: readonly CricProblem[], data: RunData): ActionableError {
  return new ActionableError(`CRIC-free mode (cric.mode: files) needs valid JSON files:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`, {
    hint: 'sites.json, panda_queues.json and ddm_endpoints.json are mandatory; each is a JSON object keyed by name, as a CRIC instance\'s query/?json returns.',
    nextSteps: [
      `Put them in ${sourceDir(data)}`,
      'or set cric.url to a CRIC instance to download them from (e.g. https://datalake-cric.cern.ch),',
      'or use real CRIC: cric.mode: real.',
    ],
  });
}

/** Problems found without downloading anything (the files a download would bring are not reported missing). */
export function cricProblems(data: RunData): CricProblem[] {
  if ((data.answers.cric?.mode ?? 'real') !== 'files') return [];
  const dir = sourceDir(data);
  const problems = validateCricDir(dir);
  if (data.answers.cric?.url && mandatoryMissing(dir)) return problems.filter((p) => !/is missing/.test(p.message));
  return problems;
}

function copiesNeeded(data: RunData): string[] {
  const src = sourceDir(data);
  const dst = cricChartDir(data.secretsChartDir);
  if (path.resolve(src) === path.resolve(dst)) return [];
  return CRIC_FILES.map((f) => f.file).filter((f) => {
    const from = path.join(src, f);
    if (!fs.existsSync(from)) return false;
    const to = path.join(dst, f);
    return !fs.existsSync(to) || sha256(fs.readFileSync(from)) !== sha256(fs.readFileSync(to));
  });
}

async function download(ctx: StepContext<RunData>, dir: string): Promise<void> {
  const url = ctx.data.answers.cric!.url!;
  ctx.progress(`downloading CRIC JSON files from ${url}`);
  const { files, problems } = await downloadCric(url, { timeoutMs: CRIC_DOWNLOAD_TIMEOUT_MS, signal: ctx.signal });
  if (problems.length > 0) throw cricError(problems, ctx.data);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) continue; // never overwrite a file the operator may have edited
    writeFileAtomic(file, text, 0o644);
    ctx.log(`downloaded ${file}`);
  }
}

export const cricStep = {
  id: 'cric',
  title: 'CRIC (real, or JSON files)',
  needs: ['components'],
  inputs: (data) => ({ cric: data.answers.cric }),
  async check(ctx) {
    const mode = ctx.data.answers.cric?.mode ?? 'real';
    if (mode === 'real') return { done: true, reason: 'real CRIC: the services ask the CRIC instance themselves' };
    const problems = cricProblems(ctx.data);
    if (problems.length > 0) throw cricError(problems, ctx.data);
    const dir = sourceDir(ctx.data);
    if (mandatoryMissing(dir)) return { done: false, reason: `to download from ${ctx.data.answers.cric?.url}` };
    const copies = copiesNeeded(ctx.data);
    return copies.length === 0 ? { done: true, reason: `CRIC JSON files valid in ${dir}` } : { done: false, reason: `${copies.length} file(s) to copy into the secrets chart` };
  },
  async apply(ctx) {
    if ((ctx.data.answers.cric?.mode ?? 'real') === 'real') return;
    const dir = sourceDir(ctx.data);
    if (ctx.data.dryRun) {
      ctx.log(`would ${mandatoryMissing(dir) && ctx.data.answers.cric?.url ? 'download and ' : ''}copy the CRIC JSON files into ${cricChartDir(ctx.data.secretsChartDir)}`);
      return;
    }
    if (mandatoryMissing(dir) && ctx.data.answers.cric?.url) {
      fs.mkdirSync(dir, { recursive: true });
      await download(ctx, dir);
    }
    const problems = validateCricDir(dir);
    if (problems.length > 0) throw cricError(problems, ctx.data);
    const dst = cricChartDir(ctx.data.secretsChartDir);
    for (const f of copiesNeeded(ctx.data)) {
      writeFileAtomic(path.join(dst, f), fs.readFileSync(path.join(dir, f), 'utf8'), 0o644);
      ctx.log(`${f} → ${dst}`);
    }
  },
  async verify(ctx) {
    if ((ctx.data.answers.cric?.mode ?? 'real') === 'real') return true;
    return validateCricDir(cricChartDir(ctx.data.secretsChartDir)).length === 0;
  },
} satisfies Step<RunData>;

// Benchmark plumbing: timing helpers, figures with targets, the table and results.json.

import { spawn } from 'node:child_process';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** e.g. '<= 1.5' */
  target?: string;
  ok?: boolean;
  note?: string;
}

export interface BenchResult {
  bench: string;
  figures: Figure[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function atMost(name: string, value: number, unit: string, limit: number, note?: string): Figure {
  return { name, value, unit, target: `<= ${limit}`, ok: value <= limit, note };
}

export function atLeast(name: string, value: number, unit: string, limit: number, note?: string): Figure {
  return { name, value, unit, target: `>= ${limit}`, ok: value >= limit, note };
}

export function info(name: string, value: number, unit: string, note?: string): Figure {
  return { name, value, unit, note };
}

/** Wall time of one process run, in ms. Rejects on a non-zero exit. */
export function timeProcess(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...options.env }, cwd: options.cwd });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code === 0) resolve(ms);
      else reject(new Error(`${file} ${args.join(' ')} exited ${code}: ${err.slice(-500)}`));
    });
  });
}

/** Runs the commands interleaved (a, b, a, b …) so machine noise hits all of them alike. */
export async function interleaved(runs: number, commands: Record<string, () => Promise<number>>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const k of Object.keys(commands)) out[k] = [];
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of Object.entries(commands)) out[k]!.push(await fn());
  }
  return out;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface RunOutput {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a process to its end, capturing its output. Rejects on a non-zero exit unless `allowFailure`. */
export function runProcess(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; allowFailure?: boolean } = {}): Promise<RunOutput> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env }, cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const out = { code, stdout, stderr, ms: performance.now() - start };
      if (code === 0 || options.allowFailure) resolve(out);
      else reject(new Error(`${file} ${args.join(' ')} exited ${code}: ${(stderr || stdout).slice(-800)}`));
    });
  });
}

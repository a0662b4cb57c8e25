// Simulated time: each thing in progress has nominal stage durations; real wait = nominal × speed.
// At speed 0 (tests) time stands still and each observation advances a thing by one stage.

import type { Progress, SimState } from './types.js';

/** Default speed: a 12-minute cluster creation takes about 7 s, a pod start well under a second. */
export const DEFAULT_SPEED = 0.01;

/** `PANDA_K8S_SIM_SPEED` overrides the speed stored in the state (`panda-k8s sim speed`). */
export function effectiveSpeed(state: SimState, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env['PANDA_K8S_SIM_SPEED'];
  if (fromEnv !== undefined && fromEnv !== '') {
    const n = Number(fromEnv);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  return state.speed;
}

export function newProgress(now: number, stagesMs: number[]): Progress {
  return { start: now, stagesMs, seen: 0 };
}

/** How many stages are complete (0 … stagesMs.length). */
export function stageOf(p: Progress, speed: number, now: number): number {
  const n = p.stagesMs.length;
  if (p.seen >= n && p.start === 0) return n; // forced complete
  if (speed === 0) return Math.min(p.seen, n);
  let elapsed = (now - p.start) / speed;
  let done = 0;
  for (const ms of p.stagesMs) {
    if (elapsed < ms) break;
    elapsed -= ms;
    done++;
  }
  return done;
}

export function isDone(p: Progress, speed: number, now: number): boolean {
  return stageOf(p, speed, now) >= p.stagesMs.length;
}

/** Records that a command showed this thing to someone (advances it at speed 0). */
export function observe(p: Progress): void {
  if (p.seen < p.stagesMs.length) p.seen++;
}

/** Real ms until the thing is complete (0 if it is). At speed 0 nothing ever needs waiting for. */
export function remainingMs(p: Progress, speed: number, now: number): number {
  if (speed === 0 || isDone(p, speed, now)) return 0;
  const total = p.stagesMs.reduce((a, b) => a + b, 0) * speed;
  return Math.max(0, p.start + total - now);
}

/** Marks the thing complete whatever the clock says (helm --wait at speed 0). */
export function complete(p: Progress): void {
  p.start = 0;
  p.seen = p.stagesMs.length;
}

/** Nominal durations, in ms, of what the sim models. */
export const NOMINAL = {
  clusterCreate: 12 * 60_000,
  clusterDelete: 2 * 60_000,
  serverBuild: 11 * 60_000,
  nodeReady: 40_000,
  podSchedule: 2_000,
  podCreate: 15_000,
  podReady: 25_000,
  /** A helm test Pod's script, from start to exit. */
  testRun: 6_000,
  helmApply: 3_000,
} as const;

export const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

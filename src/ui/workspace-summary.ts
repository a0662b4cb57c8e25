// Tells what a workspace is from its journal: new, interrupted or failed at step X, or complete.

import type { Target } from '../config/answers.js';
import type { JournalData } from '../engine/journal.js';
import type { WorkspaceSummary } from './types.js';

export function summarizeWorkspace(input: {
  path: string;
  target: Target;
  /** The plan's steps in order. */
  steps: { id: string; title: string }[];
  journal: Readonly<JournalData> | undefined;
  checks?: WorkspaceSummary['checks'];
}): WorkspaceSummary {
  const records = input.journal?.steps ?? {};
  const steps = input.steps.map((s) => ({ id: s.id, title: s.title, status: records[s.id]?.status ?? ('pending' as const) }));
  const stopped = steps.find((s) => s.status === 'interrupted' || s.status === 'running' || s.status === 'failed');
  const base = { path: input.path, target: input.target, steps, updatedAt: input.journal?.updatedAt || undefined, checks: input.checks };
  // A journal that records no step (just opened by this very run) tells of no earlier run.
  if (steps.every((s) => s.status === 'pending')) return { ...base, state: 'new', updatedAt: Object.keys(records).length > 0 ? base.updatedAt : undefined };
  if (stopped) {
    // A step left "running" is one whose process died with the run: it was interrupted.
    const state = stopped.status === 'failed' ? 'failed' : 'interrupted';
    return { ...base, state, stoppedAt: stopped.id, lastError: records[stopped.id]?.lastError?.message };
  }
  if (steps.every((s) => s.status === 'done')) return { ...base, state: 'complete' };
  const next = steps.find((s) => s.status !== 'done');
  return { ...base, state: 'interrupted', stoppedAt: next?.id };
}

// Small pure formatters shared by the ink screens and the plain renderer.

import { diagnosisOf, type Diagnosis } from '../deploy/release-state.js';

/** 950 → "0s", 72_000 → "1m12s", 3_723_000 → "1h02m". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Cuts a line to `width` columns with an ellipsis; tabs and control characters become spaces. */
export function fitLine(text: string, width: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\t\r\x00-\x08\x0b-\x1f\x7f]/g, ' ');
  if (width <= 0) return '';
  return clean.length <= width ? clean : clean.slice(0, Math.max(0, width - 1)) + '…';
}

/** What a failed step's error says, in the parts the screens show. */
export interface FailureReport {
  message: string[];
  hint?: string;
  nextSteps: string[];
  diagnosis?: Diagnosis;
}

/** Reads ActionableError's hint/nextSteps and ToolError's message by shape, so the UI needs no import of them. */
export function failureReport(error: Error): FailureReport {
  const e = error as Error & { hint?: unknown; nextSteps?: unknown };
  return {
    message: (error.message || String(error)).split('\n').filter((l) => l.trim() !== ''),
    hint: typeof e.hint === 'string' ? e.hint : undefined,
    nextSteps: Array.isArray(e.nextSteps) ? e.nextSteps.filter((s): s is string => typeof s === 'string') : [],
    diagnosis: diagnosisOf(error),
  };
}

// Pure layout of the run screen: which steps fit, how each step line reads, how many rows the pane gets.

import { formatDuration, fitLine } from './format.js';
import type { StepView } from './run-model.js';

export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

const MARKS: Record<StepView['phase'], string> = {
  pending: '·', running: '', done: '✓', 'already-done': '✓', skipped: '–', failed: '✗', interrupted: '‖',
};

/** The spinner frame for a time, so frames depend on the (injectable) clock only. */
export const spinnerAt = (now: number, animate: boolean) => (animate ? SPINNER[Math.floor(now / 80) % SPINNER.length]! : '›');

export function stepLine(step: StepView, now: number, animate: boolean, idWidth: number, width: number): string {
  const mark = step.phase === 'running' ? spinnerAt(now, animate) : MARKS[step.phase];
  let right = '';
  switch (step.phase) {
    case 'running':
      right = step.startedAt !== undefined ? formatDuration(now - step.startedAt) : '';
      if (step.resumed) right = `resumed ${right}`;
      break;
    case 'done':
      right = step.durationMs !== undefined ? formatDuration(step.durationMs) : 'done';
      break;
    case 'already-done':
      right = 'already done';
      break;
    case 'skipped':
      right = 'skipped';
      break;
    case 'failed':
      right = `failed after ${formatDuration(step.durationMs ?? 0)}`;
      break;
    case 'interrupted':
      right = 'interrupted';
      break;
    case 'pending':
      break;
  }
  const left = `${mark} ${step.id.padEnd(idWidth)} ${step.title}`;
  const room = width - right.length - 1;
  return right ? `${fitLine(left, room).padEnd(room)} ${right}` : fitLine(left, width);
}

/** The slice of steps to show in `maxRows`, around `anchor`; hidden ones are summed up in a line each side. */
export function stepWindow(count: number, anchor: number, maxRows: number): { start: number; end: number; above: number; below: number } {
  if (count <= maxRows) return { start: 0, end: count, above: 0, below: 0 };
  const rows = Math.max(1, maxRows - 2);
  let start = Math.max(0, Math.min(anchor - Math.floor(rows / 3), count - rows));
  let end = start + rows;
  // A summary line is only needed on a side that hides something; give its row back otherwise.
  if (start === 0) end = Math.min(count, end + 1);
  if (end === count) start = Math.max(0, start - (start === 0 ? 0 : 1));
  return { start, end, above: start, below: count - end };
}

export interface LayoutNeeds {
  rows: number;
  headerRows: number;
  steps: number;
  /** Command, wait, status and footer lines: always shown when present. */
  fixedRows: number;
  /** Rows the release panel / failure box would like. */
  releaseRows: number;
  failureRows: number;
}

/**
 * Shares the terminal's rows so the screen never grows past them: the failure box first (it asks
 * something), then a few steps, the release panel, the output pane; steps take what is left up to a third.
 */
export function runLayout(n: LayoutNeeds): { stepRows: number; releaseRows: number; failureRows: number; paneRows: number } {
  // One row stays free: a frame as tall as the terminal scrolls it by one line.
  let free = n.rows - 1 - n.headerRows - 1 /* focus title */ - n.fixedRows;
  const failureRows = Math.max(0, Math.min(n.failureRows, free - 3));
  free -= failureRows;
  let stepRows = Math.min(n.steps, 3, Math.max(1, free));
  free -= stepRows;
  const releaseRows = Math.max(0, Math.min(n.releaseRows, 8, free - 2));
  free -= releaseRows;
  const extraSteps = Math.max(0, Math.min(n.steps - stepRows, Math.floor(n.rows * 0.35) - stepRows, free - 3));
  stepRows += extraSteps;
  free -= extraSteps;
  return { stepRows, releaseRows, failureRows, paneRows: Math.max(1, free) };
}

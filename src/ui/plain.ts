// The plain renderer: one line per event, prefixed [step-id], for logs, pipes, CI and --plain.
// No ink and no colour; the same information as the run screen.

import type { RunEvent } from '../engine/events.js';
import { decodeReleaseState, describeReleaseState } from '../deploy/release-state.js';
import { failureReport, formatDuration } from './format.js';
import type { FinalSummary, RunEventSource } from './types.js';

/** A repeated wait message is printed again only after this long (event time), so logs show it goes on. */
export const PLAIN_REPEAT_MS = 30_000;

const STREAM_MARK = { stdout: '|', stderr: '!', log: '-' } as const;

// eslint-disable-next-line no-control-regex
const clean = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\r\x00-\x08\x0b-\x1f\x7f]/g, '');

/** Turns events into lines; keeps just enough state to say how long a wait lasts and to drop repeats. */
export class PlainFormatter {
  #stepStart = new Map<string, number>();
  #lastWait = new Map<string, { text: string; waitId: string; since: number; printedAt: number }>();

  format(event: RunEvent): string[] {
    switch (event.type) {
      case 'run-started':
        return [`[run] started: ${event.steps.length} steps: ${event.steps.map((s) => s.id).join(', ')}`];
      case 'started': {
        this.#stepStart.set(event.stepId, event.at);
        const notes = [event.resumed ? 'resumed' : '', event.inputsChanged ? 'inputs changed since last run' : ''].filter(Boolean);
        return [`[${event.stepId}] started${notes.length ? ` (${notes.join(', ')})` : ''}`];
      }
      case 'checked':
        return event.done || !event.reason ? [] : [`[${event.stepId}] needs work: ${clean(event.reason)}`];
      case 'command':
        return [`[${event.stepId}] $ ${clean(event.command)}`];
      case 'line':
        return [`[${event.stepId}] ${STREAM_MARK[event.stream]} ${clean(event.line)}`];
      case 'progress':
        return this.#progress(event);
      case 'done':
        this.#lastWait.delete(event.stepId);
        return [`[${event.stepId}] done in ${formatDuration(event.durationMs)}`];
      case 'skipped-already-done':
        return [`[${event.stepId}] already done${event.reason ? `: ${clean(event.reason)}` : ''}`];
      case 'skipped':
        return [`[${event.stepId}] skipped: ${event.reason}${event.because ? ` (${event.because})` : ''}`];
      case 'failed':
        this.#lastWait.delete(event.stepId);
        return failedLines(event.stepId, event.error, event.durationMs);
      case 'interrupted':
        return [`[${event.stepId}] interrupted; the journal records it, resume with: panda-k8s resume`];
      case 'run-finished': {
        const word = event.status === 'done' ? 'finished' : event.status === 'failed' ? 'FAILED' : 'INTERRUPTED';
        return [`[run] ${word} after ${formatDuration(event.durationMs)}`];
      }
    }
  }

  #progress(event: Extract<RunEvent, { type: 'progress' }>): string[] {
    const release = decodeReleaseState(event.message);
    const text = release ? `release ${describeReleaseState(release)}` : `waiting: ${clean(event.message)}`;
    const key = release ? `${event.stepId}\u0000${release.release}` : event.stepId;
    // A release's wait is its phase's (pod counts change while it goes on); a message's is the text's.
    const waitId = release ? release.phase : text;
    const previous = this.#lastWait.get(key);
    const since = previous && previous.waitId === waitId ? previous.since : event.at;
    if (previous && previous.text === text && event.at - previous.printedAt < PLAIN_REPEAT_MS) return [];
    this.#lastWait.set(key, { text, waitId, since, printedAt: event.at });
    // A release line already says pods x/y ready; a percentage would repeat it.
    const pct = event.fraction !== undefined && !release ? ` ${Math.round(event.fraction * 100)}%` : '';
    const waited = event.at - since >= 1000 ? ` (for ${formatDuration(event.at - since)})` : '';
    return [`[${event.stepId}] ${text}${pct}${waited}`];
  }
}

function failedLines(stepId: string, error: Error, durationMs: number): string[] {
  const r = failureReport(error);
  const p = `[${stepId}]`;
  const out = [`${p} FAILED after ${formatDuration(durationMs)}: ${clean(r.message[0] ?? 'unknown error')}`];
  for (const l of r.message.slice(1)) out.push(`${p}   ${clean(l)}`);
  if (r.diagnosis) {
    out.push(`${p}   diagnosis: ${clean(r.diagnosis.summary)}`);
    for (const l of r.diagnosis.logTail ?? []) out.push(`${p}   log: ${clean(l)}`);
  }
  if (r.hint) out.push(`${p}   hint: ${clean(r.hint)}`);
  for (const s of r.nextSteps) out.push(`${p}   next: ${clean(s)}`);
  return out;
}

export interface LineSink {
  write(chunk: string): unknown;
}

/**
 * Writes one plain line per event to `stream` until the run finishes (or the iterable ends).
 * With a subscribe function it resolves at run-finished and unsubscribes.
 */
export function renderPlain(events: RunEventSource, stream: LineSink): Promise<void> {
  const formatter = new PlainFormatter();
  const write = (event: RunEvent) => {
    const lines = formatter.format(event);
    if (lines.length) stream.write(lines.join('\n') + '\n');
  };
  if (typeof events === 'function') {
    return new Promise((resolve) => {
      let unsubscribe: (() => void) | undefined;
      let finished = false;
      unsubscribe = events((event) => {
        write(event);
        if (event.type === 'run-finished') {
          finished = true;
          unsubscribe?.();
          resolve();
        }
      });
      if (finished) unsubscribe();
    });
  }
  return (async () => {
    for await (const event of events) {
      write(event);
      if (event.type === 'run-finished') break;
    }
  })();
}

/** The final summary as plain lines. */
export function formatFinalPlain(summary: FinalSummary): string[] {
  const out: string[] = [];
  const head = summary.status === 'done' ? 'PanDA is deployed' : summary.status === 'failed' ? 'The run FAILED' : 'The run was INTERRUPTED';
  out.push(`[summary] ${head}${summary.target === 'sim' ? ' (REHEARSAL: simulated cloud, nothing real was touched)' : ''}`);
  for (const r of summary.releases) out.push(`[summary] release ${r.name} (${r.component}): ${r.status}`);
  for (const u of summary.urls ?? []) out.push(`[summary] ${u.title}: ${u.url}`);
  for (const l of summary.login ?? []) out.push(`[summary] ${l}`);
  for (const e of summary.endpoints) out.push(`[summary] ${e.name}: ${e.url}`);
  if (summary.certificate) {
    const c = summary.certificate;
    out.push(`[summary] host certificate${c.subject ? ` ${c.subject}` : ''} expires ${c.notAfter} (${c.daysLeft} days)${c.daysLeft < 30 ? ' - RENEW SOON' : ''}`);
  }
  out.push(`[summary] transcript: ${summary.transcriptPath}`);
  for (const s of summary.nextSteps ?? []) out.push(`[summary] next: ${s}`);
  for (const c of summary.commands ?? []) out.push(`[summary] then: ${c}`);
  return out;
}

export function renderFinalPlain(summary: FinalSummary, stream: LineSink): void {
  stream.write(formatFinalPlain(summary).join('\n') + '\n');
}

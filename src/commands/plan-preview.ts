// `panda-k8s plan`: runs every step's check for real (read-only commands) and its apply in dry-run,
// collecting for each step either "already done" or the exact commands it would run.

import type { RunData } from '../app/run-data.js';
import type { Session } from '../app/session.js';
import { bootstrapPlan } from '../app/plans.js';
import { runPlan, type Step } from '../engine/index.js';
import { createUiWiring, type UiWiring } from './run-plan-with-ui.js';

interface StepPreview {
  id: string;
  needs: readonly string[];
  title: string;
  state: 'done' | 'would-run' | 'unknown';
  reason?: string;
  commands: string[];
  note?: string;
}

/** The first lines of an error, enough to say what is wrong. */
function brief(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error)).split('\n').filter((l) => l.trim() !== '');
  return lines.slice(0, 3).join(' ').replace(/\s+/g, ' ');
}

/** A step for the preview: errors in check mean "would run"; apply runs against a dry-run exec. */
function previewStep(step: Step<RunData>, previews: Map<string, StepPreview>): Step<RunData> {
  const p: StepPreview = { id: step.id, needs: step.needs ?? [], title: step.title, state: 'would-run', commands: [] };
  previews.set(step.id, p);
  return {
    ...step,
    async check(ctx) {
      try {
        const r = await step.check(ctx);
        const done = typeof r === 'boolean' ? r : r.done;
        if (done) p.state = 'done';
        p.reason = typeof r === 'boolean' ? undefined : r.reason;
        return r;
      } catch (error) {
        p.state = 'unknown';
        p.note = `cannot tell yet: ${brief(error)}`;
        return false;
      }
    },
    async apply(ctx) {
      try {
        await step.apply(ctx);
      } catch (error) {
        // Later commands depend on what earlier (not run) commands would create.
        p.note ??= `then more, depending on the outcome: ${brief(error)}`;
      }
    },
    verify: undefined,
  };
}

export async function previewPlan(session: Session, makeData: (wiring: UiWiring) => Promise<RunData>): Promise<string> {
  const wiring = await createUiWiring();
  const previews = new Map<string, StepPreview>();
  wiring.subscribe((event) => {
    if (event.type === 'command') previews.get(event.stepId)?.commands.push(event.command);
  });
  const data = await makeData(wiring);
  const steps = bootstrapPlan(data).map((s) => previewStep(s, previews));
  // The journal as it is, but never written: a plan records nothing. One step at a time keeps the listing in order.
  await runPlan({ steps, data, journal: session.journal.readOnlyCopy(), signal: session.signal, concurrency: 1, onEvent: wiring.emit });
  const recorded = new Set(data.exec.recorded.map((r) => r.command));
  const lines = [`Plan for ${data.workspace} (target ${data.target}${data.target === 'sim' ? ': REHEARSAL on the simulated cloud' : ''})`, ''];
  let n = 0;
  const toRun: string[] = [];
  let changing = 0;
  for (const p of previews.values()) {
    n++;
    const head = `${String(n).padStart(2)}. ${p.id.padEnd(22)} ${p.title}`;
    if (p.state === 'done') {
      lines.push(`${head}\n      already done${p.reason ? `: ${p.reason}` : ''}`);
      continue;
    }
    lines.push(head);
    toRun.push(p.id);
    // Only the commands that would change something; the reads already ran.
    const changes = p.commands.filter((c) => recorded.has(c));
    changing += changes.length;
    for (const c of changes) lines.push(`      $ ${c}`);
    if (changes.length === 0) lines.push('      (no command: checks and files only)');
    // A step after one that has not run yet cannot be checked: what it finds then is no news.
    const waitsOnWork = p.needs.some((n) => previews.get(n)?.state !== 'done');
    if (waitsOnWork) lines.push('      … checked for real once the steps it needs have run');
    else if (p.note) lines.push(`      … ${p.note}`);
  }
  lines.push('', toRun.length === 0
    ? 'Everything is done: a bootstrap would change nothing. Nothing was changed.'
    : `${toRun.length} of ${n} steps would run (${toRun.join(', ')}), with ${changing} command${changing === 1 ? '' : 's'} that change something. Nothing was changed: run panda-k8s bootstrap to do it.`);
  return lines.join('\n') + '\n';
}

// Plan validation and ordering: unknown needs, duplicates and cycles are errors that name the steps.

import { BugError } from './errors.js';
import type { Step } from './step.js';

function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

export function suggest(name: string, candidates: readonly string[]): string {
  const c = closest(name, candidates);
  return c ? ` (did you mean "${c}"?)` : '';
}

/** Checks the plan and returns its steps in a topological order (definition order among equals). */
export function orderSteps<D>(steps: readonly Step<D>[]): Step<D>[] {
  const ids = steps.map((s) => s.id);
  const byId = new Map<string, Step<D>>();
  for (const s of steps) {
    if (byId.has(s.id)) throw new BugError(`plan has two steps with id "${s.id}"`);
    byId.set(s.id, s);
  }
  for (const s of steps) {
    for (const n of s.needs ?? []) {
      if (!byId.has(n)) throw new BugError(`step "${s.id}" needs unknown step "${n}"${suggest(n, ids)}`);
    }
  }
  const ordered: Step<D>[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (s: Step<D>, trail: string[]) => {
    const st = state.get(s.id);
    if (st === 'done') return;
    if (st === 'visiting') throw new BugError(`plan has a cycle: ${[...trail, s.id].join(' → ')}`);
    state.set(s.id, 'visiting');
    for (const n of s.needs ?? []) visit(byId.get(n)!, [...trail, s.id]);
    state.set(s.id, 'done');
    ordered.push(s);
  };
  for (const s of steps) visit(s, []);
  return ordered;
}

/** The steps `goals` need, transitively, in plan order (kubeadm-style filtering). */
export function selectSteps<D>(steps: readonly Step<D>[], goals: readonly string[]): Step<D>[] {
  const byId = new Map(steps.map((s) => [s.id, s] as const));
  const wanted = new Set<string>();
  const add = (id: string) => {
    if (wanted.has(id)) return;
    const s = byId.get(id);
    if (!s) throw new BugError(`unknown step "${id}"${suggest(id, [...byId.keys()])}`);
    wanted.add(id);
    for (const n of s.needs ?? []) add(n);
  };
  for (const g of goals) add(g);
  return steps.filter((s) => wanted.has(s.id));
}

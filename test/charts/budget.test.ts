// The default resource requests of all six components fit the documented cluster (4 nodes of
// about 4 vCPU / 7.5 GiB allocatable), with room to spare: the reference asked for ~32 CPU / 128 GiB.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMPONENTS } from '../../src/deploy/components.js';
import { helmReleaseArgs } from '../../src/deploy/release-plan.js';
import { CHARTS, all, helms, render, workloads } from '../helpers/charts-helm.js';

function cpu(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q);
}
function gib(q: string): number {
  const units: Record<string, number> = { Ki: 2 ** -20, Mi: 2 ** -10, Gi: 1, Ti: 1024 };
  const m = /^([0-9.]+)(Ki|Mi|Gi|Ti)?$/.exec(q);
  assert.ok(m, `memory quantity ${q}`);
  return Number(m[1]) * (units[m[2] ?? ''] ?? 2 ** -30);
}

test('default requests of all six components fit 4 nodes of 4 vCPU / 7.5 GiB, with half to spare', async () => {
  const h = helms()[1]!;
  const objs = (await all([...COMPONENTS], (c) => render(h, helmReleaseArgs({ affix: 'test-', component: c.name, chartsDir: CHARTS }).templateArgs.slice(1)))).flat();
  const pods: Array<{ name: string; cpu: number; mem: number }> = [];
  for (const w of workloads(objs)) {
    const replicas = (w.spec as { replicas?: number }).replicas ?? 1;
    const req = w.spec.template.spec.containers.map((c) => c.resources!.requests!);
    for (let i = 0; i < replicas; i++) {
      pods.push({ name: w.metadata.name, cpu: req.reduce((s, r) => s + cpu(r.cpu!), 0), mem: req.reduce((s, r) => s + gib(r.memory!), 0) });
    }
  }
  const total = pods.reduce((s, p) => ({ cpu: s.cpu + p.cpu, mem: s.mem + p.mem }), { cpu: 0, mem: 0 });
  assert.ok(pods.length >= 12, `expected the twelve default workloads, got ${pods.length}`);
  assert.ok(total.cpu <= 8, `requests add up to ${total.cpu} CPU`);
  assert.ok(total.mem <= 15, `requests add up to ${total.mem.toFixed(1)} GiB`);
  // First-fit decreasing onto 4 nodes: every pod must land somewhere.
  const nodes = Array.from({ length: 4 }, () => ({ cpu: 4, mem: 7.5 }));
  for (const p of [...pods].sort((a, b) => b.mem - a.mem)) {
    const n = nodes.find((x) => x.cpu >= p.cpu && x.mem >= p.mem);
    assert.ok(n, `${p.name} (${p.cpu} CPU, ${p.mem} GiB) fits no node`);
    n.cpu -= p.cpu;
    n.mem -= p.mem;
  }
});

// Runs the benchmarks, prints each figure beside its target, writes bench/results.json.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './harness.js';
import { benchCloudCalls } from './cloud-calls.js';
import { benchDeploy } from './deploy.js';
import { benchLiveView } from './live-view.js';
import { removeSimWorkspace } from './sim-workspace.js';
import { benchStartup } from './startup.js';
import { benchStatus } from './status.js';
import { benchTemplate } from './template.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);

const benches: [string, () => Promise<BenchResult>][] = [
  ['startup', () => benchStartup(root)],
  // deploy and status share one bootstrapped sim workspace (deploy leaves it fully deployed)
  ['deploy', () => benchDeploy(root)],
  ['live-view', () => benchLiveView(root)],
  ['template', () => benchTemplate(root)],
  ['status', () => benchStatus(root)],
  ['cloud-calls', () => benchCloudCalls(root)],
];

const results: BenchResult[] = [];
const started = Date.now();
const loadBefore = os.loadavg()[0]!;
for (const [name, run] of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stdout.write(`running ${name} …\n`);
  const t = Date.now();
  try {
    results.push(await run());
  } finally {
    process.stdout.write(`  ${name}: ${Math.round((Date.now() - t) / 1000)} s\n`);
  }
}
await removeSimWorkspace();

const rows = results.flatMap((r) => r.figures.map((f) => [r.bench, f.name, `${f.value} ${f.unit}`, f.target ?? '', f.ok === undefined ? '' : f.ok ? 'ok' : 'MISSED', f.note ?? '']));
const header = ['bench', 'figure', 'value', 'target', '', 'note'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
process.stdout.write('\n' + line(header) + '\n' + line(widths.map((w) => '-'.repeat(w))) + '\n' + rows.map(line).join('\n') + '\n');
const load = `load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after, on ${os.cpus().length} cores`;
process.stdout.write(`\n${results.length} benchmarks in ${Math.round((Date.now() - started) / 1000)} s (${load})\n`);

fs.writeFileSync(path.join(root, 'bench', 'results.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, load, results }, null, 2) + '\n');

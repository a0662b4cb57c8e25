// Runs the benchmarks, prints each figure beside its target, writes bench/results.json.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './harness.js';
import { benchStartup } from './startup.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);

const benches: [string, () => Promise<BenchResult>][] = [
  ['startup', () => benchStartup(root)],
];

const results: BenchResult[] = [];
const started = Date.now();
for (const [name, run] of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stdout.write(`running ${name} …\n`);
  results.push(await run());
}

const rows = results.flatMap((r) => r.figures.map((f) => [r.bench, f.name, `${f.value} ${f.unit}`, f.target ?? '', f.ok === undefined ? '' : f.ok ? 'ok' : 'MISSED', f.note ?? '']));
const header = ['bench', 'figure', 'value', 'target', '', 'note'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
process.stdout.write('\n' + line(header) + '\n' + line(widths.map((w) => '-'.repeat(w))) + '\n' + rows.map(line).join('\n') + '\n');
process.stdout.write(`\n${results.length} benchmarks in ${Math.round((Date.now() - started) / 1000)} s\n`);

fs.writeFileSync(path.join(root, 'bench', 'results.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2) + '\n');

// 4. Template rendering: `panda-k8s install -t` (all six components, rendered in parallel) against a
// shell loop of the same `helm template` commands one after another, as the old install script ran
// them. Same helm binary (.tools/helm-v3 first on PATH), same charts and values: the loop's commands
// are the ones install -t ran, recorded once through a logging helm shim. Median of interleaved runs.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { atMost, info, interleaved, median, round, runProcess, timeProcess, type BenchResult } from './harness.js';

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const US = '\x1f';
const RS = '\x1e';

export async function benchTemplate(root: string, runs = 9): Promise<BenchResult> {
  const helmDir = path.join(root, '.tools', 'helm-v3');
  const helm = path.join(helmDir, 'helm');
  if (!fs.existsSync(helm)) throw new Error(`${helm} is missing: run npm run tools`);
  const cli = path.join(root, 'dist', 'panda-k8s.mjs');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-bench-template-'));
  const ws = path.join(dir, 'ws');
  fs.mkdirSync(ws);
  // The launcher's cache of the bench's own, warmed by the recording run below (the CLI unpacked, V8's code cache).
  const env = { PATH: [helmDir, process.env['PATH'] ?? ''].join(path.delimiter), XDG_CACHE_HOME: path.join(dir, 'cache') };

  // Record the commands install -t runs.
  const shimDir = path.join(dir, 'shim');
  fs.mkdirSync(shimDir);
  const log = path.join(dir, 'helm-calls');
  fs.writeFileSync(path.join(shimDir, 'helm'),
    `#!/bin/sh\n{ for a in "$@"; do printf '%s${US}' "$a"; done; printf '${RS}'; } >> ${shq(log)}\nexec ${shq(helm)} "$@"\n`, { mode: 0o755 });
  const recorded = await runProcess(process.execPath, [cli, 'install', '-t', '-w', ws], { env: { ...env, PATH: [shimDir, env.PATH].join(path.delimiter) }, cwd: root });
  const commands = fs.readFileSync(log, 'utf8').split(RS).filter(Boolean).map((c) => c.split(US).slice(0, -1));
  const templates = commands.filter((c) => c[0] === 'template');
  if (templates.length !== 6) throw new Error(`install -t ran ${templates.length} helm template commands, not 6: ${commands.map((c) => c.slice(0, 2).join(' ')).join('; ')}`);
  const loop = path.join(dir, 'loop.sh');
  fs.writeFileSync(loop, `#!/bin/sh\n# the old script's way: one helm template after another\nset -e\n${commands.map((c) => [helm, ...c].map(shq).join(' ')).join('\n')}\n`);
  // Both print the same manifests.
  const plain = await runProcess('sh', [loop], { cwd: root });
  const bytes = (t: string) => t.split('\n').filter((l) => !l.startsWith('# ---- ')).join('\n').length;
  if (Math.abs(bytes(plain.stdout) - bytes(recorded.stdout)) > 64) throw new Error(`install -t printed ${recorded.stdout.length} bytes, the loop ${plain.stdout.length}`);

  const times = await interleaved(runs, {
    cli: () => timeProcess(process.execPath, [cli, 'install', '-t', '-w', ws], { env, cwd: root }),
    loop: () => timeProcess('sh', [loop], { cwd: root }),
  });
  fs.rmSync(dir, { recursive: true, force: true });
  const cliMs = median(times.cli!);
  const loopMs = median(times.loop!);
  const ratio = cliMs / loopMs;
  return {
    bench: 'template rendering',
    figures: [
      info('install -t, all six (median)', round(cliMs, 0), 'ms', `${commands.length} helm calls`),
      info('sequential helm template loop (median)', round(loopMs, 0), 'ms'),
      // The old install script rendered one chart after another: install -t must not be slower.
      atMost('install -t / sequential loop', round(ratio), 'ratio', 1.0,
        ratio > 1.0
          ? `MISSED: one render takes ~${round(loopMs / templates.length, 0)} ms, so on ${os.cpus().length} cores parallel rendering saves at most ~${round(loopMs / 2, 0)} ms, less than the CLI costs on top of its renders (~${round(cliMs - loopMs / 2, 0)} ms beyond half the loop: node start-up, loading the bundle, spawning through execa)`
          : undefined),
    ],
  };
}

// Runs a chart's helm-test script here, as its test Pod runs it: `python3 -c` on the chart's
// files/tests/checklib.py followed by the check's own file (the same text the template embeds).

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHARTS } from './charts-helm.js';

/** The program a chart's test Pod runs: checklib.py then the check script, as the template joins them. */
export function testProgram(chart: string, script: string): string {
  const dir = join(CHARTS, chart, 'files', 'tests');
  return readFileSync(join(dir, 'checklib.py'), 'utf8') + '\n' + readFileSync(join(dir, script), 'utf8');
}

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The check lines: "ok:", "FAIL:", "skip:". */
  lines: string[];
}

/**
 * Runs the program with only `env` (plus PATH), the way the Pod's env is only what its spec gives.
 * TEST_DEADLINE_SECONDS defaults to 0 here: one attempt, no retry pause, so a failing case fails at once.
 */
export function runTestScript(chart: string, script: string, env: Record<string, string>, options: { path?: string } = {}): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', testProgram(chart, script)], {
      env: { PATH: options.path ?? process.env.PATH ?? '/usr/bin:/bin', TEST_DEADLINE_SECONDS: '0', TEST_TIMEOUT_SECONDS: '30', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, lines: stdout.split('\n').filter((l) => /^(ok|FAIL|skip):/.test(l)) }));
  });
}

// What `helm test` proves about the releases: each chart's test Pods (charts/<c>/templates/tests/) exercise
// the service (a STOMP login, an authenticated call, a token …); a failed test is reported with its own log.

import type { ClusterIo } from './cluster-io.js';
import type { PodJson } from './k8s-shapes.js';

/** How long helm waits for each test Pod (helm test --timeout); the scripts retry a slow service for 120 s. */
export const DEFAULT_TEST_TIMEOUT = '5m';

export interface ReleaseTestResult {
  release: string;
  /** passed: every test Succeeded; failed: a test failed; none: the chart has no tests; error: helm could not run them. */
  outcome: 'passed' | 'failed' | 'none' | 'error';
  tests: Array<{ name: string; phase: string; log: string[] }>;
  /** helm's error line(s), or what kept helm from running the tests. */
  error?: string;
}

/** Runs the release's tests once; never rejects (an unreachable cluster is an `error` outcome). */
export async function testRelease(io: Pick<ClusterIo, 'test'>, release: string, namespace: string, options: { timeout?: string; signal?: AbortSignal } = {}): Promise<ReleaseTestResult> {
  try {
    const run = await io.test(release, namespace, { timeout: options.timeout ?? DEFAULT_TEST_TIMEOUT, signal: options.signal });
    const tests = run.tests.map((t) => ({ name: t.name, phase: t.phase, log: t.log ?? [] }));
    const failed = run.exitCode !== 0 || tests.some((t) => t.phase !== 'Succeeded');
    if (!failed) return { release, outcome: run.none || tests.length === 0 ? 'none' : 'passed', tests };
    return { release, outcome: 'failed', tests, ...(run.error ? { error: run.error } : {}) };
  } catch (error) {
    const said = (error as { result?: { stderr?: string } }).result?.stderr || (error as Error).message;
    return { release, outcome: 'error', tests: [], error: said.trim().split('\n').filter((l) => l.trim() !== '').pop()?.replace(/^Error: /, '') ?? 'helm test failed' };
  }
}

/** The tests that failed: by phase, or (helm stopped at it) the one its error names. */
export function failedTests(r: ReleaseTestResult): ReleaseTestResult['tests'] {
  const failed = r.tests.filter((t) => t.phase !== 'Succeeded');
  return failed.length > 0 ? failed : r.tests.filter((t) => r.error?.includes(t.name));
}

/** What verify and status --check say about a release whose tests did not pass: the test, helm's error, its log. */
export function failureLines(r: ReleaseTestResult): string[] {
  if (r.outcome === 'error') return [`helm test ${r.release} could not run: ${r.error ?? 'no reason given'}`];
  const failed = failedTests(r);
  if (failed.length === 0) return [`helm test ${r.release} failed: ${r.error ?? 'no test passed'}`];
  return failed.flatMap((t) => [
    `helm test ${r.release}: test ${t.name} ${t.phase === 'Running' ? 'did not finish' : t.phase}${r.error ? ` (${r.error.split('\n')[0]})` : ''}`,
    ...(t.log.length > 0 ? t.log.map((l) => `    ${l}`) : ['    (no log: the test Pod never started; kubectl describe pod shows why)']),
  ]);
}

/** One line per passed release, with any check a test skipped (what it could not prove, and why). */
export function successLines(r: ReleaseTestResult): string[] {
  if (r.outcome === 'none') return [`${r.release}: no helm tests in its chart`];
  const skipped = r.tests.flatMap((t) => t.log.filter((l) => l.startsWith('skip:')));
  return [`ok: helm test ${r.release}: ${r.tests.map((t) => `${t.name} ${t.phase}`).join(', ')}`, ...skipped.map((l) => `    ${l}`)];
}

/** A helm test hook Pod (annotated helm.sh/hook: test): it ends Completed or Error, and is no service Pod to wait for. */
export function isTestPod(pod: PodJson): boolean {
  return (pod.metadata.annotations?.['helm.sh/hook'] ?? '').split(',').map((e) => e.trim()).includes('test');
}

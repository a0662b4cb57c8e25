// Pure parsers of helm's output: version, `list -o json`, `status -o json`, and error kinds.

import { expectArray, expectObject, num, parseJson, str } from './json.js';

export interface HelmVersion {
  major: number;
  minor: number;
  patch: number;
  raw: string;
}

/** `v3.17.2+gcc0bbbd` (version --short) or `v4.1.4` (version --template {{.Version}}). */
export function parseHelmVersion(text: string): HelmVersion | undefined {
  const m = /v?(\d+)\.(\d+)\.(\d+)\S*/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), raw: m[0] } : undefined;
}

export interface ReleaseSummary {
  name: string;
  namespace: string;
  revision: number;
  updated: string;
  status: string;
  /** `<chart name>-<chart version>` as helm list prints it. */
  chart: string;
  appVersion: string;
}

export function parseReleaseList(stdout: string): ReleaseSummary[] {
  if (stdout.trim() === '') return [];
  return expectArray(parseJson(stdout, 'helm list'), 'helm list', stdout).map((x) => {
    const o = x as Record<string, unknown>;
    return {
      name: str(o['name']),
      namespace: str(o['namespace']),
      revision: num(o['revision']),
      updated: str(o['updated']),
      status: str(o['status']),
      chart: str(o['chart']),
      appVersion: str(o['app_version']),
    };
  });
}

export interface ReleaseStatus {
  name: string;
  namespace: string;
  revision: number;
  status: string;
  description: string;
  firstDeployed: string;
  lastDeployed: string;
  chartName?: string;
  chartVersion?: string;
  appVersion?: string;
  /** The user-supplied values (helm's `config`). */
  config: Record<string, unknown>;
}

export function parseReleaseStatus(stdout: string): ReleaseStatus {
  const o = expectObject(parseJson(stdout, 'helm status'), 'helm status', stdout);
  const info = (o['info'] ?? {}) as Record<string, unknown>;
  const meta = ((o['chart'] as Record<string, unknown> | undefined)?.['metadata'] ?? undefined) as Record<string, unknown> | undefined;
  return {
    name: str(o['name']),
    namespace: str(o['namespace']),
    revision: num(o['version']),
    status: str(info['status']),
    description: str(info['description']),
    firstDeployed: str(info['first_deployed']),
    lastDeployed: str(info['last_deployed']),
    ...(meta ? { chartName: str(meta['name']), chartVersion: str(meta['version']), appVersion: str(meta['appVersion']) } : {}),
    config: (o['config'] && typeof o['config'] === 'object' ? o['config'] : {}) as Record<string, unknown>,
  };
}

/** helm's "no such release" answers (status, uninstall, history). */
export function isReleaseNotFound(stderr: string): boolean {
  return /release: not found|Release not loaded/.test(stderr);
}

/** An upgrade that waited and ran out of --timeout. */
export function isHelmTimeout(stderr: string): boolean {
  return /context deadline exceeded|timed out waiting for the condition/.test(stderr);
}

/** Another install/upgrade/rollback of the release is still pending. */
export function isHelmBusy(stderr: string): boolean {
  return /another operation \(install\/upgrade\/rollback\) is in progress/.test(stderr);
}

/** One test of a `helm test` run, as helm's TEST SUITE block and POD LOGS section report it. */
export interface TestSuiteEntry {
  name: string;
  /** helm's hook phase: Succeeded, Failed, Running, Unknown. */
  phase: string;
  /** The Pod's log (--logs), when helm printed one. */
  log?: string[];
}

export interface TestRun {
  /** Tests that ran (or ran before: helm lists every test hook that was ever started). */
  tests: TestSuiteEntry[];
  /** helm printed `TEST SUITE: None`: the chart has no tests. */
  none: boolean;
  /** helm's error (`Error: …`, helm 4 may add lines), when it failed. */
  error?: string;
}

/**
 * `helm test --logs` output (helm 3.17 and 4.1): the release block, a `TEST SUITE:` block per test
 * (name, Last Started, Last Completed, Phase), NOTES (helm 3), then per test `POD LOGS: <pod>` and its log.
 */
export function parseTestRun(stdout: string, stderr: string): TestRun {
  const tests: TestSuiteEntry[] = [];
  for (const m of stdout.matchAll(/^TEST SUITE: {5}(\S+)\n(?:.*\n){0,2}?Phase: {10}(\S+)/gm)) tests.push({ name: m[1]!, phase: m[2]! });
  const sections = stdout.split(/^POD LOGS: (\S+)\n/m);
  for (let i = 1; i < sections.length; i += 2) {
    const log = sections[i + 1]!.replace(/\n+$/, '').split('\n');
    const entry = tests.find((t) => t.name === sections[i]);
    if (entry) entry.log = log.length === 1 && log[0] === '' ? [] : log;
  }
  const at = stderr.search(/^Error: /m);
  const error = at >= 0 ? stderr.slice(at).replace(/^Error: /, '').trim() : undefined;
  return { tests, none: /^TEST SUITE: None$/m.test(stdout), ...(error ? { error } : {}) };
}

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

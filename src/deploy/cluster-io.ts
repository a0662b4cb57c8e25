// The helm and kubectl calls the deploy phase makes, as one narrow interface over Exec.
// Every call gets the workspace kubeconfig/context explicitly; tests swap in a recording Exec.

import type { Exec, ExecResult } from '../tools/exec/index.js';
import type { EventJson, ListJson, NodeJson, PodJson, PvcJson } from './k8s-shapes.js';

export interface HelmReleaseStatus {
  name: string;
  status: string;
  revision: number;
  description: string;
  chart?: string;
  chartVersion?: string;
  appVersion?: string;
  updated?: string;
}

export interface UpgradeInstallArgs {
  /** `upgrade --install <release> <chart> --namespace … -f … --set …` (release-plan's upgradeArgs). */
  args: readonly string[];
  /** helm --timeout, e.g. "10m". */
  timeout: string;
  /** Stored with the release (helm --description): we keep the inputs digest there. */
  description: string;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
}

export interface ClusterIo {
  /** helm's major version (3 or 4), asked once. */
  helmMajor(signal?: AbortSignal): Promise<3 | 4>;
  /** The flag that rolls a failed upgrade back: --atomic (helm 3) or --rollback-on-failure (helm 4). */
  rollbackFlag(signal?: AbortSignal): Promise<string>;
  upgradeInstall(args: UpgradeInstallArgs): Promise<ExecResult>;
  /** undefined when no such release exists. */
  status(release: string, namespace: string, signal?: AbortSignal): Promise<HelmReleaseStatus | undefined>;
  list(namespace: string, signal?: AbortSignal): Promise<HelmReleaseStatus[]>;
  /** Renders with `template <release> <chart> …` (release-plan's templateArgs); returns the manifests. */
  template(args: readonly string[], signal?: AbortSignal): Promise<string>;
  uninstall(release: string, namespace: string, signal?: AbortSignal): Promise<void>;
  namespaceExists(namespace: string, signal?: AbortSignal): Promise<boolean>;
  createNamespace(namespace: string, signal?: AbortSignal): Promise<void>;
  pods(namespace: string, selector?: string, signal?: AbortSignal): Promise<PodJson[]>;
  allPods(signal?: AbortSignal): Promise<PodJson[]>;
  events(namespace: string, signal?: AbortSignal): Promise<EventJson[]>;
  pvcs(namespace: string, selector?: string, signal?: AbortSignal): Promise<PvcJson[]>;
  deletePvcs(namespace: string, names: readonly string[], signal?: AbortSignal): Promise<void>;
  nodes(signal?: AbortSignal): Promise<NodeJson[]>;
  logs(namespace: string, pod: string, container: string, options: { previous: boolean; tail: number; signal?: AbortSignal }): Promise<string[]>;
  /**
   * `kubectl get --raw <path>` (the API server's service proxy reaches the services). With timeoutSeconds,
   * kubectl gives up after that long (--request-timeout) and is stopped a little later if it has not.
   */
  getRaw(path: string, signal?: AbortSignal, options?: { timeoutSeconds?: number }): Promise<string>;
}

export interface ClusterIoOptions {
  exec: Exec;
  kubeconfig?: string;
  kubeContext?: string;
  /** @default 'helm' (the sim's stand-in when its bin folder is first on PATH) */
  helmBin?: string;
  /** @default 'kubectl' */
  kubectlBin?: string;
}

/** Release selector of the charts' pods (pk.selectorLabels). */
export function instanceSelector(release: string): string {
  return `app.kubernetes.io/instance=${release}`;
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${what}: the output is not JSON (${(error as Error).message}): ${text.slice(0, 200)}`, { cause: error });
  }
}

const NOT_FOUND = /not found|NotFound/i;

/** The revision `helm upgrade --install` reports on stdout (`REVISION: 3`), if it printed one. */
export function revisionOfUpgrade(stdout: string): number | undefined {
  const m = /^REVISION:\s*(\d+)\s*$/m.exec(stdout);
  return m ? Number(m[1]) : undefined;
}

export function createClusterIo(options: ClusterIoOptions): ClusterIo {
  const { exec } = options;
  const helmBin = options.helmBin ?? 'helm';
  const kubectlBin = options.kubectlBin ?? 'kubectl';
  const helmConn = [
    ...(options.kubeconfig ? ['--kubeconfig', options.kubeconfig] : []),
    ...(options.kubeContext ? ['--kube-context', options.kubeContext] : []),
  ];
  const kubeConn = [
    ...(options.kubeconfig ? ['--kubeconfig', options.kubeconfig] : []),
    ...(options.kubeContext ? ['--context', options.kubeContext] : []),
  ];
  const helm = (args: string[], opts: Parameters<Exec['run']>[2] = {}) => exec.run(helmBin, [...args, ...helmConn], opts);
  const kubectl = (args: string[], opts: Parameters<Exec['run']>[2] = {}) => exec.run(kubectlBin, [...kubeConn, ...args], opts);
  let major: Promise<3 | 4> | undefined;

  const items = async <T>(args: string[], signal?: AbortSignal): Promise<T[]> => {
    const r = await kubectl([...args, '-o', 'json'], { signal });
    return parseJson<ListJson<T>>(r.stdout, `kubectl ${args.join(' ')}`).items ?? [];
  };

  const io: ClusterIo = {
    helmMajor(signal) {
      major ??= helm(['version', '--template', '{{.Version}}'], { signal }).then((r) => {
        const m = /v?(\d+)\./.exec(r.stdout.trim());
        return m && m[1] === '4' ? 4 : 3;
      });
      return major;
    },
    async rollbackFlag(signal) {
      return (await io.helmMajor(signal)) === 4 ? '--rollback-on-failure' : '--atomic';
    },
    async upgradeInstall(a) {
      const flag = await io.rollbackFlag(a.signal);
      return helm([...a.args, '--wait', '--timeout', a.timeout, flag, '--description', a.description], { mutating: true, signal: a.signal, onLine: a.onLine });
    },
    async status(release, namespace, signal) {
      const r = await helm(['status', release, '--namespace', namespace, '-o', 'json'], { signal, allowFailure: true });
      if (r.failed) {
        if (NOT_FOUND.test(r.stderr)) return undefined;
        throw new Error(`helm status ${release} failed: ${r.stderr.trim().split('\n').pop()}`);
      }
      const s = parseJson<{ name: string; version: number; info?: { status?: string; description?: string; last_deployed?: string }; chart?: { metadata?: { name?: string; version?: string; appVersion?: string } } }>(r.stdout, `helm status ${release}`);
      return {
        name: s.name,
        status: s.info?.status ?? 'unknown',
        revision: s.version,
        description: s.info?.description ?? '',
        chart: s.chart?.metadata?.name,
        chartVersion: s.chart?.metadata?.version,
        appVersion: s.chart?.metadata?.appVersion,
        updated: s.info?.last_deployed,
      };
    },
    async list(namespace, signal) {
      const r = await helm(['list', '--namespace', namespace, '--all', '-o', 'json'], { signal });
      const rows = parseJson<{ name: string; revision: string | number; updated?: string; status: string; chart?: string; app_version?: string }[]>(r.stdout || '[]', 'helm list');
      return rows.map((row) => {
        const m = /^(.*)-(\d+\.\d+\.\d+[^-]*)$/.exec(row.chart ?? '');
        return {
          name: row.name, status: row.status, revision: Number(row.revision), description: '',
          chart: m ? m[1] : row.chart, chartVersion: m ? m[2] : undefined, appVersion: row.app_version, updated: row.updated,
        };
      });
    },
    async template(args, signal) {
      return (await helm([...args], { signal })).stdout;
    },
    async uninstall(release, namespace, signal) {
      const r = await helm(['uninstall', release, '--namespace', namespace, '--wait'], { mutating: true, signal, allowFailure: true });
      if (r.failed && !NOT_FOUND.test(r.stderr)) throw new Error(`helm uninstall ${release} failed: ${r.stderr.trim().split('\n').pop()}`);
    },
    async namespaceExists(namespace, signal) {
      const r = await kubectl(['get', 'namespace', namespace, '-o', 'json'], { signal, allowFailure: true });
      if (!r.failed) return true;
      if (NOT_FOUND.test(r.stderr)) return false;
      throw new Error(`kubectl get namespace ${namespace} failed: ${r.stderr.trim().split('\n').pop()}`);
    },
    async createNamespace(namespace, signal) {
      await kubectl(['create', 'namespace', namespace], { mutating: true, signal });
    },
    pods: (namespace, selector, signal) => items<PodJson>(['get', 'pods', '--namespace', namespace, ...(selector ? ['-l', selector] : [])], signal),
    allPods: (signal) => items<PodJson>(['get', 'pods', '--all-namespaces'], signal),
    events: (namespace, signal) => items<EventJson>(['get', 'events', '--namespace', namespace], signal),
    pvcs: (namespace, selector, signal) => items<PvcJson>(['get', 'pvc', '--namespace', namespace, ...(selector ? ['-l', selector] : [])], signal),
    async deletePvcs(namespace, names, signal) {
      if (names.length === 0) return;
      await kubectl(['delete', 'pvc', '--namespace', namespace, '--ignore-not-found', ...names], { mutating: true, signal });
    },
    nodes: (signal) => items<NodeJson>(['get', 'nodes'], signal),
    async logs(namespace, pod, container, o) {
      const r = await kubectl(['logs', '--namespace', namespace, pod, '-c', container, '--tail', String(o.tail), ...(o.previous ? ['--previous'] : [])], { signal: o.signal, allowFailure: true });
      return (r.failed ? r.stderr : r.stdout).split('\n').filter((l) => l !== '');
    },
    async getRaw(path, signal, o) {
      const t = o?.timeoutSeconds;
      const limit = t !== undefined ? { timeoutMs: (t + 5) * 1000 } : {};
      return (await kubectl(['get', '--raw', path, ...(t !== undefined ? ['--request-timeout', `${t}s`] : [])], { signal, ...limit })).stdout;
    },
  };
  return io;
}

// Typed wrapper of `kubectl`: one method per verb; --kubeconfig/--context passed explicitly on every
// call; `-o json` parsed by src/tools/parse/kubectl.ts. A NotFound is an answer (undefined).

import { ToolError, type Exec, type ExecResult } from './exec/index.js';
import * as parse from './parse/kubectl.js';

export type { NodeInfo, PodInfo, EventInfo, ConfigMapInfo, WorkloadInfo, PvcInfo, KubeVersion } from './parse/kubectl.js';

export interface KubeTarget {
  /** Passed as --kubeconfig on every call (never the user's global one by surprise). */
  kubeconfig?: string;
  /** Passed as --context. */
  context?: string;
}

export interface KubectlOptions extends KubeTarget {
  /** @default 'kubectl' */
  binary?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface KubectlApi {
  readonly target: KubeTarget;
  version(o?: CallOptions): Promise<parse.KubeVersion>;
  getNodes(o?: CallOptions): Promise<parse.NodeInfo[]>;
  /** Pods of `namespace` (all namespaces when undefined), optionally by label selector. */
  getPods(namespace: string | undefined, selector?: string, o?: CallOptions): Promise<parse.PodInfo[]>;
  getEvents(namespace: string | undefined, o?: CallOptions): Promise<parse.EventInfo[]>;
  getConfigMap(namespace: string, name: string, o?: CallOptions): Promise<parse.ConfigMapInfo | undefined>;
  getDaemonSet(namespace: string, name: string, o?: CallOptions): Promise<parse.WorkloadInfo | undefined>;
  /** DaemonSets, Deployments or StatefulSets by selector. */
  getWorkloads(kind: 'daemonset' | 'deployment' | 'statefulset', namespace: string, selector?: string, o?: CallOptions): Promise<parse.WorkloadInfo[]>;
  getPvcs(namespace: string, selector?: string, o?: CallOptions): Promise<parse.PvcInfo[]>;
  getNamespaces(o?: CallOptions): Promise<string[]>;
  createNamespace(name: string, o?: CallOptions): Promise<void>;
  /** `label <kind> <name> k=v … --overwrite` (idempotent). */
  label(kind: string, name: string, labels: Record<string, string>, o?: CallOptions): Promise<void>;
  /** `patch configmap <name> --type merge -p {"data":…}`. */
  patchConfigMap(namespace: string, name: string, data: Record<string, string>, o?: CallOptions): Promise<void>;
  /** Last `tail` lines of a container's log; undefined when the container has not started. */
  logs(namespace: string, pod: string, options?: CallOptions & { container?: string; tail?: number; previous?: boolean }): Promise<string[] | undefined>;
  deletePod(namespace: string, name: string, o?: CallOptions): Promise<void>;
  deletePvc(namespace: string, name: string, o?: CallOptions): Promise<void>;
  /** `get --raw <path>`: the body, or the failed result (health probes judge the stderr). */
  getRaw(path: string, o?: CallOptions): Promise<{ ok: true; body: string } | { ok: false; stderr: string; result: ExecResult }>;
}

export function kubeTargetArgs(target: KubeTarget): string[] {
  return [...(target.kubeconfig ? ['--kubeconfig', target.kubeconfig] : []), ...(target.context ? ['--context', target.context] : [])];
}

export function createKubectl(exec: Exec, options: KubectlOptions = {}): KubectlApi {
  const bin = options.binary ?? 'kubectl';
  const target: KubeTarget = { kubeconfig: options.kubeconfig, context: options.context };
  const run = (args: string[], o: CallOptions & { mutating?: boolean; allowFailure?: boolean } = {}): Promise<ExecResult> =>
    exec.run(bin, [...kubeTargetArgs(target), ...args], { signal: o.signal, onLine: o.onLine, mutating: o.mutating ?? false, allowFailure: o.allowFailure });
  const nsArgs = (ns: string | undefined) => (ns === undefined ? ['--all-namespaces'] : ['--namespace', ns]);
  const lookup = async <T>(args: string[], parser: (s: string) => T, o?: CallOptions): Promise<T | undefined> => {
    const r = await run(args, { ...o, allowFailure: true });
    if (!r.failed) return parser(r.stdout);
    if (parse.isKubeNotFound(r.stderr)) return undefined;
    throw new ToolError(r);
  };
  return {
    target,
    async version(o) {
      return parse.parseKubeVersion((await run(['version', '-o', 'json'], o)).stdout);
    },
    async getNodes(o) {
      return parse.parseNodes((await run(['get', 'nodes', '-o', 'json'], o)).stdout);
    },
    async getPods(ns, selector, o) {
      return parse.parsePods((await run(['get', 'pods', ...nsArgs(ns), ...(selector ? ['-l', selector] : []), '-o', 'json'], o)).stdout);
    },
    async getEvents(ns, o) {
      return parse.parseEvents((await run(['get', 'events', ...nsArgs(ns), '-o', 'json'], o)).stdout);
    },
    getConfigMap: (ns, name, o) => lookup(['get', 'configmap', name, '--namespace', ns, '-o', 'json'], parse.parseConfigMap, o),
    getDaemonSet: (ns, name, o) => lookup(['get', 'daemonset', name, '--namespace', ns, '-o', 'json'], (s) => parse.parseWorkloads(s)[0]!, o),
    async getWorkloads(kind, ns, selector, o) {
      return parse.parseWorkloads((await run(['get', kind, '--namespace', ns, ...(selector ? ['-l', selector] : []), '-o', 'json'], o)).stdout);
    },
    async getPvcs(ns, selector, o) {
      return parse.parsePvcs((await run(['get', 'pvc', '--namespace', ns, ...(selector ? ['-l', selector] : []), '-o', 'json'], o)).stdout);
    },
    async getNamespaces(o) {
      return parse.parseNamespaces((await run(['get', 'namespaces', '-o', 'json'], o)).stdout);
    },
    async createNamespace(name, o) {
      await run(['create', 'namespace', name], { ...o, mutating: true });
    },
    async label(kind, name, labels, o) {
      await run(['label', kind, name, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`), '--overwrite'], { ...o, mutating: true });
    },
    async patchConfigMap(ns, name, data, o) {
      await run(['patch', 'configmap', name, '--namespace', ns, '--type', 'merge', '-p', JSON.stringify({ data })], { ...o, mutating: true });
    },
    async logs(ns, pod, o = {}) {
      const r = await run(
        ['logs', pod, '--namespace', ns, ...(o.container ? ['-c', o.container] : []), '--tail', String(o.tail ?? 50), ...(o.previous ? ['--previous'] : [])],
        { signal: o.signal, allowFailure: true },
      );
      if (!r.failed) return r.stdout.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
      if (/is waiting to start|previous terminated container .* not found/.test(r.stderr)) return undefined;
      throw new ToolError(r);
    },
    async deletePod(ns, name, o) {
      await run(['delete', 'pod', name, '--namespace', ns, '--ignore-not-found'], { ...o, mutating: true });
    },
    async deletePvc(ns, name, o) {
      await run(['delete', 'pvc', name, '--namespace', ns, '--ignore-not-found'], { ...o, mutating: true });
    },
    async getRaw(path, o) {
      const r = await run(['get', '--raw', path], { ...o, allowFailure: true });
      return r.failed ? { ok: false, stderr: r.stderr, result: r } : { ok: true, body: r.stdout };
    },
  };
}

/** The same wrapper as a class: `new Kubectl(exec, options)`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Kubectl {
  constructor(exec: Exec, options: KubectlOptions = {}) {
    Object.assign(this, createKubectl(exec, options));
  }
}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Kubectl extends KubectlApi {}

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
  /** The output goes to the transcript only: the caller reports a failure itself (its message once, not twice). */
  quiet?: boolean;
}

/** Where a `get` looks: one namespace, every namespace, or (neither) a cluster-scoped kind. */
export interface GetScope {
  namespace?: string;
  /** --all-namespaces (instead of --namespace). */
  allNamespaces?: boolean;
  /** -l */
  selector?: string;
}

/** A command's output, or the failed result when it gave none (the caller judges the stderr). */
export type Outcome<T> = ({ ok: true } & T) | { ok: false; stderr: string; result: ExecResult };

export interface KubectlApi {
  readonly target: KubeTarget;
  version(o?: CallOptions): Promise<parse.KubeVersion>;
  getNodes(o?: CallOptions): Promise<parse.NodeInfo[]>;
  /** `get <kind> … -o json`: the List's raw items, for callers that read fields the parsed shapes leave out. */
  getItems<T = Record<string, unknown>>(kind: string, scope?: GetScope, o?: CallOptions): Promise<T[]>;
  /** Pods of `namespace` (all namespaces when undefined), optionally by label selector. */
  getPods(namespace: string | undefined, selector?: string, o?: CallOptions): Promise<parse.PodInfo[]>;
  getEvents(namespace: string | undefined, o?: CallOptions): Promise<parse.EventInfo[]>;
  getConfigMap(namespace: string, name: string, o?: CallOptions): Promise<parse.ConfigMapInfo | undefined>;
  getDaemonSet(namespace: string, name: string, o?: CallOptions): Promise<parse.WorkloadInfo | undefined>;
  /** DaemonSets, Deployments or StatefulSets by selector. */
  getWorkloads(kind: 'daemonset' | 'deployment' | 'statefulset', namespace: string, selector?: string, o?: CallOptions): Promise<parse.WorkloadInfo[]>;
  getPvcs(namespace: string, selector?: string, o?: CallOptions): Promise<parse.PvcInfo[]>;
  getNamespaces(o?: CallOptions): Promise<string[]>;
  namespaceExists(name: string, o?: CallOptions): Promise<boolean>;
  createNamespace(name: string, o?: CallOptions): Promise<void>;
  /** `label <kind> <name> k=v … --overwrite` (idempotent). */
  label(kind: string, name: string, labels: Record<string, string>, o?: CallOptions): Promise<void>;
  /** `patch configmap <name> --type merge -p {"data":…}`. */
  patchConfigMap(namespace: string, name: string, data: Record<string, string>, o?: CallOptions): Promise<void>;
  /** Last `tail` lines of a container's log, or kubectl's complaint (not started yet, no previous container …). */
  logs(namespace: string, pod: string, options?: CallOptions & { container?: string; tail?: number; previous?: boolean }): Promise<Outcome<{ lines: string[] }>>;
  deletePod(namespace: string, name: string, o?: CallOptions): Promise<void>;
  /** One `delete pvc` for all `names` (none: no call). */
  deletePvcs(namespace: string, names: readonly string[], o?: CallOptions): Promise<void>;
  /**
   * `get --raw <path>`: the body, or the failed result (health probes judge the stderr). With timeoutSeconds,
   * kubectl gives up after that long (--request-timeout) and is stopped a little later if it has not.
   */
  /** `quiet`: an error is an answer the caller judges (a STOMP port behind the HTTP proxy), not news for the screen. */
  getRaw(path: string, o?: CallOptions & { timeoutSeconds?: number; quiet?: boolean }): Promise<Outcome<{ body: string }>>;
}

export function kubeTargetArgs(target: KubeTarget): string[] {
  return [...(target.kubeconfig ? ['--kubeconfig', target.kubeconfig] : []), ...(target.context ? ['--context', target.context] : [])];
}

export function createKubectl(exec: Exec, options: KubectlOptions = {}): KubectlApi {
  const bin = options.binary ?? 'kubectl';
  const target: KubeTarget = { kubeconfig: options.kubeconfig, context: options.context };
  const run = (args: string[], o: CallOptions & { mutating?: boolean; allowFailure?: boolean; timeoutMs?: number; quiet?: boolean } = {}): Promise<ExecResult> =>
    exec.run(bin, [...kubeTargetArgs(target), ...args], {
      signal: o.signal, onLine: o.onLine, mutating: o.mutating ?? false, allowFailure: o.allowFailure, quiet: o.quiet, ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    });
  /** `get <kind> [--namespace ns | --all-namespaces] [-l selector] -o json` */
  const get = (kind: string, s: GetScope, o?: CallOptions) =>
    run(['get', kind, ...(s.allNamespaces ? ['--all-namespaces'] : s.namespace !== undefined ? ['--namespace', s.namespace] : []), ...(s.selector ? ['-l', s.selector] : []), '-o', 'json'], o);
  /** undefined namespace: all namespaces. */
  const nsScope = (ns: string | undefined, selector?: string): GetScope => (ns === undefined ? { allNamespaces: true, selector } : { namespace: ns, selector });
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
      return parse.parseNodes((await get('nodes', {}, o)).stdout);
    },
    async getItems<T>(kind: string, scope: GetScope = {}, o?: CallOptions) {
      return parse.parseListItems<T>((await get(kind, scope, o)).stdout, `kubectl get ${kind}`);
    },
    async getPods(ns, selector, o) {
      return parse.parsePods((await get('pods', nsScope(ns, selector), o)).stdout);
    },
    async getEvents(ns, o) {
      return parse.parseEvents((await get('events', nsScope(ns), o)).stdout);
    },
    getConfigMap: (ns, name, o) => lookup(['get', 'configmap', name, '--namespace', ns, '-o', 'json'], parse.parseConfigMap, o),
    getDaemonSet: (ns, name, o) => lookup(['get', 'daemonset', name, '--namespace', ns, '-o', 'json'], (s) => parse.parseWorkloads(s)[0]!, o),
    async getWorkloads(kind, ns, selector, o) {
      return parse.parseWorkloads((await get(kind, { namespace: ns, selector }, o)).stdout);
    },
    async getPvcs(ns, selector, o) {
      return parse.parsePvcs((await get('pvc', { namespace: ns, selector }, o)).stdout);
    },
    async getNamespaces(o) {
      return parse.parseNamespaces((await get('namespaces', {}, o)).stdout);
    },
    async namespaceExists(name, o) {
      return (await lookup(['get', 'namespace', name, '-o', 'json'], () => true, o)) ?? false;
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
        ['logs', '--namespace', ns, pod, ...(o.container ? ['-c', o.container] : []), '--tail', String(o.tail ?? 50), ...(o.previous ? ['--previous'] : [])],
        { signal: o.signal, allowFailure: true },
      );
      return r.failed ? { ok: false, stderr: r.stderr, result: r } : { ok: true, lines: r.stdout.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1) };
    },
    async deletePod(ns, name, o) {
      await run(['delete', 'pod', name, '--namespace', ns, '--ignore-not-found'], { ...o, mutating: true });
    },
    async deletePvcs(ns, names, o) {
      if (names.length === 0) return;
      await run(['delete', 'pvc', '--namespace', ns, '--ignore-not-found', ...names], { ...o, mutating: true });
    },
    async getRaw(path, o = {}) {
      const t = o.timeoutSeconds;
      const r = await run(['get', '--raw', path, ...(t !== undefined ? ['--request-timeout', `${t}s`] : [])], {
        signal: o.signal, onLine: o.onLine, allowFailure: true, quiet: o.quiet, ...(t !== undefined ? { timeoutMs: (t + 5) * 1000 } : {}),
      });
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

// The helm and kubectl calls the deploy phase makes, as one narrow interface (tests inject fakes of it).
// createClusterIo is a thin adapter over the typed wrappers src/tools/helm.ts and kubectl.ts: the argv,
// the workspace kubeconfig/context flags, helm's major and the not-found answers are theirs.

import { ToolError, type Exec, type ExecResult } from '../tools/exec/index.js';
import { createHelm, type HelmApi, type TestRun } from '../tools/helm.js';
import { createKubectl, type KubectlApi } from '../tools/kubectl.js';
import type { EventJson, NodeJson, PodJson, PvcJson } from './k8s-shapes.js';

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
  getRaw(path: string, signal?: AbortSignal, options?: { timeoutSeconds?: number; quiet?: boolean }): Promise<string>;
  /** `helm test <release> --logs`: each test's phase and log; a failed test is an answer (exitCode 1), not a throw. */
  test(release: string, namespace: string, options: { timeout: string; signal?: AbortSignal }): Promise<TestRun & { exitCode: number }>;
}

export interface ClusterIoOptions {
  exec: Exec;
  kubeconfig?: string;
  kubeContext?: string;
  /** @default 'helm' (the sim's stand-in when its bin folder is first on PATH) */
  helmBin?: string;
  /** @default 'kubectl' */
  kubectlBin?: string;
  /** The run's own wrappers, so helm's major is asked once per run. @default new ones over `exec` */
  helm?: HelmApi;
  kubectl?: KubectlApi;
}

/** The deploy phase's view of the run's cluster: the run's kubeconfig, context and tool wrappers. */
export function clusterIoOf(data: { exec: Exec; kubeconfig: string | undefined; kubeContext: string | undefined; helm?: HelmApi; kubectl?: KubectlApi }): ClusterIo {
  return createClusterIo({ exec: data.exec, kubeconfig: data.kubeconfig, kubeContext: data.kubeContext, helm: data.helm, kubectl: data.kubectl });
}

/** Release selector of the charts' pods (pk.selectorLabels). */
export function instanceSelector(release: string): string {
  return `app.kubernetes.io/instance=${release}`;
}

/** The revision `helm upgrade --install` reports on stdout (`REVISION: 3`), if it printed one. */
export function revisionOfUpgrade(stdout: string): number | undefined {
  const m = /^REVISION:\s*(\d+)\s*$/m.exec(stdout);
  return m ? Number(m[1]) : undefined;
}

export function createClusterIo(options: ClusterIoOptions): ClusterIo {
  const helm = options.helm ?? createHelm(options.exec, { kubeconfig: options.kubeconfig, context: options.kubeContext, binary: options.helmBin });
  const kubectl = options.kubectl ?? createKubectl(options.exec, { kubeconfig: options.kubeconfig, context: options.kubeContext, binary: options.kubectlBin });
  return {
    helmMajor: async (signal) => ((await helm.major({ signal })) >= 4 ? 4 : 3),
    rollbackFlag: (signal) => helm.rollbackFlag({ signal }),
    upgradeInstall: (a) => helm.upgradeInstall({ argv: a.args, timeout: a.timeout, description: a.description, signal: a.signal, onLine: a.onLine }),
    async status(release, namespace, signal) {
      const s = await helm.status(release, namespace, { signal });
      return s && {
        name: s.name, status: s.status || 'unknown', revision: s.revision, description: s.description,
        chart: s.chartName || undefined, chartVersion: s.chartVersion || undefined, appVersion: s.appVersion || undefined, updated: s.lastDeployed || undefined,
      };
    },
    async list(namespace, signal) {
      return (await helm.list(namespace, { signal })).map((row) => {
        const m = /^(.*)-(\d+\.\d+\.\d+[^-]*)$/.exec(row.chart);
        return {
          name: row.name, status: row.status, revision: row.revision, description: '',
          chart: m ? m[1] : row.chart || undefined, chartVersion: m?.[2], appVersion: row.appVersion || undefined, updated: row.updated || undefined,
        };
      });
    },
    template: (argv, signal) => helm.template({ argv }, { signal }),
    async uninstall(release, namespace, signal) {
      await helm.uninstall(release, namespace, { signal });
    },
    namespaceExists: (namespace, signal) => kubectl.namespaceExists(namespace, { signal }),
    createNamespace: (namespace, signal) => kubectl.createNamespace(namespace, { signal }),
    pods: (namespace, selector, signal) => kubectl.getItems<PodJson>('pods', { namespace, selector }, { signal }),
    allPods: (signal) => kubectl.getItems<PodJson>('pods', { allNamespaces: true }, { signal }),
    events: (namespace, signal) => kubectl.getItems<EventJson>('events', { namespace }, { signal }),
    pvcs: (namespace, selector, signal) => kubectl.getItems<PvcJson>('pvc', { namespace, selector }, { signal }),
    deletePvcs: (namespace, names, signal) => kubectl.deletePvcs(namespace, names, { signal }),
    nodes: (signal) => kubectl.getItems<NodeJson>('nodes', {}, { signal }),
    async logs(namespace, pod, container, o) {
      const r = await kubectl.logs(namespace, pod, { container, tail: o.tail, previous: o.previous, signal: o.signal });
      return (r.ok ? r.lines : r.stderr.split('\n')).filter((l) => l !== '');
    },
    test: (release, namespace, o) => helm.test(release, namespace, { timeout: o.timeout, signal: o.signal }),
    async getRaw(path, signal, o) {
      const r = await kubectl.getRaw(path, { signal, quiet: o?.quiet, ...(o?.timeoutSeconds !== undefined ? { timeoutSeconds: o.timeoutSeconds } : {}) });
      if (!r.ok) throw new ToolError(r.result);
      return r.body;
    },
  };
}

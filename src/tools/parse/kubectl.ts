// Pure parsers of `kubectl ... -o json` output into the small shapes the product reads.

import { expectObject, num, parseJson, str, strMap } from './json.js';

type J = Record<string, unknown>;
const obj = (v: unknown): J => (v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {});
const arr = (v: unknown): J[] => (Array.isArray(v) ? (v as J[]) : []);

/** CPU quantity → millicores (`250m`, `0.5`, `2`). */
export function parseCpu(q: string | undefined): number {
  if (!q) return 0;
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Math.round(Number(q) * 1000);
}

const UNITS: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, '': 1 };

/** Memory quantity → bytes (`256Mi`, `1Gi`, `500M`, `15267008Ki`). */
export function parseMemory(q: string | undefined): number {
  if (!q) return 0;
  const m = /^([0-9.eE+-]+?)(Ki|Mi|Gi|Ti|k|K|M|G|T|)$/.exec(q);
  return m ? Math.round(Number(m[1]) * UNITS[m[2]!]!) : 0;
}

/** The `items` of a `kind: List` (or the object itself when kubectl got one name). */
export function parseItems(stdout: string, what: string): J[] {
  const o = expectObject(parseJson(stdout, what), what, stdout);
  return Array.isArray(o['items']) ? (o['items'] as J[]) : [o];
}

/** The raw `items` of a `kind: List` ([] when it has none). */
export function parseListItems<T>(stdout: string, what: string): T[] {
  const items = expectObject(parseJson(stdout, what), what, stdout)['items'];
  return Array.isArray(items) ? (items as T[]) : [];
}

export interface NodeInfo {
  name: string;
  ready: boolean;
  /** Reason and message of the Ready condition when not Ready. */
  notReadyReason?: string;
  roles: string[];
  master: boolean;
  labels: Record<string, string>;
  allocatable: { cpuMilli: number; memBytes: number };
  kubeletVersion: string;
  internalIP?: string;
}

export function nodeInfo(n: J): NodeInfo {
  const meta = obj(n['metadata']);
  const status = obj(n['status']);
  const labels = strMap(meta['labels']);
  const ready = arr(status['conditions']).find((c) => c['type'] === 'Ready');
  const roles = Object.keys(labels).filter((l) => l.startsWith('node-role.kubernetes.io/')).map((l) => l.slice('node-role.kubernetes.io/'.length));
  const alloc = strMap(status['allocatable']);
  return {
    name: str(meta['name']),
    ready: ready?.['status'] === 'True',
    ...(ready?.['status'] !== 'True' ? { notReadyReason: `${str(ready?.['reason']) || 'Unknown'}${ready?.['message'] ? `: ${str(ready['message'])}` : ''}` } : {}),
    roles,
    master: roles.includes('master') || roles.includes('control-plane') || labels['magnum.openstack.org/role'] === 'master',
    labels,
    allocatable: { cpuMilli: parseCpu(alloc['cpu']), memBytes: parseMemory(alloc['memory']) },
    kubeletVersion: str(obj(status['nodeInfo'])['kubeletVersion']),
    internalIP: arr(status['addresses']).find((a) => a['type'] === 'InternalIP')?.['address'] as string | undefined,
  };
}

export function parseNodes(stdout: string): NodeInfo[] {
  return parseItems(stdout, 'kubectl get nodes').map(nodeInfo);
}

export interface PodInfo {
  name: string;
  namespace: string;
  phase: string;
  ready: boolean;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  /** The first waiting container's reason (ContainerCreating, ImagePullBackOff, CrashLoopBackOff …). */
  waitingReason?: string;
  waitingMessage?: string;
  /** PodScheduled=False: kube-scheduler's message (FailedScheduling). */
  unschedulable?: string;
  nodeName?: string;
  labels: Record<string, string>;
  containers: { name: string; image: string; requests: { cpuMilli: number; memBytes: number } }[];
  pvcs: string[];
}

export function podInfo(p: J): PodInfo {
  const meta = obj(p['metadata']);
  const spec = obj(p['spec']);
  const status = obj(p['status']);
  const cs = arr(status['containerStatuses']);
  const waiting = cs.map((c) => obj(obj(c['state'])['waiting'])).find((w) => w['reason']);
  const conds = arr(status['conditions']);
  const sched = conds.find((c) => c['type'] === 'PodScheduled');
  const containers = arr(spec['containers']);
  return {
    name: str(meta['name']),
    namespace: str(meta['namespace']),
    phase: str(status['phase']),
    ready: conds.find((c) => c['type'] === 'Ready')?.['status'] === 'True',
    readyContainers: cs.filter((c) => c['ready'] === true).length,
    totalContainers: containers.length,
    restarts: cs.reduce((a, c) => a + num(c['restartCount']), 0),
    ...(waiting ? { waitingReason: str(waiting['reason']), ...(waiting['message'] ? { waitingMessage: str(waiting['message']) } : {}) } : {}),
    ...(sched?.['status'] === 'False' ? { unschedulable: str(sched['message']) } : {}),
    ...(spec['nodeName'] ? { nodeName: str(spec['nodeName']) } : {}),
    labels: strMap(meta['labels']),
    containers: containers.map((c) => {
      const req = strMap(obj(obj(c['resources'])['requests']));
      return { name: str(c['name']), image: str(c['image']), requests: { cpuMilli: parseCpu(req['cpu']), memBytes: parseMemory(req['memory']) } };
    }),
    pvcs: arr(spec['volumes']).map((v) => str(obj(v['persistentVolumeClaim'])['claimName'])).filter(Boolean),
  };
}

export function parsePods(stdout: string): PodInfo[] {
  return parseItems(stdout, 'kubectl get pods').map(podInfo);
}

export interface EventInfo {
  type: string;
  reason: string;
  message: string;
  objectKind: string;
  objectName: string;
  namespace: string;
  count: number;
  lastTimestamp: string;
}

export function parseEvents(stdout: string): EventInfo[] {
  return parseItems(stdout, 'kubectl get events').map((e) => {
    const io = obj(e['involvedObject']);
    return {
      type: str(e['type']),
      reason: str(e['reason']),
      message: str(e['message']),
      objectKind: str(io['kind']),
      objectName: str(io['name']),
      namespace: str(io['namespace'] ?? obj(e['metadata'])['namespace']),
      count: num(e['count'] ?? 1),
      lastTimestamp: str(e['lastTimestamp'] ?? e['eventTime'] ?? obj(e['metadata'])['creationTimestamp']),
    };
  });
}

export interface ConfigMapInfo {
  name: string;
  namespace: string;
  data: Record<string, string>;
}

export function parseConfigMap(stdout: string): ConfigMapInfo {
  const o = expectObject(parseJson(stdout, 'kubectl get configmap'), 'kubectl get configmap', stdout);
  const meta = obj(o['metadata']);
  return { name: str(meta['name']), namespace: str(meta['namespace']), data: strMap(o['data']) };
}

export interface WorkloadInfo {
  kind: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  containers: { name: string; image: string; args: string[] }[];
  desired: number;
  ready: number;
}

export function workloadInfo(w: J): WorkloadInfo {
  const meta = obj(w['metadata']);
  const spec = obj(w['spec']);
  const status = obj(w['status']);
  const kind = str(w['kind']);
  return {
    kind,
    name: str(meta['name']),
    namespace: str(meta['namespace']),
    labels: strMap(meta['labels']),
    containers: arr(obj(obj(spec['template'])['spec'])['containers']).map((c) => ({
      name: str(c['name']),
      image: str(c['image']),
      args: [...(Array.isArray(c['command']) ? (c['command'] as unknown[]).map(str) : []), ...(Array.isArray(c['args']) ? (c['args'] as unknown[]).map(str) : [])],
    })),
    desired: kind === 'DaemonSet' ? num(status['desiredNumberScheduled']) : num(spec['replicas'] ?? 1),
    ready: kind === 'DaemonSet' ? num(status['numberReady']) : num(status['readyReplicas']),
  };
}

/** `get daemonset|deployment|statefulset [NAME] -o json`: one object or a List. */
export function parseWorkloads(stdout: string): WorkloadInfo[] {
  return parseItems(stdout, 'kubectl get workloads').map(workloadInfo);
}

/** The ingress-nginx controller's version (from its image tag or version label) and whether it runs with --enable-ssl-passthrough. */
export function ingressControllerInfo(w: WorkloadInfo): { version?: string; sslPassthrough: boolean } {
  const c = w.containers.find((x) => /ingress-nginx|nginx-ingress/.test(x.image) || x.args.some((a) => a.includes('nginx-ingress-controller'))) ?? w.containers[0];
  const tag = /:v?(\d+\.\d+\.\d+)/.exec(c?.image ?? '')?.[1];
  const version = tag ?? w.labels['app.kubernetes.io/version']?.replace(/^v/, '');
  const sslPassthrough = (c?.args ?? []).some((a) => a === '--enable-ssl-passthrough' || a === '--enable-ssl-passthrough=true');
  return { ...(version ? { version } : {}), sslPassthrough };
}

/** `1.12.1` ≥ `1.12.0`? Compares dotted numeric versions. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.replace(/^v/, '').split('.').map(Number);
  const b = minimum.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

export function parseNamespaces(stdout: string): string[] {
  return parseItems(stdout, 'kubectl get namespaces').map((n) => str(obj(n['metadata'])['name']));
}

export interface KubeVersion {
  client?: string;
  server?: string;
}

export function parseKubeVersion(stdout: string): KubeVersion {
  const o = expectObject(parseJson(stdout, 'kubectl version'), 'kubectl version', stdout);
  const client = str(obj(o['clientVersion'])['gitVersion']);
  const server = str(obj(o['serverVersion'])['gitVersion']);
  return { ...(client ? { client } : {}), ...(server ? { server } : {}) };
}

export interface PvcInfo {
  name: string;
  namespace: string;
  phase: string;
  storage: string;
  storageClassName: string;
  labels: Record<string, string>;
}

export function parsePvcs(stdout: string): PvcInfo[] {
  return parseItems(stdout, 'kubectl get pvc').map((c) => {
    const meta = obj(c['metadata']);
    const spec = obj(c['spec']);
    return {
      name: str(meta['name']),
      namespace: str(meta['namespace']),
      phase: str(obj(c['status'])['phase']),
      storage: str(obj(obj(spec['resources'])['requests'])['storage']),
      storageClassName: str(spec['storageClassName']),
      labels: strMap(meta['labels']),
    };
  });
}

/** kubectl's "does not exist" answers (exit 1). */
export function isKubeNotFound(stderr: string): boolean {
  return /\(NotFound\)|not found/.test(stderr);
}

/**
 * kubectl (or helm) could not reach the API server at all: refused, timed out, a name that does not resolve, a
 * TLS handshake that never ends. Not an answer of the API (a 403, a NotFound), which needs another fix.
 */
export function isKubeUnreachable(stderr: string): boolean {
  return /Unable to connect to the server|The connection to the server .* was refused|Kubernetes cluster unreachable|dial tcp|i\/o timeout|no such host|connection refused|TLS handshake timeout|context deadline exceeded|Client\.Timeout exceeded|no route to host|network is unreachable/i.test(stderr);
}

// The simulated Kubernetes cluster behind a Magnum cluster: nodes sized by flavor, the CERN
// kube-system objects, a scheduler that respects requests, and pods that start over sim time.

import { NOMINAL, isDone, newProgress, stageOf } from './clock.js';
import { findFault, targetMatches, testTargetMatches, type Fault } from './faults.js';
import { isoZ, kubeSuffix, uuid } from './ids.js';
import type { Cluster, KNode, KPod, KPvc, Kube, KWorkload, Resources, Server, SimState } from './types.js';

export interface View {
  state: SimState;
  faults: Fault[];
  speed: number;
  now: number;
}

/** Nova flavors at CERN: vCPUs and memory (GiB). */
export const FLAVORS: Record<string, { vcpus: number; memGi: number; id: string }> = {
  'm2.small': { vcpus: 1, memGi: 1.8, id: '2f7b4bb1-0000-4000-8000-000000000001' },
  'm2.medium': { vcpus: 2, memGi: 3.6, id: '2f7b4bb1-0000-4000-8000-000000000002' },
  'm2.large': { vcpus: 4, memGi: 7.3, id: '2f7b4bb1-0000-4000-8000-000000000003' },
  'm2.xlarge': { vcpus: 8, memGi: 14.6, id: '2f7b4bb1-0000-4000-8000-000000000004' },
  'm2.2xlarge': { vcpus: 16, memGi: 29, id: '2f7b4bb1-0000-4000-8000-000000000005' },
};

const KI = 1024;
/** kubelet's system reserve: 200m CPU, 512 MiB plus the 100 MiB hard eviction threshold. */
const RESERVED = { cpuMilli: 200, memBytes: (512 + 100) * KI * KI };

export function capacityOf(flavor: string): Resources {
  const f = FLAVORS[flavor] ?? FLAVORS['m2.medium']!;
  return { cpuMilli: f.vcpus * 1000, memBytes: Math.round((f.memGi * KI * KI) / 4) * 4 * KI };
}

export function allocatableOf(flavor: string): Resources {
  const cap = capacityOf(flavor);
  return { cpuMilli: cap.cpuMilli - RESERVED.cpuMilli, memBytes: cap.memBytes - RESERVED.memBytes };
}

export function parseCpu(q: string | undefined): number {
  if (!q) return 0;
  if (q.endsWith('m')) return Number(q.slice(0, -1));
  return Math.round(Number(q) * 1000);
}

const MEM_UNITS: Record<string, number> = {
  Ki: KI, Mi: KI ** 2, Gi: KI ** 3, Ti: KI ** 4, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, '': 1,
};

export function parseMemory(q: string | undefined): number {
  if (!q) return 0;
  const m = /^([0-9.eE+-]+?)(Ki|Mi|Gi|Ti|k|K|M|G|T|)$/.exec(q);
  if (!m) return 0;
  return Math.round(Number(m[1]) * MEM_UNITS[m[2]!]!);
}

export function podRequests(pod: Pick<KPod, 'containers'>): Resources {
  let cpuMilli = 0;
  let memBytes = 0;
  for (const c of pod.containers) {
    cpuMilli += parseCpu(c.requests.cpu);
    memBytes += parseMemory(c.requests.memory);
  }
  return { cpuMilli, memBytes };
}

/** `<name[:20].lower()>-<shortid>`: the Heat stack name Magnum gives servers and nodes. */
/**
 * The Heat stack name Magnum gives a cluster, which prefixes every server name (`<stack>-node-<i>`): the first 30
 * characters of the name, "_" and "." turned into "-", other characters dropped, a 12-character random id
 * appended, all lower-cased (magnum/drivers/heat/driver.py `_create_stack`). `PanDA-DOMA-k8s` → `panda-doma-k8s-<id>`.
 */
export function stackPrefix(cluster: Pick<Cluster, 'name' | 'shortId'>): string {
  const cut = cluster.name.slice(0, 30).replace(/[_.]/g, '-').replace(/[^A-Za-z0-9-]/g, '');
  return `${cut}-${cluster.shortId}`.toLowerCase();
}

export function kubeOf(state: SimState, clusterUuid: string): Kube | undefined {
  return state.kubes.find((k) => k.clusterUuid === clusterUuid);
}

export const INGRESS_DS = 'cern-magnum-ingress-nginx-controller';

/** Builds the cluster's Kubernetes side once Magnum reports CREATE_COMPLETE. */
export function createKube(state: SimState, cluster: Cluster, servers: Server[], now: number): Kube {
  const created = isoZ(now);
  const kube: Kube = {
    clusterUuid: cluster.uuid,
    version: cluster.coeVersion,
    namespaces: ['default', 'kube-node-lease', 'kube-public', 'kube-system'].map((name) => ({ name, uid: uuid(state), created })),
    nodes: [],
    workloads: [],
    pods: [],
    services: [],
    pvcs: [],
    configMaps: [],
    others: [],
    releases: [],
  };
  for (const server of [...servers].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))) {
    const master = /-master-\d+$/.test(server.name);
    const index = Number(/-(\d+)$/.exec(server.name)?.[1] ?? 0);
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/instance-type': server.flavor,
      'beta.kubernetes.io/os': 'linux',
      'failure-domain.beta.kubernetes.io/zone': 'cern-geneva-c',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': server.name,
      'kubernetes.io/os': 'linux',
      'magnum.openstack.org/nodegroup': master ? 'default-master' : 'default-worker',
      'magnum.openstack.org/role': master ? 'master' : 'worker',
      'node.kubernetes.io/instance-type': server.flavor,
      'topology.kubernetes.io/zone': 'cern-geneva-c',
    };
    if (master) labels['node-role.kubernetes.io/master'] = '';
    kube.nodes.push({
      name: server.name,
      uid: uuid(state),
      role: master ? 'master' : 'worker',
      index,
      ip: server.ip,
      flavor: server.flavor,
      labels,
      created,
      progress: newProgress(now, [NOMINAL.nodeReady]),
    });
  }
  kube.configMaps.push({
    name: INGRESS_DS,
    namespace: 'kube-system',
    uid: uuid(state),
    release: 'cern-magnum',
    labels: ingressLabels(cluster.ingress.version),
    data: { 'allow-snippet-annotations': 'false' },
    created,
    resourceVersion: 1000 + state.seq,
  });
  const args = [
    '/nginx-ingress-controller',
    `--publish-service=$(POD_NAMESPACE)/${INGRESS_DS}`,
    '--election-id=cern-magnum-ingress-nginx-leader',
    '--controller-class=k8s.io/ingress-nginx',
    '--ingress-class=nginx',
    `--configmap=$(POD_NAMESPACE)/${INGRESS_DS}`,
    '--watch-ingress-without-class=true',
    ...(cluster.ingress.sslPassthrough ? ['--enable-ssl-passthrough'] : []),
  ];
  kube.workloads.push({
    kind: 'DaemonSet',
    name: INGRESS_DS,
    namespace: 'kube-system',
    uid: uuid(state),
    release: 'cern-magnum',
    replicas: 0,
    labels: ingressLabels(cluster.ingress.version),
    selector: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'cern-magnum', 'app.kubernetes.io/name': 'ingress-nginx' },
    podLabels: { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'cern-magnum', 'app.kubernetes.io/name': 'ingress-nginx' },
    containers: [
      {
        name: 'controller',
        image: `registry.k8s.io/ingress-nginx/controller:v${cluster.ingress.version}`,
        requests: { cpu: '100m', memory: '90Mi' },
        ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 443, name: 'https', protocol: 'TCP' }],
        args,
      },
    ],
    pvcs: [],
    claimTemplates: [],
    nodeSelector: { role: 'ingress' },
    podHash: kubeSuffix(state, 10),
    created,
  });
  kube.workloads.push({
    kind: 'Deployment',
    name: 'coredns',
    namespace: 'kube-system',
    uid: uuid(state),
    replicas: 2,
    labels: { 'k8s-app': 'kube-dns' },
    selector: { 'k8s-app': 'kube-dns' },
    podLabels: { 'k8s-app': 'kube-dns' },
    containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.1', requests: { cpu: '100m', memory: '70Mi' }, ports: [{ containerPort: 53, name: 'dns', protocol: 'UDP' }] }],
    pvcs: [],
    claimTemplates: [],
    podHash: kubeSuffix(state, 10),
    created,
  });
  kube.services.push({
    name: 'kube-dns', namespace: 'kube-system', uid: uuid(state), type: 'ClusterIP', selector: { 'k8s-app': 'kube-dns' },
    ports: [{ name: 'dns', port: 53, protocol: 'UDP' }], clusterIP: '10.254.0.10', labels: { 'k8s-app': 'kube-dns' }, created,
  });
  reconcile(state, kube, now);
  return kube;
}

function ingressLabels(version: string): Record<string, string> {
  return {
    'app.kubernetes.io/component': 'controller',
    'app.kubernetes.io/instance': 'cern-magnum',
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/name': 'ingress-nginx',
    'app.kubernetes.io/part-of': 'ingress-nginx',
    'app.kubernetes.io/version': version,
    'helm.sh/chart': `ingress-nginx-${version.replace(/^1\./, '4.')}`,
  };
}

export function matchesSelector(labels: Record<string, string>, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function nodeFaulted(view: Pick<View, 'faults'>, node: KNode): boolean {
  return node.role === 'worker' && view.faults.some((f) => f.name === 'node-notready' && (f.node ?? 0) === node.index);
}

export function nodeReady(view: View, node: KNode): boolean {
  return !nodeFaulted(view, node) && isDone(node.progress, view.speed, view.now);
}

/** Creates and deletes pods so every workload has its replicas (DaemonSets: one per matching node). */
export function reconcile(state: SimState, kube: Kube, now: number, faults: Fault[] = []): void {
  for (const w of kube.workloads) {
    const mine = kube.pods.filter((p) => p.namespace === w.namespace && p.workload === w.name);
    if (w.kind === 'DaemonSet') {
      const nodes = kube.nodes.filter((n) => matchesSelector(n.labels, w.nodeSelector ?? {}));
      for (const pod of mine) if (!nodes.some((n) => n.name === pod.nodeName)) kube.pods.splice(kube.pods.indexOf(pod), 1);
      for (const node of nodes) if (!mine.some((p) => p.nodeName === node.name)) kube.pods.push(newPod(state, w, `${w.name}-${kubeSuffix(state, 5)}`, now, node.name));
      continue;
    }
    if (w.kind === 'StatefulSet') {
      for (let i = 0; i < w.replicas; i++) {
        const name = `${w.name}-${i}`;
        if (!mine.some((p) => p.name === name)) kube.pods.push(newPod(state, w, name, now));
        for (const t of w.claimTemplates) {
          const pvcName = `${t.name}-${name}`;
          if (!kube.pvcs.some((c) => c.namespace === w.namespace && c.name === pvcName)) {
            kube.pvcs.push({
              name: pvcName, namespace: w.namespace, uid: uuid(state), release: w.release, storage: t.storage,
              storageClassName: t.storageClassName ?? 'standard', accessModes: ['ReadWriteOnce'], labels: { ...w.podLabels }, created: isoZ(now), fromTemplate: true,
            });
          }
        }
      }
      for (const pod of mine) if (Number(/-(\d+)$/.exec(pod.name)?.[1]) >= w.replicas) kube.pods.splice(kube.pods.indexOf(pod), 1);
      continue;
    }
    const count = w.kind === 'Job' ? 1 : w.replicas;
    for (let i = mine.length; i < count; i++) {
      const name = w.kind === 'Job' ? `${w.name}-${kubeSuffix(state, 5)}` : `${w.name}-${w.podHash}-${kubeSuffix(state, 5)}`;
      kube.pods.push(newPod(state, w, name, now));
    }
    for (const pod of mine.slice(count)) kube.pods.splice(kube.pods.indexOf(pod), 1);
  }
  schedule(kube, { state, faults, speed: 1, now });
}

function newPod(state: SimState, w: KWorkload, name: string, now: number, nodeName?: string): KPod {
  const pvcs = [...w.pvcs, ...w.claimTemplates.map((t) => `${t.name}-${name}`)];
  const ownerKind = w.kind === 'Deployment' ? 'ReplicaSet' : w.kind;
  const labels: Record<string, string> = { ...w.podLabels };
  if (w.kind === 'Deployment') labels['pod-template-hash'] = w.podHash;
  if (w.kind === 'StatefulSet') labels['statefulset.kubernetes.io/pod-name'] = name;
  return {
    name,
    namespace: w.namespace,
    uid: uuid(state),
    labels,
    ownerKind,
    ownerName: w.kind === 'Deployment' ? `${w.name}-${w.podHash}` : w.name,
    workload: w.name,
    release: w.release,
    containers: w.containers.map((c) => ({ ...c })),
    pvcs,
    nodeName,
    created: isoZ(now),
    progress: newProgress(now, [NOMINAL.podSchedule, NOMINAL.podCreate, NOMINAL.podReady]),
    completes: w.kind === 'Job' ? true : undefined,
  };
}

export function pvcPending(view: Pick<View, 'faults'>, pvc: KPvc): boolean {
  const fault = findFault(view.faults, 'pvc-pending');
  if (!fault) return false;
  return fault.target === undefined || fault.target === pvc.release || pvc.name.includes(fault.target);
}

export function podPvcPending(view: Pick<View, 'faults'>, kube: Kube, pod: KPod): boolean {
  return pod.pvcs.some((name) => {
    const pvc = kube.pvcs.find((c) => c.namespace === pod.namespace && c.name === name);
    return pvc === undefined || pvcPending(view, pvc);
  });
}

/** Places unscheduled pods on the least-loaded schedulable worker their requests fit on. */
export function schedule(kube: Kube, view: View): void {
  for (const pod of kube.pods) {
    if (pod.nodeName || podPvcPending(view, kube, pod)) continue;
    const req = podRequests(pod);
    let best: { node: KNode; freeCpu: number } | undefined;
    for (const node of kube.nodes) {
      if (node.role !== 'worker' || nodeFaulted(view, node)) continue;
      const alloc = allocatableOf(node.flavor);
      const used = kube.pods.filter((p) => p.nodeName === node.name).map(podRequests).reduce((a, b) => ({ cpuMilli: a.cpuMilli + b.cpuMilli, memBytes: a.memBytes + b.memBytes }), { cpuMilli: 0, memBytes: 0 });
      const freeCpu = alloc.cpuMilli - used.cpuMilli;
      if (freeCpu < req.cpuMilli || alloc.memBytes - used.memBytes < req.memBytes) continue;
      if (!best || freeCpu > best.freeCpu) best = { node, freeCpu };
    }
    if (best) pod.nodeName = best.node.name;
  }
}

/** Why the scheduler cannot place the pod, worded like kube-scheduler's FailedScheduling. */
export function unschedulableMessage(view: View, kube: Kube, pod: KPod): string {
  const total = kube.nodes.length;
  if (podPvcPending(view, kube, pod)) {
    return `0/${total} nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
  }
  const req = podRequests(pod);
  const reasons: string[] = [];
  const masters = kube.nodes.filter((n) => n.role === 'master').length;
  if (masters) reasons.push(`${masters} node(s) had untolerated taint {node-role.kubernetes.io/master: }`);
  const notReady = kube.nodes.filter((n) => n.role === 'worker' && nodeFaulted(view, n)).length;
  if (notReady) reasons.push(`${notReady} node(s) had untolerated taint {node.kubernetes.io/not-ready: }`);
  let cpu = 0;
  let mem = 0;
  for (const node of kube.nodes) {
    if (node.role !== 'worker' || nodeFaulted(view, node)) continue;
    const alloc = allocatableOf(node.flavor);
    const used = kube.pods.filter((p) => p.nodeName === node.name).map(podRequests).reduce((a, b) => ({ cpuMilli: a.cpuMilli + b.cpuMilli, memBytes: a.memBytes + b.memBytes }), { cpuMilli: 0, memBytes: 0 });
    if (alloc.cpuMilli - used.cpuMilli < req.cpuMilli) cpu++;
    if (alloc.memBytes - used.memBytes < req.memBytes) mem++;
  }
  if (cpu) reasons.push(`${cpu} Insufficient cpu`);
  if (mem) reasons.push(`${mem} Insufficient memory`);
  const workers = total - masters - notReady;
  return `0/${total} nodes are available: ${reasons.join(', ')}. preemption: 0/${total} nodes are available: ${masters + notReady} Preemption is not helpful for scheduling, ${workers} No preemption victims found for incoming pod.`;
}

export type PodFault = { kind: 'image-pull' | 'crash-loop' } | undefined;

/** A finished hook Pod's verdict: the one recorded when it finished, else what the test-fail faults say now. */
export function hookOutcome(view: Pick<View, 'faults'>, pod: KPod): 'succeeded' | 'failed' {
  if (pod.hook?.outcome) return pod.hook.outcome;
  return view.faults.some((f) => f.name === 'test-fail' && testTargetMatches(f.target, pod.release ?? '', pod.name)) ? 'failed' : 'succeeded';
}

export function podFault(view: Pick<View, 'faults'>, pod: KPod): PodFault {
  for (const f of view.faults) {
    // A test Pod runs once and never restarts: a crash-loop has nothing to loop (test-fail fails it).
    if (pod.hook && f.name === 'crash-loop') continue;
    if ((f.name === 'image-pull' || f.name === 'crash-loop') && targetMatches(f.target, pod.release, pod.workload)) return { kind: f.name };
  }
  return undefined;
}

export interface PodStatusView {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ready: boolean;
  scheduled: boolean;
  /** 0 scheduling, 1 creating, 2 started, 3 ready/done. */
  stage: number;
  waitingReason?: string;
  waitingMessage?: string;
  restarts: number;
  fault: PodFault;
}

export function podStatus(view: View, kube: Kube, pod: KPod): PodStatusView {
  const scheduled = pod.nodeName !== undefined;
  const stage = scheduled ? stageOf(pod.progress, view.speed, view.now) : 0;
  const fault = podFault(view, pod);
  const node = kube.nodes.find((n) => n.name === pod.nodeName);
  const image = pod.containers[0]?.image ?? '';
  if (!scheduled) return { phase: 'Pending', ready: false, scheduled, stage: 0, restarts: 0, fault };
  if (stage < 2 || (node && !nodeReady(view, node) && stage < 3)) {
    if (fault?.kind === 'image-pull' && stage >= 1) {
      const backoff = pod.progress.seen > 2 || (view.speed > 0 && view.now - pod.progress.start > 30_000 * view.speed);
      return {
        phase: 'Pending', ready: false, scheduled, stage, restarts: 0, fault,
        waitingReason: backoff ? 'ImagePullBackOff' : 'ErrImagePull',
        waitingMessage: backoff ? `Back-off pulling image "${image}"` : imagePullError(image),
      };
    }
    return { phase: 'Pending', ready: false, scheduled, stage, restarts: 0, fault, waitingReason: 'ContainerCreating' };
  }
  if (fault?.kind === 'image-pull') {
    return { phase: 'Pending', ready: false, scheduled, stage, restarts: 0, fault, waitingReason: 'ImagePullBackOff', waitingMessage: `Back-off pulling image "${image}"` };
  }
  if (fault?.kind === 'crash-loop') {
    const restarts = view.speed > 0 ? Math.floor((view.now - pod.progress.start) / view.speed / 60_000) + 1 : pod.progress.seen;
    return {
      phase: 'Running', ready: false, scheduled, stage, restarts, fault, waitingReason: 'CrashLoopBackOff',
      waitingMessage: `back-off ${restarts > 4 ? '5m0s' : `${10 * 2 ** Math.max(0, restarts - 1)}s`} restarting failed container=${pod.containers[0]?.name ?? ''} pod=${pod.name}_${pod.namespace}(${pod.uid})`,
    };
  }
  if (pod.completes && stage >= 3) {
    return { phase: pod.hook && hookOutcome(view, pod) === 'failed' ? 'Failed' : 'Succeeded', ready: false, scheduled, stage, restarts: 0, fault };
  }
  return { phase: 'Running', ready: stage >= 3, scheduled, stage, restarts: 0, fault };
}

export function imagePullError(image: string): string {
  const ref = image.includes(':') ? image : `${image}:latest`;
  const full = ref.includes('/') ? (ref.split('/')[0]!.includes('.') ? ref : `docker.io/${ref}`) : `docker.io/library/${ref}`;
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${full}: not found`;
}

/** Finds the kube whose API server is at `server` (https://IP:6443). */
export function kubeByServer(state: SimState, server: string): { cluster: Cluster; kube: Kube } | undefined {
  const ip = /^https?:\/\/([^:/]+)/.exec(server)?.[1];
  const cluster = state.clusters.find((c) => c.apiIp === ip && c.status === 'CREATE_COMPLETE');
  const kube = cluster ? kubeOf(state, cluster.uuid) : undefined;
  return cluster && kube ? { cluster, kube } : undefined;
}

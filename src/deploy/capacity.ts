// Capacity arithmetic: rendered workloads' CPU/memory requests against the nodes' allocatable (pure).
// The reference's defaults add up to far more than its documented 4-node cluster: say so before
// deploying, naming what will not fit and how to make it fit, instead of leaving pods Pending.

import YAML from 'yaml';
import type { ContainerSpecJson, NodeJson, PodJson } from './k8s-shapes.js';

export interface Resources {
  cpuMilli: number;
  memBytes: number;
}

/** One pod the rendered manifests will create. */
export interface PodDemand extends Resources {
  /** `<workload>-<i>`, as the pod will be named (near enough). */
  name: string;
  workload: string;
  kind: string;
  /** The sub-component (`app.kubernetes.io/component` label), when the chart sets it. */
  sub?: string;
}

export interface ReleaseDemand {
  release: string;
  /** The component (or 'secrets'), for the hints. */
  component: string;
  pods: PodDemand[];
}

export interface NodeRoom extends Resources {
  name: string;
}

export interface Unplaced {
  release: string;
  component: string;
  pod: PodDemand;
}

export interface CapacityReport {
  fits: boolean;
  requested: Resources;
  allocatable: Resources;
  perRelease: { release: string; component: string; requested: Resources; placed: boolean }[];
  unplaced: Unplaced[];
  /** Human lines: the table and, when it does not fit, what to do. */
  lines: string[];
  nextSteps: string[];
}

const MEM_UNITS: Record<string, number> = {
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A CPU quantity in millicores: "200m" → 200, "1.5" → 1500. */
export function parseCpu(q: string | number | undefined): number {
  if (q === undefined || q === '') return 0;
  if (typeof q === 'number') return Math.round(q * 1000);
  const m = /^([0-9.]+)(m?)$/.exec(q.trim());
  if (!m) throw new Error(`not a CPU quantity: "${q}"`);
  return m[2] === 'm' ? Math.round(Number(m[1])) : Math.round(Number(m[1]) * 1000);
}

/** A memory quantity in bytes: "768Mi", "1G", "129e6", "1024". */
export function parseMemory(q: string | number | undefined): number {
  if (q === undefined || q === '') return 0;
  if (typeof q === 'number') return q;
  const m = /^([0-9.]+(?:[eE][0-9]+)?)([kMGTPE]i?|Ki)?$/.exec(q.trim());
  if (!m) throw new Error(`not a memory quantity: "${q}"`);
  const unit = MEM_UNITS[m[2] ?? ''];
  if (unit === undefined) throw new Error(`not a memory quantity: "${q}"`);
  return Math.round(Number(m[1]) * unit);
}

export function formatCpu(milli: number): string {
  return milli % 1000 === 0 ? `${milli / 1000}` : `${(milli / 1000).toFixed(milli % 100 === 0 ? 1 : 2)}`;
}

export function formatMemory(bytes: number): string {
  const gi = bytes / 2 ** 30;
  if (gi >= 1) return `${Number.isInteger(gi) ? gi : gi.toFixed(1)}Gi`;
  return `${Math.round(bytes / 2 ** 20)}Mi`;
}

function containersRequests(containers: readonly ContainerSpecJson[] | undefined): Resources {
  const out = { cpuMilli: 0, memBytes: 0 };
  for (const c of containers ?? []) {
    out.cpuMilli += parseCpu(c.resources?.requests?.cpu as string | number | undefined);
    out.memBytes += parseMemory(c.resources?.requests?.memory as string | number | undefined);
  }
  return out;
}

/** A pod's effective request: its containers' sum, or its largest init container if that is more. */
export function podRequests(spec: { containers?: ContainerSpecJson[]; initContainers?: ContainerSpecJson[] } | undefined): Resources {
  const main = containersRequests(spec?.containers);
  for (const init of spec?.initContainers ?? []) {
    const r = containersRequests([init]);
    main.cpuMilli = Math.max(main.cpuMilli, r.cpuMilli);
    main.memBytes = Math.max(main.memBytes, r.memBytes);
  }
  return main;
}

interface ManifestDoc {
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: {
    replicas?: number;
    template?: { metadata?: { labels?: Record<string, string> }; spec?: PodJson['spec'] & { containers?: ContainerSpecJson[] } };
    jobTemplate?: { spec?: { template?: { spec?: { containers?: ContainerSpecJson[] } } } };
  };
}

/**
 * The pods a rendered manifest (helm template output) asks for. CronJobs are left out (they come and go), and
 * so are helm hooks (the test Pods): helm creates them only when `helm test` runs, one at a time, after the deploy.
 */
export function podsOfManifest(manifest: string): PodDemand[] {
  const out: PodDemand[] = [];
  for (const doc of YAML.parseAllDocuments(manifest)) {
    const obj = doc.toJS() as ManifestDoc | null;
    if (!obj || typeof obj !== 'object' || !obj.kind) continue;
    if (obj.metadata?.annotations?.['helm.sh/hook']) continue;
    const name = obj.metadata?.name ?? obj.kind.toLowerCase();
    let replicas = 0;
    let spec: { containers?: ContainerSpecJson[]; initContainers?: ContainerSpecJson[] } | undefined;
    let labels: Record<string, string> | undefined;
    switch (obj.kind) {
      case 'Deployment':
      case 'StatefulSet':
      case 'ReplicaSet':
        replicas = obj.spec?.replicas ?? 1;
        spec = obj.spec?.template?.spec as typeof spec;
        labels = obj.spec?.template?.metadata?.labels ?? obj.metadata?.labels;
        break;
      case 'Job':
      case 'DaemonSet':
        replicas = 1;
        spec = obj.spec?.template?.spec as typeof spec;
        labels = obj.spec?.template?.metadata?.labels ?? obj.metadata?.labels;
        break;
      case 'Pod':
        replicas = 1;
        spec = obj.spec as typeof spec;
        labels = obj.metadata?.labels;
        break;
      default:
        continue;
    }
    const r = podRequests(spec);
    const sub = labels?.['app.kubernetes.io/component'];
    for (let i = 0; i < replicas; i++) {
      const pod: PodDemand = { name: obj.kind === 'StatefulSet' ? `${name}-${i}` : replicas > 1 ? `${name}-${i}` : name, workload: name, kind: obj.kind, ...r };
      if (sub) pod.sub = sub;
      out.push(pod);
    }
  }
  return out;
}

/** Room left on each schedulable node: allocatable minus what running pods (not ours) already request. */
export function nodeRooms(nodes: readonly NodeJson[], runningPods: readonly PodJson[] = [], isOurs: (pod: PodJson) => boolean = () => false): NodeRoom[] {
  const rooms: NodeRoom[] = [];
  for (const n of nodes) {
    if (n.spec?.unschedulable) continue;
    if ((n.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) continue;
    const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready && ready.status !== 'True') continue;
    const alloc = n.status?.allocatable ?? {};
    const room: NodeRoom = { name: n.metadata.name, cpuMilli: parseCpu(alloc['cpu']), memBytes: parseMemory(alloc['memory']) };
    for (const p of runningPods) {
      if (p.spec?.nodeName !== n.metadata.name || isOurs(p)) continue;
      if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      const r = podRequests(p.spec);
      room.cpuMilli -= r.cpuMilli;
      room.memBytes -= r.memBytes;
    }
    rooms.push(room);
  }
  return rooms;
}

function sum(items: readonly Resources[]): Resources {
  return items.reduce((a, b) => ({ cpuMilli: a.cpuMilli + b.cpuMilli, memBytes: a.memBytes + b.memBytes }), { cpuMilli: 0, memBytes: 0 });
}

function describe(r: Resources): string {
  return `${formatCpu(r.cpuMilli)} CPU, ${formatMemory(r.memBytes)}`;
}

/**
 * Places the pods release by release (install order), each release's largest pods first, each on the
 * node with the most room left (what the scheduler's spreading roughly does); what cannot be placed
 * will stay Pending.
 */
export function checkCapacity(demands: readonly ReleaseDemand[], rooms: readonly NodeRoom[]): CapacityReport {
  const free = rooms.map((r) => ({ ...r }));
  const unplaced: Unplaced[] = [];
  const perRelease: CapacityReport['perRelease'] = [];
  for (const d of demands) {
    const pods = [...d.pods].sort((a, b) => b.memBytes - a.memBytes || b.cpuMilli - a.cpuMilli || a.name.localeCompare(b.name));
    let placedAll = true;
    for (const pod of pods) {
      const candidates = free.filter((n) => n.cpuMilli >= pod.cpuMilli && n.memBytes >= pod.memBytes);
      candidates.sort((a, b) => b.memBytes - a.memBytes || b.cpuMilli - a.cpuMilli || a.name.localeCompare(b.name));
      const target = candidates[0];
      if (!target) {
        unplaced.push({ release: d.release, component: d.component, pod });
        placedAll = false;
        continue;
      }
      target.cpuMilli -= pod.cpuMilli;
      target.memBytes -= pod.memBytes;
    }
    perRelease.push({ release: d.release, component: d.component, requested: sum(d.pods), placed: placedAll });
  }
  const requested = sum(demands.flatMap((d) => d.pods));
  const allocatable = sum(rooms);
  const fits = unplaced.length === 0;
  const lines = [
    `requested ${describe(requested)}; schedulable nodes (${rooms.length}) have ${describe(allocatable)}`,
    ...perRelease.map((r) => `  ${r.placed ? 'fits ' : 'NO   '} ${r.release.padEnd(20)} ${describe(r.requested)}`),
  ];
  const nextSteps: string[] = [];
  if (!fits) {
    const biggestNode = rooms.reduce<NodeRoom | undefined>((a, b) => (!a || b.memBytes > a.memBytes ? b : a), undefined);
    for (const u of unplaced) {
      const tooBig = !biggestNode || u.pod.cpuMilli > biggestNode.cpuMilli || u.pod.memBytes > biggestNode.memBytes;
      lines.push(`  ${u.release}: pod ${u.pod.name} (${describe(u.pod)}) will not fit${tooBig ? ': larger than any node\'s free room' : ' next to the releases before it'}`);
    }
    const short = {
      cpuMilli: Math.max(0, requested.cpuMilli - allocatable.cpuMilli),
      memBytes: Math.max(0, requested.memBytes - allocatable.memBytes),
    };
    nextSteps.push(
      short.cpuMilli > 0 || short.memBytes > 0
        ? `Add nodes or use a larger flavor (cluster.nodeCount / cluster.flavor): at least ${describe(short)} more is needed in total.`
        : 'Add nodes or use a larger flavor (cluster.nodeCount / cluster.flavor): the total would fit, but not pod by pod.',
    );
    nextSteps.push('Or use the experiment\'s smaller overlay (deploy.experiment, values/values-<experiment>.yaml) or lower <sub>.resources.requests in the values.');
    const seen = new Set<string>();
    for (const u of unplaced) {
      if (!u.pod.sub || seen.has(`${u.component}.${u.pod.sub}`) || u.component === 'secrets') continue;
      seen.add(`${u.component}.${u.pod.sub}`);
      nextSteps.push(`Or disable ${u.component}.${u.pod.sub} if you do not need it: --disable ${u.component}.${u.pod.sub} (frees ${describe(u.pod)}).`);
    }
  }
  return { fits, requested, allocatable, perRelease, unplaced, lines, nextSteps };
}

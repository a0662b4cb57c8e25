// The shapes of the simulated cloud's state file (<simDir>/state.json).

/** Something that takes time: done once `nominalMs × speed` has passed, or (speed 0) once observed. */
export interface Progress {
  /** Real ms epoch when it started. */
  start: number;
  /** Nominal (real-world) duration of each stage, in ms. */
  stagesMs: number[];
  /** How many times a command has observed it (drives speed 0). */
  seen: number;
}

export interface Keypair {
  name: string;
  fingerprint: string;
  publicKey: string;
  createdAt: string;
}

export interface Template {
  uuid: string;
  name: string;
  kubeTag: string;
  labels: Record<string, string>;
  flavor: string;
  masterFlavor: string;
  createdAt: string;
}

export type ClusterStatus = 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'CREATE_FAILED' | 'DELETE_IN_PROGRESS';

export interface Cluster {
  uuid: string;
  name: string;
  stackId: string;
  shortId: string;
  templateUuid: string;
  keypair: string;
  nodeCount: number;
  masterCount: number;
  flavor: string;
  masterFlavor: string;
  labels: Record<string, string>;
  labelsOverridden: Record<string, string>;
  createTimeout: number;
  status: ClusterStatus;
  statusReason: string | null;
  faults: Record<string, string>;
  createdAt: string;
  updatedAt: string | null;
  coeVersion: string;
  apiIp: string;
  /** Set at create time from the faults in force then. */
  failReason?: string;
  progress: Progress;
  deleteProgress?: Progress;
  ingress: { version: string; sslPassthrough: boolean };
}

export interface Server {
  id: string;
  name: string;
  clusterUuid?: string;
  status: 'BUILD' | 'ACTIVE' | 'ERROR';
  ip: string;
  flavor: string;
  image: string;
  keyName: string | null;
  created: string;
  updated: string;
  launchedAt: string | null;
  hostId: string;
  properties: Record<string, string>;
}

export interface Resources {
  cpuMilli: number;
  memBytes: number;
}

export interface KNode {
  name: string;
  uid: string;
  role: 'master' | 'worker';
  /** Index among the workers (-node-<i>), or among masters. */
  index: number;
  ip: string;
  flavor: string;
  labels: Record<string, string>;
  created: string;
  progress: Progress;
}

export interface KContainer {
  name: string;
  image: string;
  requests: Partial<Record<'cpu' | 'memory', string>>;
  ports: { containerPort: number; name?: string; protocol?: string }[];
  args?: string[];
}

/** What a helm test hook Pod carries: its annotations, and its verdict and log once it has run. */
export interface KPodHook {
  annotations: Record<string, string>;
  /** Which check the Pod runs (the script named in its program), for its log. */
  check: string;
  /** Set when the Pod finishes: from the test-fail faults in force at that moment. */
  outcome?: 'succeeded' | 'failed';
  log?: string[];
}

export interface KPod {
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  /** 'None': a bare Pod (a helm hook), owned by no controller. */
  ownerKind: 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'None';
  ownerName: string;
  /** The Deployment/StatefulSet/DaemonSet/Job object name the pod belongs to. */
  workload: string;
  release?: string;
  containers: KContainer[];
  pvcs: string[];
  nodeName?: string;
  created: string;
  progress: Progress;
  /** Jobs' pods end Succeeded instead of staying Running. */
  completes?: boolean;
  /** A helm hook Pod (helm test): it ends Succeeded or Failed. */
  hook?: KPodHook;
}

export interface KWorkload {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job';
  name: string;
  namespace: string;
  uid: string;
  release?: string;
  replicas: number;
  labels: Record<string, string>;
  selector: Record<string, string>;
  podLabels: Record<string, string>;
  containers: KContainer[];
  pvcs: string[];
  claimTemplates: { name: string; storage: string; storageClassName?: string }[];
  nodeSelector?: Record<string, string>;
  podHash: string;
  /** Digest of the pod template: an upgrade that changes it rolls the pods. */
  digest?: string;
  created: string;
}

export interface KService {
  name: string;
  namespace: string;
  uid: string;
  release?: string;
  type: string;
  selector: Record<string, string>;
  ports: { name?: string; port: number; targetPort?: number | string; protocol?: string }[];
  clusterIP: string;
  labels: Record<string, string>;
  created: string;
}

export interface KPvc {
  name: string;
  namespace: string;
  uid: string;
  release?: string;
  storage: string;
  storageClassName: string;
  accessModes: string[];
  labels: Record<string, string>;
  created: string;
  /** Created from a StatefulSet claim template: helm uninstall keeps it. */
  fromTemplate?: boolean;
}

export interface KConfigMap {
  name: string;
  namespace: string;
  uid: string;
  release?: string;
  labels: Record<string, string>;
  data: Record<string, string>;
  created: string;
  resourceVersion: number;
}

/** Any other rendered object a release owns (Secret, Ingress …): kept for `helm status` and uninstall. */
export interface KOther {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
  release?: string;
}

/** A helm hook of a revision (helm keeps them beside the manifest, and records each one's last run). */
export interface ReleaseHook {
  name: string;
  kind: string;
  /** helm.sh/hook events: test, pre-install … */
  events: string[];
  weight: number;
  deletePolicies: string[];
  /** The template it came from (`msgsvc/templates/tests/activemq-test.yaml`). */
  path: string;
  /** The rendered document. */
  manifest: string;
  lastRun?: { startedAt: string; completedAt?: string; phase: 'Running' | 'Succeeded' | 'Failed' | 'Unknown' };
}

export interface ReleaseRevision {
  revision: number;
  status: 'deployed' | 'failed' | 'superseded' | 'uninstalled' | 'pending-install' | 'pending-upgrade';
  updated: string;
  description: string;
  chart: string;
  chartVersion: string;
  appVersion: string;
  valuesDigest: string;
  values: Record<string, unknown>;
  manifest: string;
  /** Hooks (test Pods) rendered with it; absent in states written before the sim knew hooks. */
  hooks?: ReleaseHook[];
}

export interface Release {
  name: string;
  namespace: string;
  firstDeployed: string;
  revisions: ReleaseRevision[];
}

export interface Kube {
  clusterUuid: string;
  version: string;
  namespaces: { name: string; uid: string; created: string }[];
  nodes: KNode[];
  workloads: KWorkload[];
  pods: KPod[];
  services: KService[];
  pvcs: KPvc[];
  configMaps: KConfigMap[];
  others: KOther[];
  releases: Release[];
}

export interface SimState {
  schema: 1;
  /** Counter behind every generated id, so a reset state replays the same ids. */
  seq: number;
  /** Real wait = nominal duration × speed. 0: one stage per observation. */
  speed: number;
  helmMajor: 3 | 4;
  projectId: string;
  userId: string;
  keypairs: Keypair[];
  templates: Template[];
  clusters: Cluster[];
  servers: Server[];
  kubes: Kube[];
  /** Transient-fault calls consumed so far, per fault key. */
  faultUse: Record<string, number>;
}

// The few fields of Kubernetes JSON (`kubectl get … -o json`) the deploy phase reads; all optional, as the API is.

export interface ContainerStateJson {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; exitCode?: number; message?: string };
}

export interface ContainerStatusJson {
  name: string;
  ready?: boolean;
  restartCount?: number;
  image?: string;
  state?: ContainerStateJson;
  lastState?: ContainerStateJson;
}

export interface ContainerSpecJson {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
}

export interface PodJson {
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; deletionTimestamp?: string };
  spec?: {
    nodeName?: string;
    containers?: ContainerSpecJson[];
    initContainers?: ContainerSpecJson[];
    imagePullSecrets?: { name: string }[];
    volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: ContainerStatusJson[];
    initContainerStatuses?: ContainerStatusJson[];
  };
}

export interface EventJson {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  lastTimestamp?: string | null;
  eventTime?: string | null;
  firstTimestamp?: string | null;
}

export interface PvcJson {
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { storageClassName?: string | null; resources?: { requests?: { storage?: string } } };
  status?: { phase?: string };
}

export interface NodeJson {
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { unschedulable?: boolean; taints?: { key: string; effect: string; value?: string }[] };
  status?: {
    allocatable?: Record<string, string>;
    capacity?: Record<string, string>;
    conditions?: { type: string; status: string }[];
  };
}

export interface ListJson<T> {
  items?: T[];
}

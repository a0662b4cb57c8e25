// Kubernetes API objects as `kubectl get -o json` prints them, built from the sim's records.

import { INGRESS_DS, allocatableOf, capacityOf, matchesSelector, nodeReady, podStatus, pvcPending, unschedulableMessage, imagePullError, type View } from './kube.js';
import type { KConfigMap, KNode, KPod, KPvc, KService, Kube, KWorkload } from './types.js';

type Json = Record<string, unknown>;

const kib = (bytes: number) => `${Math.floor(bytes / 1024)}Ki`;

function meta(name: string, namespace: string | undefined, uid: string, created: string, labels: Record<string, string>, extra: Json = {}): Json {
  return {
    ...(Object.keys(labels).length ? { labels } : {}),
    name,
    ...(namespace ? { namespace } : {}),
    creationTimestamp: created,
    resourceVersion: String(1000 + (parseInt(uid.slice(0, 6), 16) % 90000)),
    uid,
    ...extra,
  };
}

function releaseAnnotations(release: string | undefined, namespace: string): Json {
  return release ? { annotations: { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': namespace } } : {};
}

export function listJson(items: Json[]): Json {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

export function nodeJson(view: View, kube: Kube, n: KNode): Json {
  const ready = nodeReady(view, n);
  const cap = capacityOf(n.flavor);
  const alloc = allocatableOf(n.flavor);
  const t = n.created;
  const cond = (type: string, status: string, reason: string, message: string) => ({ lastHeartbeatTime: t, lastTransitionTime: t, message, reason, status, type });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(n.name, undefined, n.uid, n.created, n.labels, { annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } }),
    spec: {
      podCIDR: `10.100.${n.index + (n.role === 'master' ? 0 : 1)}.0/24`,
      providerID: `openstack:///${n.uid}`,
      ...(n.role === 'master' ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/master' }] } : {}),
      ...(!ready ? { taints: [{ effect: 'NoSchedule', key: 'node.kubernetes.io/not-ready' }] } : {}),
    },
    status: {
      addresses: [{ address: n.ip, type: 'InternalIP' }, { address: n.name, type: 'Hostname' }],
      allocatable: { cpu: `${alloc.cpuMilli}m`, 'ephemeral-storage': '37925506208', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: kib(alloc.memBytes), pods: '110' },
      capacity: { cpu: String(cap.cpuMilli / 1000), 'ephemeral-storage': '41152812Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: kib(cap.memBytes), pods: '110' },
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        ready
          ? cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
          : cond('Ready', 'False', 'KubeletNotReady', 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'),
      ],
      nodeInfo: {
        architecture: 'amd64', containerRuntimeVersion: 'containerd://1.7.13', kernelVersion: '6.4.7-200.fc38.x86_64', kubeProxyVersion: kube.version,
        kubeletVersion: kube.version, operatingSystem: 'linux', osImage: 'Fedora CoreOS 38.20230806.3.0',
        bootID: n.uid, machineID: n.uid.replace(/-/g, ''), systemUUID: n.uid,
      },
    },
  };
}

export function workloadOf(kube: Kube, pod: KPod): KWorkload | undefined {
  return kube.workloads.find((w) => w.namespace === pod.namespace && w.name === pod.workload);
}

export function podJson(view: View, kube: Kube, pod: KPod): Json {
  const st = podStatus(view, kube, pod);
  const node = kube.nodes.find((n) => n.name === pod.nodeName);
  const t = pod.created;
  const containerState = (i: number): Json => {
    if (st.waitingReason) return { waiting: { reason: st.waitingReason, ...(st.waitingMessage ? { message: st.waitingMessage } : {}) } };
    if (st.phase === 'Succeeded') return { terminated: { exitCode: 0, reason: 'Completed', startedAt: t, finishedAt: t, containerID: `containerd://${pod.uid.replace(/-/g, '')}${i}` } };
    if (st.phase === 'Failed') return { terminated: { exitCode: 1, reason: 'Error', startedAt: t, finishedAt: t, containerID: `containerd://${pod.uid.replace(/-/g, '')}${i}` } };
    return { running: { startedAt: t } };
  };
  const w = workloadOf(kube, pod);
  const conditions: Json[] = [];
  if (!st.scheduled) {
    conditions.push({ lastProbeTime: null, lastTransitionTime: t, message: unschedulableMessage(view, kube, pod), reason: 'Unschedulable', status: 'False', type: 'PodScheduled' });
  } else {
    const ok = (b: boolean) => (b ? 'True' : 'False');
    const notReady = st.ready ? {} : { reason: st.phase === 'Succeeded' ? 'PodCompleted' : 'ContainersNotReady', message: st.phase === 'Succeeded' ? undefined : `containers with unready status: [${pod.containers.map((c) => c.name).join(' ')}]` };
    conditions.push({ lastProbeTime: null, lastTransitionTime: t, status: ok(st.stage >= 2), type: 'PodReadyToStartContainers' });
    conditions.push({ lastProbeTime: null, lastTransitionTime: t, status: 'True', type: 'Initialized' });
    conditions.push({ lastProbeTime: null, lastTransitionTime: t, status: ok(st.ready), type: 'Ready', ...notReady });
    conditions.push({ lastProbeTime: null, lastTransitionTime: t, status: ok(st.ready), type: 'ContainersReady', ...notReady });
    conditions.push({ lastProbeTime: null, lastTransitionTime: t, status: 'True', type: 'PodScheduled' });
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(pod.name, pod.namespace, pod.uid, pod.created, pod.labels, pod.ownerKind === 'None'
      // A bare Pod (a helm test hook): its annotations are the manifest's, and no controller owns it.
      ? (pod.hook ? { annotations: pod.hook.annotations } : {})
      : {
          ...(pod.ownerKind === 'ReplicaSet' ? { generateName: `${pod.ownerName}-` } : { generateName: `${pod.workload}-` }),
          ownerReferences: [{ apiVersion: pod.ownerKind === 'Job' ? 'batch/v1' : 'apps/v1', blockOwnerDeletion: true, controller: true, kind: pod.ownerKind, name: pod.ownerName, uid: w?.uid ?? pod.uid }],
        }),
    spec: {
      containers: pod.containers.map((c) => ({
        ...(c.args ? { args: c.args } : {}),
        image: c.image,
        imagePullPolicy: 'IfNotPresent',
        name: c.name,
        ...(c.ports.length ? { ports: c.ports.map((p) => ({ containerPort: p.containerPort, ...(p.name ? { name: p.name } : {}), protocol: p.protocol ?? 'TCP' })) } : {}),
        resources: Object.keys(c.requests).length ? { requests: c.requests } : {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      })),
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      ...(pod.nodeName ? { nodeName: pod.nodeName } : {}),
      ...(w?.nodeSelector ? { nodeSelector: w.nodeSelector } : {}),
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: pod.completes ? 'Never' : 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      volumes: pod.pvcs.map((c) => ({ name: c.replace(/-\d+$/, ''), persistentVolumeClaim: { claimName: c } })),
    },
    status: {
      conditions,
      ...(st.scheduled
        ? {
            containerStatuses: pod.containers.map((c, i) => ({
              containerID: st.stage >= 2 ? `containerd://${pod.uid.replace(/-/g, '')}${i}` : undefined,
              image: c.image,
              imageID: st.stage >= 2 ? `${c.image.split(':')[0]}@sha256:${pod.uid.replace(/-/g, '').padEnd(64, '0')}` : '',
              lastState: st.restarts > 0 ? { terminated: { exitCode: 1, reason: 'Error', startedAt: t, finishedAt: t, containerID: `containerd://${pod.uid.replace(/-/g, '')}${i}` } } : {},
              name: c.name,
              ready: st.ready,
              restartCount: st.restarts,
              started: st.phase === 'Running' && !st.waitingReason,
              state: containerState(i),
            })),
            hostIP: node?.ip,
            hostIPs: node ? [{ ip: node.ip }] : undefined,
            ...(st.stage >= 2 ? { podIP: `10.100.${parseInt(pod.uid.slice(0, 2), 16)}.${(parseInt(pod.uid.slice(2, 4), 16) % 253) + 2}` } : {}),
            startTime: t,
          }
        : {}),
      phase: st.phase,
      qosClass: pod.containers.some((c) => Object.keys(c.requests).length) ? 'Burstable' : 'BestEffort',
    },
  };
}

export function serviceJson(s: KService): Json {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(s.name, s.namespace, s.uid, s.created, s.labels, releaseAnnotations(s.release, s.namespace)),
    spec: {
      clusterIP: s.clusterIP,
      clusterIPs: [s.clusterIP],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port })),
      selector: s.selector,
      sessionAffinity: 'None',
      type: s.type,
    },
    status: { loadBalancer: {} },
  };
}

export function pvcJson(view: View, c: KPvc): Json {
  const pending = pvcPending(view, c);
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta(c.name, c.namespace, c.uid, c.created, c.labels, {
      ...releaseAnnotations(c.release, c.namespace),
      finalizers: ['kubernetes.io/pvc-protection'],
    }),
    spec: {
      accessModes: c.accessModes,
      resources: { requests: { storage: c.storage } },
      storageClassName: c.storageClassName,
      volumeMode: 'Filesystem',
      ...(pending ? {} : { volumeName: `pvc-${c.uid}` }),
    },
    status: pending ? { phase: 'Pending' } : { accessModes: c.accessModes, capacity: { storage: c.storage }, phase: 'Bound' },
  };
}

export function configMapJson(c: KConfigMap): Json {
  return {
    apiVersion: 'v1',
    data: c.data,
    kind: 'ConfigMap',
    metadata: { ...meta(c.name, c.namespace, c.uid, c.created, c.labels, releaseAnnotations(c.release, c.namespace)), resourceVersion: String(c.resourceVersion) },
  };
}

export function namespaceJson(ns: Kube['namespaces'][number]): Json {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta(ns.name, undefined, ns.uid, ns.created, { 'kubernetes.io/metadata.name': ns.name }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function podTemplate(w: KWorkload): Json {
  return {
    metadata: { labels: w.podLabels },
    spec: {
      containers: w.containers.map((c) => ({
        ...(c.args ? { args: c.args } : {}),
        image: c.image,
        name: c.name,
        ...(c.ports.length ? { ports: c.ports.map((p) => ({ containerPort: p.containerPort, ...(p.name ? { name: p.name } : {}), protocol: p.protocol ?? 'TCP' })) } : {}),
        resources: Object.keys(c.requests).length ? { requests: c.requests } : {},
      })),
      ...(w.nodeSelector ? { nodeSelector: w.nodeSelector } : {}),
    },
  };
}

export function workloadJson(view: View, kube: Kube, w: KWorkload): Json {
  const pods = kube.pods.filter((p) => p.namespace === w.namespace && p.workload === w.name);
  const ready = pods.filter((p) => podStatus(view, kube, p).ready).length;
  const metadata = meta(w.name, w.namespace, w.uid, w.created, w.labels, { ...releaseAnnotations(w.release, w.namespace), generation: 1 });
  const apiVersion = w.kind === 'Job' ? 'batch/v1' : 'apps/v1';
  if (w.kind === 'DaemonSet') {
    const desired = kube.nodes.filter((n) => matchesSelector(n.labels, w.nodeSelector ?? {})).length;
    return {
      apiVersion, kind: 'DaemonSet', metadata,
      spec: { revisionHistoryLimit: 10, selector: { matchLabels: w.selector }, template: podTemplate(w), updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' } },
      status: { currentNumberScheduled: pods.length, desiredNumberScheduled: desired, numberAvailable: ready, numberMisscheduled: 0, numberReady: ready, observedGeneration: 1, updatedNumberScheduled: pods.length, ...(desired - ready > 0 ? { numberUnavailable: desired - ready } : {}) },
    };
  }
  if (w.kind === 'StatefulSet') {
    return {
      apiVersion, kind: 'StatefulSet', metadata,
      spec: { replicas: w.replicas, selector: { matchLabels: w.selector }, serviceName: w.name, template: podTemplate(w), volumeClaimTemplates: w.claimTemplates.map((t) => ({ metadata: { name: t.name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: t.storage } } } })) },
      status: { availableReplicas: ready, currentReplicas: pods.length, observedGeneration: 1, readyReplicas: ready, replicas: pods.length, updatedReplicas: pods.length },
    };
  }
  if (w.kind === 'Job') {
    return { apiVersion, kind: 'Job', metadata, spec: { template: podTemplate(w) }, status: {} };
  }
  return {
    apiVersion, kind: 'Deployment', metadata,
    spec: { replicas: w.replicas, selector: { matchLabels: w.selector }, template: podTemplate(w) },
    status: { availableReplicas: ready, observedGeneration: 1, readyReplicas: ready, replicas: pods.length, updatedReplicas: pods.length, ...(pods.length - ready > 0 ? { unavailableReplicas: pods.length - ready } : {}) },
  };
}

/** Events derived from the objects' state: what the kubelet and scheduler would have reported. */
export function eventsJson(view: View, kube: Kube, namespace: string | undefined): Json[] {
  const out: Json[] = [];
  let n = 0;
  const ev = (ns: string, kind: string, name: string, uid: string, type: 'Normal' | 'Warning', reason: string, message: string, count: number, time: string, source: string) => {
    n++;
    out.push({
      apiVersion: 'v1',
      count,
      firstTimestamp: time,
      involvedObject: { apiVersion: 'v1', kind, name, namespace: ns, uid },
      kind: 'Event',
      lastTimestamp: time,
      message,
      metadata: { creationTimestamp: time, name: `${name}.${(0x17a0000000000000 + n * 7919).toString(16).slice(0, 16)}`, namespace: ns, resourceVersion: String(5000 + n), uid: `${uid.slice(0, 30)}${String(n).padStart(6, '0')}` },
      reason,
      reportingComponent: source,
      reportingInstance: '',
      source: { component: source },
      type,
    });
  };
  for (const pod of kube.pods) {
    if (namespace && pod.namespace !== namespace) continue;
    const st = podStatus(view, kube, pod);
    const t = pod.created;
    const ns = pod.namespace;
    if (!st.scheduled) {
      ev(ns, 'Pod', pod.name, pod.uid, 'Warning', 'FailedScheduling', unschedulableMessage(view, kube, pod), 1, t, 'default-scheduler');
      continue;
    }
    ev(ns, 'Pod', pod.name, pod.uid, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${pod.name} to ${pod.nodeName}`, 1, t, 'default-scheduler');
    const image = pod.containers[0]?.image ?? '';
    if (st.stage >= 1) ev(ns, 'Pod', pod.name, pod.uid, 'Normal', 'Pulling', `Pulling image "${image}"`, 1, t, 'kubelet');
    if (st.fault?.kind === 'image-pull' && st.stage >= 1) {
      ev(ns, 'Pod', pod.name, pod.uid, 'Warning', 'Failed', `Failed to pull image "${image}": ${imagePullError(image)}`, 3, t, 'kubelet');
      ev(ns, 'Pod', pod.name, pod.uid, 'Warning', 'Failed', 'Error: ErrImagePull', 3, t, 'kubelet');
      ev(ns, 'Pod', pod.name, pod.uid, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, 5, t, 'kubelet');
      ev(ns, 'Pod', pod.name, pod.uid, 'Warning', 'Failed', 'Error: ImagePullBackOff', 5, t, 'kubelet');
      continue;
    }
    if (st.stage >= 2) {
      ev(ns, 'Pod', pod.name, pod.uid, 'Normal', 'Pulled', `Successfully pulled image "${image}" in 4.2s (4.2s including waiting). Image size: 215263744 bytes.`, 1, t, 'kubelet');
      for (const c of pod.containers) {
        ev(ns, 'Pod', pod.name, pod.uid, 'Normal', 'Created', `Created container ${c.name}`, 1 + st.restarts, t, 'kubelet');
        ev(ns, 'Pod', pod.name, pod.uid, 'Normal', 'Started', `Started container ${c.name}`, 1 + st.restarts, t, 'kubelet');
      }
    }
    if (st.fault?.kind === 'crash-loop' && st.restarts > 0) {
      ev(ns, 'Pod', pod.name, pod.uid, 'Warning', 'BackOff', `Back-off restarting failed container ${pod.containers[0]?.name} in pod ${pod.name}_${ns}(${pod.uid})`, st.restarts, t, 'kubelet');
    }
  }
  for (const c of kube.pvcs) {
    if (namespace && c.namespace !== namespace) continue;
    if (pvcPending(view, c)) {
      ev(c.namespace, 'PersistentVolumeClaim', c.name, c.uid, 'Warning', 'ProvisioningFailed',
        `failed to provision volume with StorageClass "${c.storageClassName}": rpc error: code = Internal desc = CreateVolume failed with error Expected HTTP response code [202] when accessing [POST https://openstack.cern.ch:8776/v3/volumes], but got 413 instead: {"overLimit": {"code": 413, "message": "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota."}}`,
        4, c.created, 'cinder.csi.openstack.org');
    }
  }
  for (const node of kube.nodes) {
    if (namespace && namespace !== 'default') continue;
    if (!nodeReady(view, node)) ev('default', 'Node', node.name, node.uid, 'Normal', 'NodeNotReady', `Node ${node.name} status is now: NodeNotReady`, 1, node.created, 'node-controller');
  }
  return out;
}

export { INGRESS_DS };

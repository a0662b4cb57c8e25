// Why a release is not coming up: pods + events (+ logs, PVCs) → the failing pod, the reason in words, the next action.

import type { ContainerStatusJson, EventJson, PodJson, PvcJson } from './k8s-shapes.js';
import type { PodState } from './release-state.js';

export type { PodState } from './release-state.js';

export type DiagnosisReason =
  | 'ImagePullBackOff'
  | 'CrashLoopBackOff'
  | 'CreateContainerConfigError'
  | 'FailedScheduling'
  | 'PvcPending'
  | 'NotReady';

export interface Diagnosis {
  pod: string;
  container?: string;
  reason: DiagnosisReason;
  /** One sentence a person understands. */
  summary: string;
  /** Supporting lines: the scheduler's message, the last log lines … */
  details: string[];
  nextSteps: string[];
}

export interface DiagnoseInput {
  namespace: string;
  release: string;
  pods: readonly PodJson[];
  events: readonly EventJson[];
  pvcs?: readonly PvcJson[];
  /** Last log lines per `pod/container` (see logsWanted). */
  logs?: Readonly<Record<string, readonly string[]>>;
  /** The component's chart folder, for the --set hints. */
  chart?: string;
}

const PULL_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);
const CONFIG_REASONS = new Set(['CreateContainerConfigError', 'CreateContainerError']);

function statuses(pod: PodJson): ContainerStatusJson[] {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
}

/** The one-line state of a pod the live view shows: phase, ready x/y, restarts, waiting reason. */
export function podState(pod: PodJson): PodState {
  const containers = pod.status?.containerStatuses ?? [];
  const total = containers.length || pod.spec?.containers?.length || 0;
  const ready = containers.filter((c) => c.ready).length;
  const restarts = statuses(pod).reduce((n, c) => n + (c.restartCount ?? 0), 0);
  let waiting = statuses(pod).find((c) => !c.ready && c.state?.waiting?.reason)?.state?.waiting?.reason;
  if (!waiting) {
    const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    if (unscheduled) waiting = unscheduled.reason ?? 'Unschedulable';
  }
  const state: PodState = { name: pod.metadata.name, phase: pod.metadata.deletionTimestamp ? 'Terminating' : pod.status?.phase ?? 'Unknown', ready, total, restarts };
  if (waiting) state.reason = waiting;
  return state;
}

export function podIsReady(pod: PodJson): boolean {
  if (pod.status?.phase === 'Succeeded') return true;
  const cond = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (cond) return cond.status === 'True';
  const s = podState(pod);
  return s.phase === 'Running' && s.total > 0 && s.ready === s.total;
}

/** Short text of a pod state: `test-idds-rest-0 Pending 0/1 ImagePullBackOff restarts 2`. */
export function formatPodState(s: PodState): string {
  return [s.name, s.phase, `${s.ready}/${s.total}`, s.reason, s.restarts > 0 ? `restarts ${s.restarts}` : undefined].filter(Boolean).join(' ');
}

/** The logs diagnosis wants: the previous run of each crash-looping container. */
export function logsWanted(pods: readonly PodJson[]): { pod: string; container: string; previous: boolean }[] {
  const out: { pod: string; container: string; previous: boolean }[] = [];
  for (const pod of pods) {
    for (const c of statuses(pod)) {
      const crashing = c.state?.waiting?.reason === 'CrashLoopBackOff' || c.state?.terminated !== undefined || (c.restartCount ?? 0) > 0;
      if (crashing && !c.ready) out.push({ pod: pod.metadata.name, container: c.name, previous: (c.restartCount ?? 0) > 0 });
    }
  }
  return out;
}

function eventsFor(events: readonly EventJson[], kind: string, name: string): EventJson[] {
  return events.filter((e) => e.involvedObject?.kind === kind && e.involvedObject?.name === name);
}

function lastWarning(events: readonly EventJson[], reasons: readonly string[]): EventJson | undefined {
  const found = events.filter((e) => e.type === 'Warning' && e.reason !== undefined && reasons.includes(e.reason));
  return found[found.length - 1];
}

function subOf(pod: PodJson): string | undefined {
  return pod.metadata.labels?.['app.kubernetes.io/component'];
}

/** The image reference split into repository and tag (digest references keep the digest as tag). */
export function splitImage(image: string): { repository: string; tag: string } {
  const at = image.indexOf('@');
  if (at >= 0) return { repository: image.slice(0, at), tag: image.slice(at + 1) };
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon > slash) return { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
  return { repository: image, tag: 'latest' };
}

/** The first thing that keeps the release's pods from being Ready, most telling first; undefined when all are Ready. */
export function diagnose(input: DiagnoseInput): Diagnosis | undefined {
  const { namespace: ns, pods, events } = input;
  const kubectl = `kubectl -n ${ns}`;
  const sorted = [...pods].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const tried: ((pod: PodJson) => Diagnosis | undefined)[] = [
    // 1. The image cannot be pulled: nothing else can be learnt until it can.
    (pod) => {
      const c = statuses(pod).find((s) => s.state?.waiting?.reason && PULL_REASONS.has(s.state.waiting.reason));
      if (!c) return undefined;
      const image = pod.spec?.containers?.find((x) => x.name === c.name)?.image ?? pod.spec?.initContainers?.find((x) => x.name === c.name)?.image ?? c.image ?? '(unknown image)';
      const { repository, tag } = splitImage(image);
      const podEvents = eventsFor(events, 'Pod', pod.metadata.name);
      // "Failed to pull image …: not found / unauthorized" says why; "Error: ImagePullBackOff" only repeats the state.
      const ev = podEvents.filter((e) => e.type === 'Warning' && /pull/i.test(e.message ?? '') && !/^Error: /.test(e.message ?? '')).pop()
        ?? lastWarning(podEvents, ['Failed', 'ErrImagePull', 'BackOff']);
      const pullSecrets = (pod.spec?.imagePullSecrets ?? []).map((s) => s.name);
      const why = ev?.message ?? c.state?.waiting?.message;
      const sub = subOf(pod);
      return {
        pod: pod.metadata.name,
        container: c.name,
        reason: 'ImagePullBackOff',
        summary: `Image ${image} cannot be pulled (repository ${repository}, tag ${tag}); ${pullSecrets.length > 0 ? `pull secret(s): ${pullSecrets.join(', ')}` : 'no image pull secret is set'}.`,
        details: why ? [why] : [],
        nextSteps: [
          `Check that the tag exists: docker manifest inspect ${image}`,
          sub ? `Fix the tag in the values (or --set ${sub}.image.tag=<tag>) and run panda-k8s install again.` : 'Fix the image tag in the values and run panda-k8s install again.',
          pullSecrets.length > 0
            ? `If the registry is private, check that the pull secret ${pullSecrets[0]} holds valid credentials.`
            : 'If the registry is private, create a docker-registry Secret and set imagePullSecrets for the workload.',
        ],
      };
    },
    // 2. It starts and dies: the last log lines usually say why.
    (pod) => {
      const c = statuses(pod).find((s) => s.state?.waiting?.reason === 'CrashLoopBackOff' || (!s.ready && (s.restartCount ?? 0) > 0 && s.lastState?.terminated));
      if (!c) return undefined;
      const lines = input.logs?.[`${pod.metadata.name}/${c.name}`] ?? [];
      const term = c.lastState?.terminated ?? c.state?.terminated;
      return {
        pod: pod.metadata.name,
        container: c.name,
        reason: 'CrashLoopBackOff',
        summary: `Container ${c.name} keeps crashing (restarted ${c.restartCount ?? 0} times${term?.exitCode !== undefined ? `, last exit code ${term.exitCode}${term.reason ? ` ${term.reason}` : ''}` : ''}).`,
        details: lines.length > 0 ? ['last log lines:', ...lines.slice(-10).map((l) => `  ${l}`)] : ['(no log lines)'],
        nextSteps: [
          `Read its whole log: ${kubectl} logs ${pod.metadata.name} -c ${c.name} --previous`,
          'Fix what the log names (secret values, a database it waits for, the configuration) and run panda-k8s install again.',
        ],
      };
    },
    // 3. A Secret or ConfigMap it mounts does not exist.
    (pod) => {
      const c = statuses(pod).find((s) => s.state?.waiting?.reason && CONFIG_REASONS.has(s.state.waiting.reason));
      if (!c) return undefined;
      const message = c.state?.waiting?.message ?? '';
      const secret = /secret "([^"]+)" not found/.exec(message)?.[1];
      return {
        pod: pod.metadata.name,
        container: c.name,
        reason: 'CreateContainerConfigError',
        summary: secret ? `Secret ${secret} does not exist, so container ${c.name} cannot start.` : `Container ${c.name} cannot be created: ${message || c.state?.waiting?.reason}.`,
        details: message ? [message] : [],
        nextSteps: secret
          ? [`Deploy or refresh the secrets release (panda-k8s install, or panda-k8s reinstall --refresh-secrets), then check: ${kubectl} get secret ${secret}`]
          : [`${kubectl} describe pod ${pod.metadata.name}`],
      };
    },
    // 4. Not scheduled: an unbound claim or the scheduler's own reason.
    (pod) => {
      const cond = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
      const ev = lastWarning(eventsFor(events, 'Pod', pod.metadata.name), ['FailedScheduling']);
      if (!cond && !ev) return undefined;
      if (pod.spec?.nodeName) return undefined;
      const message = ev?.message ?? cond?.message ?? 'no node fits the pod';
      const claims = (pod.spec?.volumes ?? []).map((v) => v.persistentVolumeClaim?.claimName).filter((n): n is string => Boolean(n));
      const pending = (input.pvcs ?? []).filter((p) => claims.includes(p.metadata.name) && p.status?.phase !== 'Bound');
      if (pending.length > 0 || /unbound|PersistentVolumeClaim/i.test(message)) {
        const pvc = pending[0];
        const cls = pvc?.spec?.storageClassName;
        const pvcEvent = pvc ? lastWarning(eventsFor(events, 'PersistentVolumeClaim', pvc.metadata.name), ['ProvisioningFailed', 'FailedBinding']) : undefined;
        return {
          pod: pod.metadata.name,
          reason: 'PvcPending',
          summary: pvc
            ? `Volume claim ${pvc.metadata.name} is ${pvc.status?.phase ?? 'Pending'}: ${cls ? `storage class "${cls}" provides no volume` : 'it names no storage class and the cluster has no default one'}.`
            : `A volume claim of ${pod.metadata.name} is not bound.`,
          details: [pvcEvent?.message ?? message],
          nextSteps: [
            'List the storage classes: kubectl get storageclass',
            'Name one that exists with global.storageClass (or --set global.storageClass=<class>), or mark one default, then run panda-k8s install again.',
          ],
        };
      }
      const cpu = /Insufficient cpu/i.test(message);
      const memory = /Insufficient memory/i.test(message);
      const short = cpu && memory ? 'CPU and memory' : cpu ? 'CPU' : memory ? 'memory' : undefined;
      return {
        pod: pod.metadata.name,
        reason: 'FailedScheduling',
        summary: short ? `No node has enough free ${short} for ${pod.metadata.name}.` : `The scheduler cannot place ${pod.metadata.name}.`,
        details: [message],
        nextSteps: short
          ? [
            'Add nodes or use a larger flavor (cluster.nodeCount / cluster.flavor).',
            'Or use the experiment\'s smaller overlay, or disable a sub-component you do not need (--disable <component>.<sub>).',
          ]
          : [`${kubectl} describe pod ${pod.metadata.name}`, 'Check the nodes\' labels and taints against the pod\'s nodeSelector and tolerations.'],
      };
    },
    // 5. Running but never Ready: the readiness probe says why.
    (pod) => {
      if (podIsReady(pod) || pod.status?.phase !== 'Running') return undefined;
      const ev = lastWarning(eventsFor(events, 'Pod', pod.metadata.name), ['Unhealthy', 'FailedMount', 'BackOff']);
      const c = statuses(pod).find((s) => !s.ready);
      return {
        pod: pod.metadata.name,
        container: c?.name,
        reason: 'NotReady',
        summary: `${pod.metadata.name} runs but is not Ready${ev?.message ? `: ${ev.message}` : ''}.`,
        details: ev?.message ? [ev.message] : [],
        nextSteps: [`${kubectl} describe pod ${pod.metadata.name}`, `${kubectl} logs ${pod.metadata.name}${c ? ` -c ${c.name}` : ''}`],
      };
    },
  ];
  for (const rule of tried) {
    for (const pod of sorted) {
      const found = rule(pod);
      if (found) return found;
    }
  }
  // Pending pods without events yet: a claim that is not bound is still the likely culprit.
  const pvc = (input.pvcs ?? []).find((p) => p.status?.phase === 'Pending');
  if (pvc && pods.some((p) => !podIsReady(p))) {
    const cls = pvc.spec?.storageClassName;
    return {
      pod: sorted.find((p) => !podIsReady(p))!.metadata.name,
      reason: 'PvcPending',
      summary: `Volume claim ${pvc.metadata.name} is Pending: ${cls ? `storage class "${cls}" provides no volume` : 'it names no storage class and the cluster has no default one'}.`,
      details: [],
      nextSteps: ['List the storage classes: kubectl get storageclass', 'Name one that exists with global.storageClass, then run panda-k8s install again.'],
    };
  }
  return undefined;
}

/** The diagnosis as lines for an error message. */
export function formatDiagnosis(d: Diagnosis): string {
  return [`pod ${d.pod}${d.container ? ` (container ${d.container})` : ''}: ${d.reason}`, d.summary, ...d.details].join('\n');
}

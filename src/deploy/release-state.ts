// The deploy panel's message convention: how a deploy step reports a release's pods and events
// through the engine's plain `progress` event, and how a failure carries its diagnosis.
// Pure data and pure functions: the deploy steps write it, the UI reads it.

/** One pod of a release, as `kubectl get pods -o json` tells it. */
export interface PodState {
  name: string;
  /** Pending, Running, Succeeded, Failed, Unknown. */
  phase: string;
  /** Containers ready / containers in the pod. */
  ready: number;
  total: number;
  restarts: number;
  /** The waiting or terminated reason of the worst container: ImagePullBackOff, CrashLoopBackOff … */
  reason?: string;
}

/** A Warning event of the release's objects (FailedScheduling, BackOff, FailedMount …). */
export interface WarningEvent {
  /** `Pod/test-panda-server-0`, `PersistentVolumeClaim/data-…`. */
  object: string;
  reason: string;
  message: string;
  count?: number;
}

/** The state of one helm release while it deploys; a deploy step sends it whenever it changes. */
export interface ReleaseState {
  release: string;
  namespace?: string;
  /** Where helm is. */
  phase: 'pending' | 'installing' | 'upgrading' | 'waiting' | 'deployed' | 'failed' | 'rolling-back';
  /** What is being awaited, e.g. "3 pods Ready" (shown with how long it has been awaited). */
  awaiting?: string;
  pods: PodState[];
  /** Newest last; the panel shows the last few. */
  events: WarningEvent[];
}

/**
 * Prefix of a `progress` message that carries a ReleaseState as JSON. A deploy step calls
 * `ctx.progress(encodeReleaseState(state), fraction)`; the ink run screen draws a release panel
 * from it and the plain renderer prints one summary line per change.
 */
export const RELEASE_STATE_PREFIX = 'release-state ';

export function encodeReleaseState(state: ReleaseState): string {
  return RELEASE_STATE_PREFIX + JSON.stringify(state);
}

/** The ReleaseState in a progress message, or undefined when the message is ordinary text. */
export function decodeReleaseState(message: string): ReleaseState | undefined {
  if (!message.startsWith(RELEASE_STATE_PREFIX)) return undefined;
  try {
    const value = JSON.parse(message.slice(RELEASE_STATE_PREFIX.length)) as ReleaseState;
    if (!value || typeof value.release !== 'string' || !Array.isArray(value.pods)) return undefined;
    return { ...value, events: Array.isArray(value.events) ? value.events : [] };
  } catch {
    return undefined;
  }
}

/**
 * What a failed step knows about why: a deploy step attaches it to the error it throws as
 * `error.diagnosis` (or on `error.cause.diagnosis`); the failure screen shows it above the choice.
 */
export interface Diagnosis {
  /** One line: "pod test-panda-server-0 is in CrashLoopBackOff". */
  summary: string;
  pod?: string;
  /** ImagePullBackOff, CrashLoopBackOff, FailedScheduling, unbound PVC … */
  reason?: string;
  /** The failing container's last log lines. */
  logTail?: string[];
}

/** Finds the diagnosis on an error or its cause chain. */
export function diagnosisOf(error: unknown): Diagnosis | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const d = (e as { diagnosis?: unknown }).diagnosis;
    if (d && typeof d === 'object' && typeof (d as Diagnosis).summary === 'string') return d as Diagnosis;
  }
  return undefined;
}

/** One plain line for a release state: `test-panda upgrading: pods 2/3 ready; server-0 CrashLoopBackOff (4 restarts)`. */
export function describeReleaseState(state: ReleaseState): string {
  const ready = state.pods.filter((p) => p.total > 0 && p.ready === p.total).length;
  const parts = [`${state.release} ${state.phase}`];
  if (state.awaiting) parts.push(`awaiting ${state.awaiting}`);
  parts.push(`pods ${ready}/${state.pods.length} ready`);
  const troubled = state.pods.filter((p) => p.reason).map((p) => `${p.name} ${p.reason}${p.restarts ? ` (${p.restarts} restarts)` : ''}`);
  const head = parts.join(', ');
  return troubled.length ? `${head}; ${troubled.join('; ')}` : head;
}

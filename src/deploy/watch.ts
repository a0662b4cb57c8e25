// While a release deploys: poll its pods and Warning events, and report each change as an engine progress event.

import type { StepContext } from '../engine/step.js';
import { encodeReleaseState, type ReleaseState, type WarningEvent } from './release-state.js';
import { instanceSelector, type ClusterIo } from './cluster-io.js';
import { formatPodState, podState } from './diagnose.js';
import { isTestPod } from './release-tests.js';
import type { EventJson, PodJson } from './k8s-shapes.js';

/** @default poll interval: often enough to follow pods starting, seldom enough not to load the API server. */
export const DEFAULT_POLL_MS = 2000;

export interface WatchOptions {
  io: ClusterIo;
  release: string;
  namespace: string;
  /** @default DEFAULT_POLL_MS */
  pollMs?: number;
  /** Wait before the first poll (lets the command being watched start first). @default 0 */
  firstPollMs?: number;
  /** Initial phase shown. @default 'installing' */
  phase?: ReleaseState['phase'];
}

export interface ReleaseWatch {
  /** Sets the phase (upgrading, rolling-back …) and reports it. */
  setPhase(phase: ReleaseState['phase']): void;
  /** The last pods and events seen (the diagnosis starts from them). */
  readonly lastPods: PodJson[];
  readonly lastEvents: EventJson[];
  /**
   * Stops polling at once: a poll still in flight is not waited for (the release is done when helm says so)
   * and what it finds is dropped. Reports the final phase when given.
   */
  stop(finalPhase?: ReleaseState['phase']): Promise<void>;
}

/** Does this event concern one of the release's objects? Its objects all carry the release name. */
export function eventOfRelease(e: EventJson, release: string): boolean {
  const name = e.involvedObject?.name ?? '';
  return name === release || name.startsWith(`${release}-`) || name.includes(`-${release}-`);
}

export function warningsOf(events: readonly EventJson[], release: string): WarningEvent[] {
  return events
    .filter((e) => e.type === 'Warning' && eventOfRelease(e, release))
    .map((e) => {
      const w: WarningEvent = { object: `${e.involvedObject?.kind ?? '?'}/${e.involvedObject?.name ?? '?'}`, reason: e.reason ?? '', message: e.message ?? '' };
      if (e.count !== undefined) w.count = e.count;
      return w;
    });
}

/** The panel state of a release from its pods and events (pure). */
export function releaseStateOf(release: string, namespace: string, phase: ReleaseState['phase'], pods: readonly PodJson[], events: readonly EventJson[]): ReleaseState {
  const states = pods.map(podState).sort((a, b) => a.name.localeCompare(b.name));
  const ready = states.filter((p) => p.total > 0 && p.ready === p.total).length;
  const state: ReleaseState = {
    release,
    namespace,
    phase,
    pods: states,
    events: warningsOf(events, release).slice(-5),
  };
  if (phase === 'installing' || phase === 'upgrading' || phase === 'waiting') state.awaiting = `${states.length > 0 ? states.length : 'its'} pods Ready (${ready} so far)`;
  return state;
}

/** Starts watching; the first poll runs at once (or after firstPollMs). Poll errors are reported as log lines, never thrown. */
export function watchRelease(ctx: StepContext<unknown>, options: WatchOptions): ReleaseWatch {
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const { io, release, namespace } = options;
  let phase: ReleaseState['phase'] = options.phase ?? 'installing';
  let lastPods: PodJson[] = [];
  let lastEvents: EventJson[] = [];
  let lastSent = '';
  const seenWarnings = new Set<string>();
  const seenPodLines = new Map<string, string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastError = '';

  const report = () => {
    const state = releaseStateOf(release, namespace, phase, lastPods, lastEvents);
    const encoded = encodeReleaseState(state);
    if (encoded === lastSent) return;
    lastSent = encoded;
    const ready = state.pods.filter((p) => p.total > 0 && p.ready === p.total).length;
    ctx.progress(encoded, state.pods.length > 0 ? ready / state.pods.length : undefined);
  };

  const poll = async () => {
    try {
      const [pods, events] = await Promise.all([
        io.pods(namespace, instanceSelector(release), ctx.signal),
        io.events(namespace, ctx.signal),
      ]);
      if (stopped) return;
      // The test Pods of an earlier helm test (Completed, Error) are not this upgrade's pods.
      lastPods = pods.filter((p) => !isTestPod(p));
      lastEvents = events;
      lastError = '';
      for (const p of lastPods) {
        const line = formatPodState(podState(p));
        if (seenPodLines.get(p.metadata.name) !== line) {
          seenPodLines.set(p.metadata.name, line);
          ctx.log(`pod ${line}`);
        }
      }
      for (const w of warningsOf(events, release)) {
        const key = `${w.object}|${w.reason}|${w.message}`;
        if (seenWarnings.has(key)) continue;
        seenWarnings.add(key);
        ctx.log(`Warning ${w.reason} ${w.object}: ${w.message}`);
      }
      report();
    } catch (error) {
      const message = (error as Error).message;
      if (!stopped && message !== lastError) ctx.log(`(could not read the pods of ${release}: ${message})`);
      lastError = message;
    }
  };

  const loop = () => {
    if (stopped) return;
    void poll().finally(() => {
      if (!stopped) timer = setTimeout(loop, pollMs);
    });
  };
  report();
  if (options.firstPollMs && options.firstPollMs > 0) timer = setTimeout(loop, options.firstPollMs);
  else loop();

  return {
    setPhase(next) {
      phase = next;
      report();
    },
    get lastPods() {
      return lastPods;
    },
    get lastEvents() {
      return lastEvents;
    },
    async stop(finalPhase) {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (finalPhase) {
        phase = finalPhase;
        report();
      }
    },
  };
}

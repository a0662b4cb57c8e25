// The helm stand-in's hooks: `upgrade` keeps a release's hook documents apart (helm stores them beside the
// manifest and creates them only when their event comes), and `helm test` runs the test hooks as helm 3.17
// and 4.1 do: one Pod at a time by weight and name, the first failure ends the run, the release status with
// a TEST SUITE entry per test that ran, each test Pod's log after `POD LOGS:` with --logs, exit 1 on failure.

import YAML from 'yaml';
import { NOMINAL, complete, effectiveSpeed, remainingMs, sleep } from './clock.js';
import { readFaults } from './faults.js';
import { helmTargetError, resolveTarget } from './kubeconfig.js';
import { hookOutcome, podStatus, schedule, type View } from './kube.js';
import { isoZ, uuid } from './ids.js';
import { withState } from './store.js';
import { checkOf, testLog } from './test-logs.js';
import type { KPod, Kube, Release, ReleaseHook, ReleaseRevision, SimState } from './types.js';
import { containersOf, has, humanTime, lastRevision, one, parseDuration, type HelmArgs, type HelmCtx } from './helm.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Splits `helm template` output into the release's objects and its hooks (documents annotated helm.sh/hook). */
export function splitHooks(rendered: string): { docs: Obj[]; hooks: ReleaseHook[] } {
  const docs: Obj[] = [];
  const hooks: ReleaseHook[] = [];
  // helm template marks each document with the template it came from: `# Source: <chart>/templates/…`.
  for (const text of rendered.split(/^---\s*$/m)) {
    const obj = YAML.parse(text) as Obj | null;
    if (!obj || typeof obj !== 'object' || typeof obj['kind'] !== 'string') continue;
    const annotations = (obj['metadata']?.['annotations'] ?? {}) as Record<string, string>;
    const events = annotations['helm.sh/hook'];
    if (!events) {
      docs.push(obj);
      continue;
    }
    hooks.push({
      name: String(obj['metadata']?.['name']),
      kind: String(obj['kind']),
      events: events.split(',').map((e) => e.trim()).filter(Boolean),
      weight: Number(annotations['helm.sh/hook-weight'] ?? 0) || 0,
      deletePolicies: (annotations['helm.sh/hook-delete-policy'] ?? '').split(',').map((e) => e.trim()).filter(Boolean),
      path: /^# Source: (.+)$/m.exec(text)?.[1] ?? '',
      manifest: text.replace(/^\s*# Source: .+\n/m, '').trim(),
    });
  }
  return { docs, hooks };
}

const byWeight = (a: ReleaseHook, b: ReleaseHook) => a.weight - b.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const isTest = (h: ReleaseHook) => h.events.includes('test');

/** helm's TEST SUITE lines of a revision: one block per test hook that ran; "None" when it has none. */
export function testSuiteLines(rev: ReleaseRevision): string {
  const tests = (rev.hooks ?? []).filter(isTest);
  if (tests.length === 0) return 'TEST SUITE: None\n';
  return tests
    .filter((h) => h.lastRun)
    .map((h) => `TEST SUITE:     ${h.name}\nLast Started:   ${humanTime(h.lastRun!.startedAt)}\nLast Completed: ${humanTime(h.lastRun!.completedAt ?? h.lastRun!.startedAt)}\nPhase:          ${h.lastRun!.phase}\n`)
    .join('');
}

/** The release block helm prints before and after an operation (helm 4 adds DESCRIPTION). */
export function statusBlock(r: Release, rev: ReleaseRevision, major: 3 | 4): string {
  return `NAME: ${r.name}\nLAST DEPLOYED: ${humanTime(rev.updated)}\nNAMESPACE: ${r.namespace}\nSTATUS: ${rev.status}\nREVISION: ${rev.revision}\n${major === 4 ? `DESCRIPTION: ${rev.description}\n` : ''}${testSuiteLines(rev)}`;
}

/** `helm test` flags of each major (its own and the global ones the product could pass). */
const TEST_FLAGS: Record<3 | 4, Set<string>> = (() => {
  const common = ['--timeout', '--logs', '--filter', '--namespace', '--kubeconfig', '--kube-context', '--debug', '--help', '-h', '--kube-apiserver', '--kube-token', '--kube-as-user', '--kube-as-group', '--kube-ca-file', '--kube-insecure-skip-tls-verify', '--kube-tls-server-name', '--burst-limit', '--qps', '--registry-config', '--repository-cache', '--repository-config'];
  return { 3: new Set([...common, '--hide-notes']), 4: new Set([...common, '--color', '--colour', '--content-cache']) };
})();

function newTestPod(state: SimState, kube: Kube, release: Release, hook: ReleaseHook, now: number): KPod | string {
  const doc = YAML.parse(hook.manifest) as Obj;
  if (doc?.['kind'] !== 'Pod') return `the sim runs Pod test hooks only, not ${hook.kind} ${hook.name}`;
  const spec = (doc['spec'] ?? {}) as Obj;
  const containers = containersOf(spec);
  return {
    name: hook.name,
    namespace: release.namespace,
    uid: uuid(state),
    labels: (doc['metadata']?.['labels'] ?? {}) as Record<string, string>,
    ownerKind: 'None',
    ownerName: '',
    workload: hook.name,
    release: release.name,
    containers,
    pvcs: ((spec['volumes'] ?? []) as Obj[]).filter((v) => v['persistentVolumeClaim']).map((v) => String(v['persistentVolumeClaim']['claimName'])),
    created: isoZ(now),
    progress: { start: now, stagesMs: [NOMINAL.podSchedule, NOMINAL.podCreate, NOMINAL.testRun], seen: 0 },
    completes: true,
    hook: { annotations: (doc['metadata']?.['annotations'] ?? {}) as Record<string, string>, check: checkOf(containers[0]?.args?.[0]) },
  };
}

/** What one test Pod came to: finished (with its phase) or still running when the timeout passed. */
type Ran = { phase: 'Succeeded' | 'Failed' } | { phase: 'timeout' } | { error: string };

async function runOneTest(hc: HelmCtx, kubeFlags: { kubeconfig?: string; context?: string }, release: Release, hook: ReleaseHook, timeoutMs: number): Promise<Ran> {
  const { dir, io } = hc;
  const locate = (state: SimState) => {
    const t = resolveTarget(state, kubeFlags, io.env, io.cwd);
    if ('kind' in t) return undefined;
    const r = t.kube.releases.find((x) => x.name === release.name && x.namespace === release.namespace);
    const h = r && lastRevision(r).hooks?.find((x) => x.name === hook.name);
    return r && h ? { kube: t.kube, rev: lastRevision(r), hook: h } : undefined;
  };
  const created = await withState(dir, (state): string | undefined => {
    const found = locate(state);
    if (!found) return 'release: not found';
    const { kube } = found;
    const now = Date.now();
    // The default policy, and ours: the Pod of the last run goes before this one is made.
    if (found.hook.deletePolicies.length === 0 || found.hook.deletePolicies.includes('before-hook-creation')) {
      kube.pods = kube.pods.filter((p) => !(p.namespace === release.namespace && p.name === hook.name));
    } else if (kube.pods.some((p) => p.namespace === release.namespace && p.name === hook.name)) {
      return `warning: Hook test ${hook.path} failed: pods "${hook.name}" already exists`;
    }
    const pod = newTestPod(state, kube, release, found.hook, now);
    if (typeof pod === 'string') return pod;
    kube.pods.push(pod);
    found.hook.lastRun = { startedAt: isoZ(now), phase: 'Running' };
    schedule(kube, { state, faults: readFaults(dir), speed: effectiveSpeed(state, io.env), now });
    return undefined;
  });
  if (created) return { error: created };
  const started = Date.now();
  for (;;) {
    const poll = await withState(dir, (state) => {
      const faults = readFaults(dir);
      const view: View = { state, faults, speed: effectiveSpeed(state, io.env), now: Date.now() };
      const found = locate(state);
      const pod = found?.kube.pods.find((p) => p.namespace === release.namespace && p.name === hook.name);
      if (!found || !pod) return { done: true as const, ran: { error: `pods "${hook.name}" not found` } as Ran };
      schedule(found.kube, view);
      // Speed 0: time stands still; a scheduled test Pod runs to its end at once, as a Ready pod does for upgrade.
      if (view.speed === 0 && pod.nodeName && !podStatus(view, found.kube, pod).fault) complete(pod.progress);
      const st = podStatus(view, found.kube, pod);
      if (st.phase === 'Succeeded' || st.phase === 'Failed') {
        const outcome = hookOutcome(view, pod);
        pod.hook!.outcome = outcome;
        pod.hook!.log = testLog(pod.hook!.check, outcome, release.name);
        found.hook.lastRun = { startedAt: found.hook.lastRun?.startedAt ?? isoZ(started), completedAt: isoZ(Date.now()), phase: st.phase };
        return { done: true as const, ran: { phase: st.phase } as Ran };
      }
      const stuck = view.speed === 0;
      if (stuck || Date.now() - started >= timeoutMs * view.speed) {
        found.hook.lastRun = { startedAt: found.hook.lastRun?.startedAt ?? isoZ(started), completedAt: isoZ(Date.now()), phase: 'Failed' };
        return { done: true as const, ran: { phase: 'timeout' } as Ran };
      }
      // Wake when the Pod is due to finish (a pending Pod: poll), as upgrade --wait does.
      return { done: false as const, wait: Math.min(Math.max(remainingMs(pod.progress, view.speed, view.now), 20), 250) };
    });
    if (poll.done) return poll.ran;
    await sleep(poll.wait);
  }
}

/** Runs `helm test <release>` as helm `major` does; returns the exit code. */
export async function runHelmTest(hc: HelmCtx, args: HelmArgs, major: 3 | 4): Promise<number> {
  for (const flag of args.flags.keys()) {
    if (!TEST_FLAGS[major].has(flag)) {
      hc.err.push(`Error: unknown flag: ${flag}\n`);
      return 1;
    }
  }
  const name = args.pos[1];
  if (!name || args.pos.length > 2) {
    hc.err.push(`Error: "helm test" requires 1 argument\n\nUsage:  helm test [RELEASE] [flags]\n`);
    return 1;
  }
  const timeoutText = one(args, '--timeout') ?? '5m0s';
  const timeoutMs = parseDuration(timeoutText);
  if (timeoutMs === undefined) {
    hc.err.push(`Error: invalid argument "${timeoutText}" for "--timeout" flag: time: invalid duration "${timeoutText}"\n`);
    return 1;
  }
  const ns = one(args, '--namespace') ?? 'default';
  const kubeFlags = { kubeconfig: one(args, '--kubeconfig'), context: one(args, '--kube-context') };
  const include: string[] = [];
  const exclude: string[] = [];
  for (const f of (args.flags.get('--filter') ?? []).flatMap((v) => v.split(','))) {
    if (f.startsWith('name=')) include.push(f.slice(5));
    else if (/^!\s?name=/.test(f)) exclude.push(f.replace(/^!\s?name=/, ''));
  }
  const picked = (h: ReleaseHook) => !exclude.includes(h.name) && (include.length === 0 || include.includes(h.name));

  const found = await withState(dir(hc), (state) => {
    const t = resolveTarget(state, kubeFlags, hc.io.env, hc.io.cwd);
    if ('kind' in t) return { error: helmTargetError(t) };
    const r = t.kube.releases.find((x) => x.name === name && x.namespace === ns && x.revisions.some((v) => v.status !== 'uninstalled'));
    return r ? { release: structuredClone(r) } : { error: 'Error: release: not found\n' };
  });
  if ('error' in found) {
    hc.err.push(found.error!);
    return 1;
  }
  const release = found.release!;
  const tests = (lastRevision(release).hooks ?? []).filter(isTest).filter(picked).sort(byWeight);
  let runError: string | undefined;
  for (const hook of tests) {
    const r = await runOneTest(hc, kubeFlags, release, hook, timeoutMs);
    if ('error' in r) runError = r.error;
    else if (r.phase === 'Failed') runError = major === 4 ? `resource Pod/${ns}/${hook.name} not ready. status: Failed, message: pod ${hook.name} failed` : `pod ${hook.name} failed`;
    else if (r.phase === 'timeout') runError = major === 4 ? `resource Pod/${ns}/${hook.name} not ready. status: InProgress, message: Pod in progress\ncontext deadline exceeded` : 'timed out waiting for the condition';
    if (runError) break;
  }
  // helm 3 deletes hook-succeeded Pods as soon as every test passed, before it reads their logs; helm 4 after.
  const deleteSucceeded = async () => {
    if (runError) return;
    await withState(dir(hc), (state) => {
      const t = resolveTarget(state, kubeFlags, hc.io.env, hc.io.cwd);
      if ('kind' in t) return;
      for (const h of tests.filter((x) => x.deletePolicies.includes('hook-succeeded'))) t.kube.pods = t.kube.pods.filter((p) => !(p.namespace === ns && p.name === h.name));
    });
  };
  if (major === 3) await deleteSucceeded();
  const after = await withState(dir(hc), (state) => {
    const t = resolveTarget(state, kubeFlags, hc.io.env, hc.io.cwd);
    if ('kind' in t) return undefined;
    const r = t.kube.releases.find((x) => x.name === name && x.namespace === ns);
    if (!r) return undefined;
    const logs = new Map(t.kube.pods.filter((p) => p.namespace === ns && p.hook).map((p) => [p.name, p.hook!.log ?? []] as const));
    return { block: statusBlock(r, lastRevision(r), major), logs };
  });
  if (!after) {
    hc.err.push('Error: release: not found\n');
    return 1;
  }
  hc.out.push(after.block);
  let logError: string | undefined;
  if (has(args, '--logs')) {
    hc.out.push('\n');
    for (const h of (lastRevision(release).hooks ?? []).filter(isTest).filter(picked).sort(byWeight)) {
      const log = after.logs.get(h.name);
      if (log === undefined) {
        logError = `unable to get pod logs for ${h.name}: pods "${h.name}" not found`;
        break;
      }
      hc.out.push(`POD LOGS: ${h.name}\n${log.map((l) => `${l}\n`).join('')}\n`);
    }
  }
  if (major === 4) await deleteSucceeded();
  // helm 3 returns the log error instead of the test's; helm 4 joins them.
  const errors = major === 3 ? [logError ?? runError] : [runError, logError];
  const said = errors.filter((e): e is string => e !== undefined).join('\n');
  if (said) {
    hc.err.push(`Error: ${said}\n`);
    return 1;
  }
  return 0;
}

const dir = (hc: HelmCtx) => hc.dir;

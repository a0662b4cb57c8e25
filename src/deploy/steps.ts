// The deploy phase on the engine: namespace, secrets preflight, capacity, one step per release, verify.
// Steps do their work through ClusterIo (helm and kubectl over Exec); the runner orders them by `needs`.

import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { RunData } from '../app/run-data.js';
import { ActionableError } from '../engine/errors.js';
import { writeFileAtomic } from '../engine/atomic-write.js';
import { digestOf } from '../engine/digest.js';
import type { Step, StepContext } from '../engine/step.js';
import { formatCommand } from '../tools/exec/index.js';
import { diagnosisOf as panelDiagnosisOf, type Diagnosis as PanelDiagnosis } from './release-state.js';
import { checkCapacity, nodeRooms, podsOfManifest, type ReleaseDemand } from './capacity.js';
import { clusterIoOf, instanceSelector, revisionOfUpgrade, type ClusterIo, type HelmReleaseStatus } from './cluster-io.js';
import { COMPONENT_NAMES } from './components.js';
import { releaseName } from './names.js';
import { diagnose, formatDiagnosis, logsWanted, podIsReady, podState, formatPodState, type Diagnosis } from './diagnose.js';
import { DEFAULT_TEST_TIMEOUT, failureLines, isTestPod, successLines, testRelease } from './release-tests.js';
import { releaseDigest, releaseInputsOf, type ReleaseInputs } from './inputs-digest.js';
import type { EventJson, PodJson } from './k8s-shapes.js';
import { planDeploy, type DeployPlan, type PlannedRelease } from './plan.js';
import { helmReleaseArgs, secretsReleaseArgs, type ReleaseArgs } from './release-plan.js';
import { remainingFixmes, describeMissing } from './secrets-values.js';
import { secretDigestsOf, type SecretDigests } from './secret-digests.js';
import { iamKeystoreProblems } from './iam-keystore.js';
import { DEFAULT_POLL_MS, watchRelease } from './watch.js';

/** The step a deploy ends with: asking for it pulls in the whole deploy phase. */
export const DEPLOY_GOAL = 'verify';
/** Goal step ids of the deploy target (`panda-k8s install`, and the tail of `bootstrap`). */
export const DEPLOY_GOALS: readonly string[] = [DEPLOY_GOAL];
/** The first deploy steps, which the bootstrap plan makes wait for its configuration steps. */
export const DEPLOY_ENTRY_STEPS: readonly string[] = ['namespace', 'secrets-preflight'];

/** Prefix of the helm release description that carries the inputs digest. */
export const DESCRIPTION_PREFIX = 'panda-k8s inputs ';

export interface DeployOptions {
  /** @default clusterIoOf(data): the run's kubeconfig, context and tool wrappers */
  io?: ClusterIo;
  /** Poll interval of the live pod view. @default DEFAULT_POLL_MS (2 s) */
  pollMs?: number;
  /** Verify checks releases and pods this many times before it fails. @default 10 */
  probeAttempts?: number;
  /** Pause between those attempts. @default 3000 */
  probeIntervalMs?: number;
  /** helm test --timeout: how long helm waits for each test Pod. @default DEFAULT_TEST_TIMEOUT (5m) */
  testTimeout?: string;
  /** Log lines shown in a CrashLoopBackOff diagnosis. @default 20 */
  logTail?: number;
  /** Extra step ids every deploy step waits for (the bootstrap's configuration steps). @default [] */
  after?: readonly string[];
  /**
   * Read a release's `helm status` for its check while the releases it needs are upgrading, so the tier
   * boundary does not wait for it. Only sound when nothing else in the run changes that release before its
   * own step (false for a reinstall, whose uninstall steps may run alongside). @default true
   */
  prefetchChecks?: boolean;
}

/**
 * What a deploy records at its end (the verify step's outputs): the answers it deployed, as the deploy reads
 * them. The same deployment is written more than one way (`install` fills in experiment "none", every component
 * enabled and an empty disable list where panda-k8s.yaml has no deploy section): those give one digest.
 */
export function answersDigest(answers: RunData['answers']): string {
  const plan = planDeploy(answers);
  return digestOf({
    kube: { kubeconfig: answers.kube?.kubeconfig, context: answers.kube?.context },
    deploy: {
      namespace: plan.namespace, affix: plan.affix, experiment: plan.experiment ?? 'none', timeout: plan.timeout,
      releases: plan.releases.map((r) => ({ release: r.release, kind: r.kind, disabledSubs: r.disabledSubs, external: r.external })),
      notStarted: plan.notStarted.map((n) => n.release),
    },
    secrets: { valuesFile: answers.secrets?.valuesFile ?? path.join('.panda-k8s', 'secrets.values.yaml'), values: answers.secrets?.values ?? {} },
  });
}

/** The filled secret values file (`secrets.valuesFile`, relative to the workspace). */
export function secretsValuesFile(data: Pick<RunData, 'workspace' | 'answers'>): string {
  const given = data.answers.secrets?.valuesFile ?? path.join('.panda-k8s', 'secrets.values.yaml');
  return path.resolve(data.workspace, given);
}

/**
 * The exact helm arguments of a planned release (release-plan's), with the secrets chart told what is off.
 * `secretDigests` (of the rendered secrets chart) gives a component the digests of the Secrets it reads.
 */
export function releaseArgsOf(plan: DeployPlan, r: PlannedRelease, data: Pick<RunData, 'projectRoot' | 'workspace' | 'answers' | 'secretsChartDir'>, secretDigests?: SecretDigests): ReleaseArgs {
  if (r.kind === 'secrets') {
    const args = secretsReleaseArgs({
      affix: plan.affix, secretsDir: data.secretsChartDir, filledSecretsValues: secretsValuesFile(data), namespace: plan.namespace,
    });
    // Disabled components' Secrets are not rendered (and their FIXMEs need no value).
    const off = plan.disabled.map((c) => `${c}.enabled=false`);
    return { ...args, sets: [...args.sets, ...off], upgradeArgs: [...args.upgradeArgs, ...off.flatMap((s) => ['--set', s])], templateArgs: [...args.templateArgs, ...off.flatMap((s) => ['--set', s])] };
  }
  return helmReleaseArgs({
    affix: plan.affix, experiment: plan.experiment, component: r.kind, disabledSubs: r.disabledSubs, namespace: plan.namespace, chartsDir: path.join(data.projectRoot, 'charts'),
    secretDigests,
  });
}

export function releaseInputs(plan: DeployPlan, r: PlannedRelease, args: ReleaseArgs): ReleaseInputs {
  return { release: r.release, namespace: plan.namespace, chartDir: args.chart, valuesFiles: args.valuesFiles, sets: [...args.setStrings, ...args.sets] };
}

/** An ActionableError that also carries the diagnosis the failure screen shows. */
export class ReleaseFailedError extends ActionableError {
  readonly diagnosis: PanelDiagnosis | undefined;
  readonly release: string;
  constructor(release: string, message: string, options: { hint?: string; nextSteps?: string[]; cause?: unknown; diagnosis?: Diagnosis }) {
    super(message, options);
    this.name = 'ReleaseFailedError';
    this.release = release;
    const d = options.diagnosis;
    this.diagnosis = d
      ? { summary: `pod ${d.pod} ${d.reason}: ${d.summary}`, pod: d.pod, reason: d.reason, logTail: d.details.filter((l) => l.startsWith('  ')).map((l) => l.slice(2)) }
      : undefined;
  }
}

export { panelDiagnosisOf as diagnosisOf };

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

/** The digests saved by an earlier run, or undefined when there are none (or they cannot be read). */
function readSavedDigests(file: string): { key: string; digests: SecretDigests } | undefined {
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { key?: unknown; digests?: unknown };
    if (typeof saved.key !== 'string' || !saved.digests || typeof saved.digests !== 'object') return undefined;
    return { key: saved.key, digests: saved.digests as SecretDigests };
  } catch {
    return undefined;
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter((l) => l.trim() !== '').pop() ?? '';
}

/** Collects what the diagnosis needs after a failure: fresh pods (or the last ones the watch saw), events, claims, logs. */
export async function diagnoseRelease(io: ClusterIo, namespace: string, release: string, seen: { pods: PodJson[]; events: EventJson[] }, signal: AbortSignal, logTail = 20): Promise<Diagnosis | undefined> {
  const safe = async <T>(p: Promise<T>, fallback: T): Promise<T> => p.catch(() => fallback);
  const [freshPods, freshEvents, pvcs] = await Promise.all([
    safe(io.pods(namespace, instanceSelector(release), signal).then((pods) => pods.filter((p) => !isTestPod(p))), [] as PodJson[]),
    safe(io.events(namespace, signal), [] as EventJson[]),
    safe(io.pvcs(namespace, undefined, signal), []),
  ]);
  // A first install rolled back is gone: then the pods the watch saw are all there is.
  const pods = freshPods.some((p) => !podIsReady(p)) || seen.pods.length === 0 ? freshPods : seen.pods;
  const events = [...seen.events, ...freshEvents];
  const logs: Record<string, string[]> = {};
  await Promise.all(logsWanted(pods).slice(0, 3).map(async (w) => {
    logs[`${w.pod}/${w.container}`] = await safe(io.logs(namespace, w.pod, w.container, { previous: w.previous, tail: logTail, signal }), []);
  }));
  return diagnose({ namespace, release, pods, events, pvcs, logs });
}

/**
 * The exact helm commands a deploy would run, tier by tier, then verify's `helm test` of each release (for
 * `panda-k8s plan`). The description carries each release's inputs digest; the rollback flag is the given
 * helm major's.
 */
export function deployCommands(data: Pick<RunData, 'projectRoot' | 'workspace' | 'answers' | 'kubeconfig' | 'kubeContext' | 'secretsChartDir'>, helmMajor: 3 | 4, secretDigests?: SecretDigests): string[] {
  const plan = planDeploy(data.answers);
  const conn = [...(data.kubeconfig ? ['--kubeconfig', data.kubeconfig] : []), ...(data.kubeContext ? ['--kube-context', data.kubeContext] : [])];
  const flag = helmMajor === 4 ? '--rollback-on-failure' : '--atomic';
  const lines: string[] = [];
  for (const [i, tier] of plan.tiers.entries()) {
    lines.push(i === 0 ? '# tier 0: the secrets' : `# tier ${tier[0]!.tier}${tier.length > 1 ? ' (in parallel)' : ''}`);
    for (const r of tier) {
      const args = releaseArgsOf(plan, r, data, secretDigests);
      const digest = releaseDigest(releaseInputs(plan, r, args), data.projectRoot);
      lines.push(formatCommand('helm', [...args.upgradeArgs, '--wait', '--timeout', plan.timeout, flag, '--description', DESCRIPTION_PREFIX + digest, ...conn]));
    }
  }
  for (const n of plan.notStarted) lines.push(`# not started: ${n.release}: ${n.reason}`);
  const tested = plan.releases.filter((r) => r.kind !== 'secrets');
  if (tested.length > 0) {
    lines.push('# verify: each chart\'s tests exercise its service');
    for (const r of tested) lines.push(formatCommand('helm', ['test', r.release, '--namespace', plan.namespace, '--timeout', DEFAULT_TEST_TIMEOUT, '--logs', ...conn]));
  }
  return lines;
}

export function deploySteps(data: RunData, options: DeployOptions = {}): Step<RunData>[] {
  const io = options.io ?? clusterIoOf(data);
  const plan = planDeploy(data.answers);
  const ns = plan.namespace;
  const after = options.after ?? [];
  // The pod view follows the run's poll interval (500 ms on the sim, PANDA_K8S_POLL_MS in tests), at most every 2 s.
  const runPoll = typeof data.pollIntervalMs === 'number' ? Math.max(10, data.pollIntervalMs) : DEFAULT_POLL_MS;
  const pollMs = options.pollMs ?? Math.min(DEFAULT_POLL_MS, runPoll);
  const argsOf = new Map(plan.releases.map((r) => [r.stepId, releaseArgsOf(plan, r, data)] as const));
  const enabledComponents = COMPONENT_NAMES.filter((c) => !plan.disabled.includes(c));

  const namespaceStep: Step<RunData> = {
    id: 'namespace',
    title: `Namespace ${ns}`,
    needs: after,
    inputs: () => ({ namespace: ns }),
    async check(ctx) {
      const exists = await io.namespaceExists(ns, ctx.signal);
      return { done: exists, reason: exists ? `namespace ${ns} exists` : `namespace ${ns} does not exist` };
    },
    async apply(ctx) {
      await io.createNamespace(ns, ctx.signal);
      ctx.log(`created namespace ${ns}`);
    },
  };

  const valuesFile = secretsValuesFile(data);
  const fixmeProblems = (): string[] => {
    if (!fs.existsSync(valuesFile)) return [`the filled secret values ${valuesFile} do not exist`];
    let values: unknown;
    try {
      values = YAML.parse(fs.readFileSync(valuesFile, 'utf8'));
    } catch (error) {
      return [`${valuesFile} is not valid YAML: ${(error as Error).message.split('\n')[0]}`];
    }
    const problems = describeMissing(remainingFixmes(values, enabledComponents), valuesFile);
    // IAM cannot start without a private signing key: refuse here rather than watch it crash-loop.
    if (enabledComponents.includes('iam') && !problems.some((p) => p.startsWith('iam.keystore '))) {
      const keystoreFile = path.join(data.secretsChartDir, 'files', 'iam_conf', 'iam-keystore.jwks');
      problems.push(...iamKeystoreProblems(values, keystoreFile, (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined)));
    }
    return problems;
  };
  const preflightStep: Step<RunData> = {
    id: 'secrets-preflight',
    title: 'Secret values filled for the enabled components',
    needs: after,
    inputs: () => ({ file: valuesFile, enabled: enabledComponents }),
    async check() {
      const problems = fixmeProblems();
      return { done: problems.length === 0, reason: problems.length === 0 ? 'no FIXME left' : `${problems.length} value(s) missing` };
    },
    async apply() {
      const problems = fixmeProblems();
      if (problems.length === 0) return;
      throw new ActionableError(`Secret values are missing, so nothing is deployed:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
        hint: 'Every FIXME of secrets/values.yaml must be filled for the enabled components before any release is installed.',
        nextSteps: [
          'Run panda-k8s bootstrap (it generates our passwords and asks for the outside values), or',
          'give each value as shown above, then run panda-k8s install again.',
        ],
      });
    },
  };

  const capacityStep: Step<RunData> = {
    id: 'capacity',
    title: 'Capacity: rendered requests against the nodes\' allocatable',
    needs: ['namespace', 'secrets-preflight'],
    inputs: () => plan.releases.map((r) => releaseInputsOf(releaseInputs(plan, r, argsOf.get(r.stepId)!), data.projectRoot)),
    async check(ctx) {
      // Probing means rendering every chart: trust the last pass while the inputs are unchanged.
      return { done: ctx.previous?.status === 'done', reason: ctx.previous?.status === 'done' ? 'checked with these inputs' : 'not checked yet' };
    },
    async apply(ctx) {
      const demands: ReleaseDemand[] = [];
      for (const r of plan.releases) {
        ctx.progress(`rendering ${r.release}`);
        const manifest = await io.template(argsOf.get(r.stepId)!.templateArgs, ctx.signal);
        demands.push({ release: r.release, component: r.kind, pods: podsOfManifest(manifest) });
      }
      const ours = new Set(plan.releases.map((r) => r.release));
      const [nodes, running] = await Promise.all([io.nodes(ctx.signal), io.allPods(ctx.signal).catch(() => [] as PodJson[])]);
      const rooms = nodeRooms(nodes, running, (p) => ours.has(p.metadata.labels?.['app.kubernetes.io/instance'] ?? ''));
      const report = checkCapacity(demands, rooms);
      for (const line of report.lines) ctx.log(line);
      if (!report.fits) {
        const names = [...new Set(report.unplaced.map((u) => u.release))];
        throw new ActionableError(`Not enough room on the cluster for ${names.join(', ')}: their pods would stay Pending.\n${report.lines.join('\n')}`, {
          hint: 'panda-k8s compares the rendered CPU and memory requests with what the nodes can allocate before installing anything.',
          nextSteps: report.nextSteps,
        });
      }
      return { requestedCpuMilli: report.requested.cpuMilli, requestedMemBytes: report.requested.memBytes };
    },
  };

  const prefetch = options.prefetchChecks ?? true;
  /** Status readings taken while a release's dependencies upgraded; its next check uses one, once. */
  const prefetched = new Map<string, Promise<HelmReleaseStatus | undefined>>();
  const prefetchedAt = new Map<string, number>();
  /** Background calls (the watch's first poll, the dependants' status) wait this long after helm upgrade starts. */
  const startDelayMs = Math.min(pollMs, 500);
  const prefetchDependants = (r: PlannedRelease, signal: AbortSignal) => {
    for (const d of plan.releases.filter((x) => x.needs.includes(r.stepId))) {
      // Releases of a tier start together: one reading serves all of them; a later start (a retry) reads again.
      if (prefetched.has(d.release) && Date.now() - prefetchedAt.get(d.release)! < 1000) continue;
      const reading = io.status(d.release, ns, signal);
      reading.catch(() => undefined);
      prefetched.set(d.release, reading);
      prefetchedAt.set(d.release, Date.now());
    }
  };
  /**
   * A check reads, beside its own, the status of every release downstream of it not read yet: on a run with
   * nothing to do the tiers are then asked all at once instead of one tier after another (one helm start each).
   * A release's status does not change while another is checked or upgraded; an upgrade reads its dependants
   * again anyway (prefetchDependants).
   */
  const prefetchDownstream = (r: PlannedRelease, signal: AbortSignal) => {
    const down = new Set<string>();
    const walk = (id: string) => {
      for (const d of plan.releases.filter((x) => x.needs.includes(id))) {
        if (down.has(d.release)) continue;
        down.add(d.release);
        walk(d.stepId);
      }
    };
    walk(r.stepId);
    for (const name of down) {
      if (prefetched.has(name)) continue;
      const reading = io.status(name, ns, signal);
      reading.catch(() => undefined);
      prefetched.set(name, reading);
      prefetchedAt.set(name, Date.now());
    }
  };
  /** What a release's check found, for the apply of the same step run (the runner passes both one context). */
  const foundByCheck = new WeakMap<object, HelmReleaseStatus | undefined>();

  // The digests of the Secrets the secrets release renders (secret-digests.ts): each component release
  // gets those it reads, so a changed Secret upgrades exactly its readers' releases and rolls exactly
  // their pods. Rendered once per content of the secrets chart and values (the first component step,
  // or the secrets step itself while its upgrade runs), not once per release.
  const secretsPlanned = plan.releases.find((x) => x.kind === 'secrets')!;
  const secretsArgs = argsOf.get(secretsPlanned.stepId)!;
  // The digests are a pure function of the secrets release's inputs: kept in the workspace under their
  // digest, a run with unchanged secrets renders nothing.
  const digestsFile = path.join(data.workspace, '.panda-k8s', 'secret-digests.json');
  let digestsMemo: { key: string; value: Promise<SecretDigests> } | undefined;
  const secretDigestsNow = (signal: AbortSignal): Promise<SecretDigests> => {
    const key = releaseDigest(releaseInputs(plan, secretsPlanned, secretsArgs), data.projectRoot);
    if (digestsMemo?.key !== key) {
      const saved = readSavedDigests(digestsFile);
      const value = saved?.key === key
        ? Promise.resolve(saved.digests)
        : io.template(secretsArgs.templateArgs, signal).then((manifest) => {
          const digests = secretDigestsOf(manifest);
          if (!data.dryRun) writeFileAtomic(digestsFile, `${JSON.stringify({ key, digests }, null, 2)}\n`, 0o600);
          return digests;
        });
      value.catch(() => undefined);
      digestsMemo = { key, value };
    }
    return digestsMemo.value;
  };

  const releaseStep = (r: PlannedRelease): Step<RunData> => {
    const planArgs = argsOf.get(r.stepId)!;
    const inputs = releaseInputs(plan, r, planArgs);
    /** The arguments as they stand when the step runs: a component's carry the digests of the Secrets it reads. */
    const argsNow = async (signal: AbortSignal): Promise<ReleaseArgs> => {
      if (r.kind === 'secrets') return planArgs;
      let digests: SecretDigests;
      try {
        digests = await secretDigestsNow(signal);
      } catch (error) {
        // A dry run (plan) before the secret values exist: show the commands, without the digests.
        if (data.dryRun) return releaseArgsOf(plan, r, data);
        throw new ActionableError(`Cannot render the secrets chart to see which Secrets ${r.release} reads changed: ${lastLine((error as { result?: { stderr?: string } }).result?.stderr ?? (error as Error).message)}`, {
          cause: error,
          nextSteps: [`helm ${secretsArgs.templateArgs.join(' ')}`],
        });
      }
      return releaseArgsOf(plan, r, data, digests);
    };
    // Read when the step runs, not when the plan is built: earlier steps of the same run put files in
    // the charts (host certificates, CRIC JSONs into the secrets chart), and the digest must see them.
    const digestOfArgs = (a: ReleaseArgs) => releaseDigest(releaseInputs(plan, r, a), data.projectRoot);
    return {
      id: r.stepId,
      title: r.kind === 'secrets' ? `Release ${r.release} (Secrets)` : `Release ${r.release} (tier ${r.tier})`,
      needs: ['capacity', ...r.needs],
      inputs: () => releaseInputsOf(inputs, data.projectRoot),
      async check(ctx) {
        // The secrets step starts rendering the digests its dependants need while helm works on it.
        if (r.kind === 'secrets') secretDigestsNow(ctx.signal).catch(() => undefined);
        if (prefetch) prefetchDownstream(r, ctx.signal);
        const args = await argsNow(ctx.signal);
        // A reading taken while this release's dependencies upgraded (see prefetchDependants), else a fresh one.
        const reading = prefetched.get(r.release);
        prefetched.delete(r.release);
        prefetchedAt.delete(r.release);
        const st = reading ? await reading.catch(() => io.status(r.release, ns, ctx.signal)) : await io.status(r.release, ns, ctx.signal);
        foundByCheck.set(ctx, st);
        if (!st) return { done: false, reason: 'not installed' };
        if (st.status !== 'deployed') return { done: false, reason: `revision ${st.revision} is ${st.status}` };
        const same = { done: true, reason: `revision ${st.revision} deployed with these inputs`, outputs: { revision: st.revision } };
        if (st.description.startsWith(DESCRIPTION_PREFIX)) {
          return st.description.includes(digestOfArgs(args)) ? same : { done: false, reason: `its inputs changed since revision ${st.revision}` };
        }
        // helm kept no description of ours (a rollback, a hand upgrade, a helm that drops it): then the
        // journal decides, as long as nobody made a revision since ours.
        const ourRevision = ctx.previous?.outputs?.['revision'];
        if (ctx.previous?.status === 'done' && !ctx.inputsChanged && ourRevision === st.revision) return same;
        return { done: false, reason: ourRevision === undefined ? `revision ${st.revision} was not deployed by this workspace` : `revision ${st.revision} is not the one this workspace deployed (${String(ourRevision)})` };
      },
      async apply(ctx) {
        const args = await argsNow(ctx.signal);
        for (const dep of r.external) {
          const name = releaseName(plan.affix, dep);
          const st = await io.status(name, ns, ctx.signal);
          if (st?.status !== 'deployed') {
            throw new ActionableError(`${r.release} needs ${dep}, which this run does not install and which is not deployed (release ${name}: ${st ? st.status : 'not installed'}).`, {
              nextSteps: [`Add ${dep} to the components (-c ${dep},${r.kind}) and run panda-k8s install again.`],
            });
          }
        }
        // The runner checked just before, with this same context: what check found is still the truth.
        const existing = foundByCheck.has(ctx) ? foundByCheck.get(ctx) : await io.status(r.release, ns, ctx.signal).catch(() => undefined);
        foundByCheck.delete(ctx);
        const watch = watchRelease(ctx as StepContext<unknown>, { io, release: r.release, namespace: ns, pollMs, firstPollMs: startDelayMs, phase: existing ? 'upgrading' : 'installing' });
        // The releases that need this one are checked as soon as it is done: read their status while this
        // upgrade runs rather than one after another at the tier boundary (a moment after helm started, not to
        // slow its start). Only while the upgrade runs, so no dependant has been checked yet.
        // The secrets release has no pods to wait for: its upgrade is over before that moment, so read at once.
        const early = prefetch ? setTimeout(() => prefetchDependants(r, ctx.signal), r.kind === 'secrets' ? 0 : startDelayMs) : undefined;
        let upgraded;
        try {
          upgraded = await io.upgradeInstall({ args: args.upgradeArgs, timeout: plan.timeout, description: DESCRIPTION_PREFIX + digestOfArgs(args), signal: ctx.signal });
        } catch (error) {
          clearTimeout(early);
          const seen = { pods: watch.lastPods, events: watch.lastEvents };
          await watch.stop('failed');
          if (ctx.signal.aborted) throw error;
          const flag = await io.rollbackFlag(ctx.signal).catch(() => '--atomic');
          const helmSaid = lastLine((error as { result?: { stderr?: string } }).result?.stderr ?? (error as Error).message);
          const diagnosis = await diagnoseRelease(io, ns, r.release, seen, ctx.signal, options.logTail);
          const lines = [`Release ${r.release} did not become ready: ${helmSaid}`, `helm rolled it back (${flag}).`];
          if (diagnosis) lines.push(formatDiagnosis(diagnosis));
          throw new ReleaseFailedError(r.release, lines.join('\n'), {
            cause: error,
            diagnosis,
            hint: diagnosis?.summary,
            nextSteps: [...(diagnosis?.nextSteps ?? [`kubectl -n ${ns} get pods -l ${instanceSelector(r.release)}`]), 'Then run panda-k8s install again: only what is missing is deployed.'],
          });
        }
        clearTimeout(early);
        // helm --wait returned: the release is done now, not after the watch's next poll.
        await watch.stop('deployed');
        // helm upgrade prints the REVISION it made; ask helm status only when it did not.
        const revision = revisionOfUpgrade(upgraded.stdout) ?? (await io.status(r.release, ns, ctx.signal))?.revision;
        return { revision };
      },
    };
  };

  const releaseSteps = plan.releases.map(releaseStep);

  const verifyStep: Step<RunData> = {
    id: DEPLOY_GOAL,
    title: 'Verify: releases deployed, pods Ready, helm tests pass',
    needs: releaseSteps.map((s) => s.id),
    async check() {
      return { done: false, reason: 'verified on every run' };
    },
    async apply(ctx) {
      const attempts = Math.max(1, options.probeAttempts ?? 10);
      const interval = options.probeIntervalMs ?? Math.min(3000, runPoll);
      let problems: string[] = [];
      for (let attempt = 1; attempt <= attempts; attempt++) {
        problems = await verifyOnce(ctx);
        if (problems.length === 0 || ctx.signal.aborted) break;
        if (attempt < attempts) {
          ctx.progress(`${problems.length} check(s) not passing yet (attempt ${attempt}/${attempts})`);
          await sleep(interval, ctx.signal);
        }
      }
      if (problems.length > 0) {
        throw new ActionableError(`The deployment is not healthy:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
          nextSteps: [`kubectl -n ${ns} get pods`, 'panda-k8s status', 'Fix what is named above, then run panda-k8s install again.'],
        });
      }
      // Pods Ready proves little: each chart's helm tests exercise its service (charts/<c>/templates/tests/).
      const tested = plan.releases.filter((r) => r.kind !== 'secrets');
      ctx.progress(`helm test: ${tested.map((r) => r.release).join(', ')}`);
      const results = await Promise.all(tested.map((r) => testRelease(io, r.release, ns, { timeout: options.testTimeout ?? DEFAULT_TEST_TIMEOUT, signal: ctx.signal })));
      if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('interrupted');
      const failed = results.filter((r) => r.outcome === 'failed' || r.outcome === 'error');
      for (const r of results.filter((x) => !failed.includes(x))) for (const line of successLines(r)) ctx.log(line);
      if (failed.length > 0) {
        const pods = failed.flatMap((r) => r.tests.filter((t) => t.phase !== 'Succeeded').map((t) => t.name));
        throw new ActionableError(`The services do not work as they should (helm test):\n${failed.flatMap(failureLines).map((l) => `  ${l}`).join('\n')}`, {
          hint: 'Each chart\'s helm test exercises its service (a STOMP login, an authenticated call, a token …); the log above is the test\'s own.',
          nextSteps: [
            ...pods.map((p) => `kubectl -n ${ns} logs ${p}`),
            'panda-k8s status --check runs the tests again',
            'Fix what the test names, then run panda-k8s install again: only what changed is redeployed, and verify runs the tests again.',
          ],
        });
      }
      return { answersDigest: answersDigest(data.answers) };
    },
  };

  async function verifyOnce(ctx: StepContext<RunData>): Promise<string[]> {
    const problems: string[] = [];
    const [list, pods] = await Promise.all([io.list(ns, ctx.signal), io.pods(ns, undefined, ctx.signal)]);
    for (const r of plan.releases) {
      const st = list.find((x) => x.name === r.release);
      if (!st) problems.push(`release ${r.release} is not installed`);
      else if (st.status !== 'deployed') problems.push(`release ${r.release} is ${st.status}`);
      // A helm test Pod ends Completed (or Error): it is the tests' business, not a service Pod to wait for.
      const mine = pods.filter((p) => p.metadata.labels?.['app.kubernetes.io/instance'] === r.release && !isTestPod(p));
      for (const p of mine) if (!podIsReady(p)) problems.push(`pod ${formatPodState(podState(p))} is not Ready`);
      if (problems.length === 0) ctx.log(`${r.release}: deployed, ${mine.length} pod(s) Ready`);
    }
    return problems;
  }

  return [namespaceStep, preflightStep, capacityStep, ...releaseSteps, verifyStep];
}

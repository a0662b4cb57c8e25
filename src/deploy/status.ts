// `panda-k8s status`: the journal, the releases as helm and the pods tell them, certificates' expiry, and what
// changed since the last deploy, and whether the services answer. Cluster probes run in parallel; an unreachable
// cluster still gives a report.

import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { RunData } from '../app/run-data.js';
import { Journal, digestOf } from '../engine/index.js';
import { CERT_COMPONENTS, certDir } from './certificates.js';
import { clusterIoOf, type ClusterIo, type HelmReleaseStatus } from './cluster-io.js';
import { formatPodState, podIsReady, podState } from './diagnose.js';
import { probesOf, runProbe } from './health.js';
import { DEFAULT_TEST_TIMEOUT, failureLines, isTestPod, testRelease } from './release-tests.js';
import { releaseInputsOf } from './inputs-digest.js';
import type { PodJson } from './k8s-shapes.js';
import { releaseName } from './names.js';
import { allReleaseNames, planDeploy } from './plan.js';
import { answersDigest, releaseArgsOf, releaseInputs, secretsValuesFile, DEPLOY_GOAL } from './steps.js';
import { overallOf, renderStatus, type CertStatusRow, type ReleaseStatusRow, type ServiceStatusRow, type StatusReport, type TestStatusRow } from './status-table.js';
import { iamFirstLogin, ingressHostsOf, nextCommands, publicUrls } from './public-urls.js';
import type { ComponentName } from './components.js';

type IngressItem = Parameters<typeof ingressHostsOf>[0][number];

export { renderStatus, type StatusReport } from './status-table.js';

export interface StatusOptions {
  /** @default clusterIoOf(data) */
  io?: ClusterIo;
  /** @default data.now() or the current time */
  now?: Date;
  signal?: AbortSignal;
  /** Each health probe is asked once, giving up after this long. @default DEFAULT_PROBE_TIMEOUT_SECONDS */
  probeTimeoutSeconds?: number;
  /** Ask the services too. Off where they were just probed (the end of a run that verified them). @default true */
  services?: boolean;
  /** Also run `helm test` of every deployed release (status --check): slower, and it proves the services work. @default false */
  check?: boolean;
  /** helm test --timeout with check. @default DEFAULT_TEST_TIMEOUT */
  testTimeout?: string;
  /** Read the Ingress hosts (target existing) for the public URLs. @default true */
  urls?: boolean;
  /** Reads the namespace's Ingress objects. @default data.kubectl.getItems('ingress') */
  ingresses?: () => Promise<IngressItem[]>;
}

/** A status probe waits this long for a service: status is a glance, verify is the patient one. */
export const DEFAULT_PROBE_TIMEOUT_SECONDS = 5;

/** Expiry of each host certificate in the workspace's secrets chart (files/<comp>_certs/hostcert.pem). */
export function certificateRows(secretsChart: string, now: Date, relativeTo: string = secretsChart): CertStatusRow[] {
  const rows: CertStatusRow[] = [];
  for (const comp of CERT_COMPONENTS) {
    const file = path.join(certDir(secretsChart, comp), 'hostcert.pem');
    if (!fs.existsSync(file)) continue;
    const rel = path.relative(relativeTo, file);
    try {
      const cert = new X509Certificate(fs.readFileSync(file));
      const notAfter = new Date(cert.validTo);
      const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
      const row: CertStatusRow = { component: comp, file: rel, notAfter: notAfter.toISOString().slice(0, 10), daysLeft };
      if (daysLeft < 0) row.problem = 'expired';
      rows.push(row);
    } catch (error) {
      rows.push({ component: comp, file: rel, problem: `not a PEM certificate (${(error as Error).message})` });
    }
  }
  return rows;
}

/** The filled secret values, for their outside host values (the file is the workspace's own, mode 0600). */
function readFilled(file: string): unknown {
  try {
    return YAML.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export async function collectStatus(data: RunData, options: StatusOptions = {}): Promise<StatusReport> {
  const io = options.io ?? clusterIoOf(data);
  const now = options.now ?? (typeof data.now === 'function' ? data.now() : new Date());
  const plan = planDeploy(data.answers);
  const ns = plan.namespace;
  const journal = Journal.open(data.workspace);

  let clusterError: string | undefined;
  const failSoft = <T>(p: Promise<T>, fallback: T) => p.catch((error: Error) => {
    clusterError ??= (error as { result?: { stderr?: string } }).result?.stderr?.trim().split('\n').pop() || error.message;
    return fallback;
  });
  // The services' health probes (verify's, asked once each with a short timeout) run beside the two
  // listings: a probe of a release that turns out not to be installed is reported as such.
  const probes = options.services === false ? [] : probesOf(plan.releases);
  const timeoutSeconds = options.probeTimeoutSeconds ?? DEFAULT_PROBE_TIMEOUT_SECONDS;
  let listed = false;
  // On an existing cluster the public names are its Ingress hosts (one more read, beside the others).
  const readIngresses = data.target === 'existing' && options.urls !== false
    ? (options.ingresses ?? (() => data.kubectl.getItems<IngressItem>('ingress', { namespace: ns }, { signal: options.signal, quiet: true })))().catch(() => [] as IngressItem[])
    : Promise.resolve([] as IngressItem[]);
  const [releases, pods, answers, ingresses] = await Promise.all([
    failSoft(io.list(ns, options.signal).then((l) => { listed = true; return l; }), [] as HelmReleaseStatus[]),
    failSoft(io.pods(ns, undefined, options.signal), [] as PodJson[]),
    Promise.all(probes.map((h) => runProbe(io, h, ns, plan.affix, { signal: options.signal, timeoutSeconds }))),
    readIngresses,
  ]);
  const services: ServiceStatusRow[] = probes.map((h, i) => {
    const release = releaseName(plan.affix, h.component);
    const row: ServiceStatusRow = { component: h.component, release, service: h.title, state: answers[i] === undefined ? 'ok' : 'failing' };
    if (listed && !releases.some((r) => r.name === release)) {
      row.state = 'not-installed';
    } else if (answers[i] !== undefined) {
      row.reason = answers[i];
    }
    return row;
  });
  const certificates = certificateRows(data.secretsChartDir, now, data.workspace);

  const rows: ReleaseStatusRow[] = allReleaseNames(plan.affix).map(({ kind, release, tier }) => {
    const planned = plan.releases.find((r) => r.release === release);
    const row: ReleaseStatusRow = { release, kind, tier, wanted: planned !== undefined };
    const st = releases.find((r) => r.name === release);
    if (st) {
      row.status = st.status;
      row.revision = st.revision;
      if (st.chart) row.chart = st.chartVersion ? `${st.chart}-${st.chartVersion}` : st.chart;
      if (st.appVersion) row.appVersion = st.appVersion;
      if (st.updated) row.updated = st.updated;
    }
    // Test Pods of the last helm test end Completed or Error: they are reported with the tests, not as the release's pods.
    const mine = pods.filter((p) => p.metadata.labels?.['app.kubernetes.io/instance'] === release && !isTestPod(p));
    if (st || mine.length > 0) {
      row.podsTotal = mine.length;
      row.podsReady = mine.filter(podIsReady).length;
      const troubled = mine.filter((p) => !podIsReady(p)).map((p) => formatPodState(podState(p)));
      if (troubled.length > 0) row.troubled = troubled;
    }
    const record = journal.record(`release:${release}`);
    if (record?.status === 'failed' && record.lastError) row.lastError = record.lastError.message;
    if (planned && record?.inputsDigest) {
      const current = digestOf(releaseInputsOf(releaseInputs(plan, planned, releaseArgsOf(plan, planned, data)), data.projectRoot));
      if (current !== record.inputsDigest) row.changed = true;
    }
    return row;
  });

  const steps = Object.entries(journal.data.steps).map(([id, rec]) => {
    const row: StatusReport['steps'][number] = { id, status: rec.status };
    if (rec.finishedAt) row.finishedAt = rec.finishedAt;
    if (rec.lastError && rec.status !== 'done') row.lastError = rec.lastError.message;
    return row;
  });
  const verify = journal.record(DEPLOY_GOAL);
  const deployed = verify?.outputs?.['answersDigest'];
  const urls = publicUrls({
    answers: data.answers, target: data.target, services: data.site?.landb.services ?? {}, domain: data.site?.landb.domain, filled: readFilled(secretsValuesFile(data)),
    components: plan.releases.map((r) => r.kind).filter((k): k is ComponentName => k !== 'secrets'), ingressHosts: ingressHostsOf(ingresses),
  });
  const report: StatusReport = {
    workspace: data.workspace,
    namespace: ns,
    steps,
    releases: rows,
    services,
    certificates,
    urls: urls.map((u) => ({ title: u.title, url: u.url })),
    login: iamFirstLogin(urls, secretsValuesFile(data), data.workspace),
    commands: nextCommands(data.workspace),
    answersChanged: typeof deployed === 'string' && deployed !== answersDigest(data.answers),
    overall: 'not-deployed',
  };
  if (options.check) report.tests = await releaseTests(io, plan.releases, releases, ns, options);
  if (verify?.status === 'done' && verify.finishedAt) report.lastDeploy = verify.finishedAt;
  if (clusterError) report.clusterError = clusterError;
  report.overall = overallOf(report);
  return report;
}

/** status --check: `helm test` of each wanted release helm lists (in parallel); the others are not tested. */
async function releaseTests(io: ClusterIo, planned: readonly { release: string; kind: string }[], listed: readonly HelmReleaseStatus[], ns: string, options: StatusOptions): Promise<TestStatusRow[]> {
  const wanted = planned.filter((r) => r.kind !== 'secrets');
  return Promise.all(wanted.map(async (r): Promise<TestStatusRow> => {
    if (!listed.some((l) => l.name === r.release)) return { release: r.release, state: 'not-installed', tests: [], lines: [] };
    const result = await testRelease(io, r.release, ns, { timeout: options.testTimeout ?? DEFAULT_TEST_TIMEOUT, signal: options.signal });
    const row: TestStatusRow = {
      release: r.release,
      state: result.outcome,
      tests: result.tests.map((t) => ({ name: t.name, phase: t.phase })),
      lines: result.outcome === 'failed' || result.outcome === 'error' ? failureLines(result) : result.tests.flatMap((t) => t.log.filter((l) => l.startsWith('skip:')).map((l) => `${r.release}: ${l}`)),
    };
    return row;
  }));
}

/** `panda-k8s status` in one call: the report and its plain text. */
export async function statusText(data: RunData, options: StatusOptions = {}): Promise<{ report: StatusReport; text: string }> {
  const report = await collectStatus(data, options);
  return { report, text: renderStatus(report) };
}

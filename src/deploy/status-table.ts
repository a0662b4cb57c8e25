// `panda-k8s status` as plain text: journal steps, releases, services, certificates, what changed (pure).

export interface StepStatusRow {
  id: string;
  status: string;
  finishedAt?: string;
  lastError?: string;
}

export interface ReleaseStatusRow {
  release: string;
  kind: string;
  tier: number;
  /** Whether this deployment wants the release (enabled in the answers). */
  wanted: boolean;
  /** From helm: deployed, failed, pending-install … or undefined when not installed. */
  status?: string;
  revision?: number;
  chart?: string;
  appVersion?: string;
  updated?: string;
  podsReady?: number;
  podsTotal?: number;
  /** Pods not Ready with their reason: `test-idds-rest-0 ImagePullBackOff`. */
  troubled?: string[];
  /** Its inputs differ from those of its last deploy (the next install upgrades it). */
  changed?: boolean;
  /** The journal's last error for its step. */
  lastError?: string;
}

/** One health probe of `status` (verify's, asked once). */
export interface ServiceStatusRow {
  component: string;
  release: string;
  /** What the probe checks: "PanDA server is alive". */
  service: string;
  /** not-installed: helm lists no such release (the probe's answer says nothing then). */
  state: 'ok' | 'failing' | 'not-installed';
  /** Why it is failing: what the service answered, or what kubectl said. */
  reason?: string;
}

/** One release's `helm test` (status --check). */
export interface TestStatusRow {
  release: string;
  /** passed / failed / none (its chart has no tests) / error (helm could not run them) / not-installed */
  state: 'passed' | 'failed' | 'none' | 'error' | 'not-installed';
  tests: Array<{ name: string; phase: string }>;
  /** For a failure: the failing test, helm's error and the test's log; for a pass: the checks it skipped. */
  lines: string[];
}

export interface CertStatusRow {
  component: string;
  file: string;
  notAfter?: string;
  daysLeft?: number;
  problem?: string;
}

export interface StatusReport {
  workspace: string;
  namespace: string;
  /** Where the cluster answer came from; undefined when the cluster could not be asked. */
  clusterError?: string;
  steps: StepStatusRow[];
  releases: ReleaseStatusRow[];
  /** The services' health probes, one attempt each. */
  services?: ServiceStatusRow[];
  /** status --check: each release's helm test. */
  tests?: TestStatusRow[];
  certificates: CertStatusRow[];
  /** Where to reach each service from outside, and how to log in to IAM the first time. */
  urls?: { title: string; url: string }[];
  login?: string[];
  /** The commands that come next. */
  commands?: string[];
  /** The answers differ from those of the last deploy. */
  answersChanged: boolean;
  lastDeploy?: string;
  /** Overall: 'deployed' when every wanted release is deployed with Ready pods and nothing changed. */
  overall: 'deployed' | 'changed' | 'failed' | 'incomplete' | 'not-deployed';
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

export function overallOf(report: Pick<StatusReport, 'releases' | 'answersChanged' | 'services' | 'tests'>): StatusReport['overall'] {
  const wanted = report.releases.filter((r) => r.wanted);
  if (wanted.length > 0 && wanted.every((r) => r.status === undefined) && !wanted.some((r) => r.lastError)) return 'not-deployed';
  if (wanted.some((r) => r.status === 'failed' || r.lastError || (r.troubled?.length ?? 0) > 0)) return 'failed';
  // A deployed release whose service does not answer is not a working deployment.
  if ((report.services ?? []).some((s) => s.state === 'failing' && wanted.some((r) => r.release === s.release && r.status === 'deployed'))) return 'failed';
  // status --check: a deployed release whose helm test fails does not work.
  if ((report.tests ?? []).some((t) => (t.state === 'failed' || t.state === 'error') && wanted.some((r) => r.release === t.release && r.status === 'deployed'))) return 'failed';
  if (wanted.some((r) => r.status !== 'deployed')) return 'incomplete';
  if (report.answersChanged || wanted.some((r) => r.changed)) return 'changed';
  return 'deployed';
}

/** The whole status as lines (deterministic: no clock reading, the caller's order). */
export function renderStatus(report: StatusReport): string {
  const out: string[] = [];
  out.push(`workspace  ${report.workspace}`);
  out.push(`namespace  ${report.namespace}`);
  out.push(`status     ${report.overall}${report.lastDeploy ? ` (last deploy ${report.lastDeploy})` : ''}`);
  if (report.clusterError) out.push(`cluster    not reachable: ${report.clusterError}`);
  out.push('', 'RELEASES');
  out.push(...table([
    ['TIER', 'RELEASE', 'STATUS', 'REV', 'CHART', 'APP', 'PODS', 'CHANGED', 'NOTE'],
    ...report.releases.map((r) => [
      String(r.tier),
      r.release,
      r.wanted ? r.status ?? 'not installed' : r.status ? `${r.status} (disabled)` : 'disabled',
      r.revision !== undefined ? String(r.revision) : '-',
      r.chart ?? '-',
      r.appVersion ?? '-',
      r.podsTotal !== undefined ? `${r.podsReady ?? 0}/${r.podsTotal}` : '-',
      r.changed ? 'yes' : '',
      [...(r.troubled ?? []), ...(r.lastError ? [`last error: ${r.lastError.split('\n')[0]}`] : [])].join('; '),
    ]),
  ]));
  if (report.answersChanged) out.push('', 'The answers changed since the last deploy: panda-k8s install applies them.');
  const changed = report.releases.filter((r) => r.wanted && r.changed).map((r) => r.release);
  if (changed.length > 0) out.push(`Inputs changed since the last deploy of: ${changed.join(', ')} (panda-k8s install upgrades exactly these).`);
  const services = report.services ?? [];
  if (services.length > 0) {
    out.push('', 'SERVICES');
    out.push(...table([
      ['COMPONENT', 'SERVICE', 'STATE', 'REASON'],
      ...services.map((s) => [s.component, s.service, s.state === 'not-installed' ? 'not installed' : s.state, s.reason ?? '']),
    ]));
  }
  if (report.tests && report.tests.length > 0) {
    out.push('', 'TESTS (helm test)');
    out.push(...table([
      ['RELEASE', 'RESULT', 'TESTS'],
      ...report.tests.map((t) => [t.release, t.state === 'not-installed' ? 'not installed' : t.state === 'none' ? 'no tests' : t.state, t.tests.map((x) => `${x.name} ${x.phase}`).join(', ')]),
    ]));
    for (const t of report.tests) for (const line of t.lines) out.push(`  ${line}`);
  }
  if ((report.urls ?? []).length > 0) {
    out.push('', 'WHERE TO REACH IT');
    out.push(...table([['SERVICE', 'URL'], ...report.urls!.map((u) => [u.title, u.url])]));
    for (const l of report.login ?? []) out.push(l);
  }
  if (report.certificates.length > 0) {
    out.push('', 'CERTIFICATES');
    out.push(...table([
      ['COMPONENT', 'EXPIRES', 'DAYS LEFT', 'NOTE'],
      ...report.certificates.map((c) => [
        c.component,
        c.notAfter ?? '-',
        c.daysLeft !== undefined ? String(c.daysLeft) : '-',
        c.problem ?? (c.daysLeft !== undefined && c.daysLeft < 30 ? 'renew soon' : ''),
      ]),
    ]));
  }
  if (report.steps.length > 0) {
    out.push('', 'STEPS');
    out.push(...table([
      ['STEP', 'STATUS', 'FINISHED', 'ERROR'],
      ...report.steps.map((s) => [s.id, s.status, s.finishedAt ?? '-', s.lastError ? s.lastError.split('\n')[0]! : '']),
    ]));
  }
  if ((report.commands ?? []).length > 0) out.push('', 'NEXT', ...report.commands!.map((c) => `  ${c}`));
  return out.join('\n') + '\n';
}

// Typed wrapper of `helm`: one method per verb through one private run() that adds --kubeconfig /
// --kube-context; the major version is detected once and picks --atomic (3) or --rollback-on-failure (4).

import { ToolError, type Exec, type ExecResult } from './exec/index.js';
import * as parse from './parse/helm.js';

export type { HelmVersion, ReleaseSummary, ReleaseStatus, TestRun, TestSuiteEntry } from './parse/helm.js';

export interface HelmOptions {
  kubeconfig?: string;
  /** Passed as --kube-context. */
  context?: string;
  /** @default 'helm' */
  binary?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface ChartArgs {
  release: string;
  chart: string;
  namespace: string;
  valuesFiles?: readonly string[];
  /** `--set k=v` each. */
  set?: Record<string, string>;
  extraArgs?: readonly string[];
}

export interface UpgradeInstallArgs extends ChartArgs, CallOptions {
  /** helm --timeout (Go duration). @default '10m' */
  timeout?: string;
  /** --wait plus the major's rollback flag. @default true */
  wait?: boolean;
  /** @default true */
  createNamespace?: boolean;
  /** Stored with the release (helm --description). */
  description?: string;
}

/** A ready-made `upgrade --install <release> <chart> …` argv (the deploy's release plan, with its --set-string). */
export interface PlannedUpgradeArgs extends CallOptions {
  argv: readonly string[];
  /** helm --timeout (Go duration). */
  timeout: string;
  /** Stored with the release (helm --description). */
  description: string;
}

/**
 * A ready-made `template <release> <chart> …` argv. Unlike the ChartArgs form it gets the connection flags:
 * without --kube-version the render is for the cluster's version (the sim reads it through them).
 */
export interface PlannedTemplateArgs {
  argv: readonly string[];
}

export interface HelmApi {
  /** `helm version --template {{.Version}}`, asked once. */
  version(o?: CallOptions): Promise<parse.HelmVersion>;
  major(o?: CallOptions): Promise<number>;
  /** --atomic (helm 3) or --rollback-on-failure (helm 4). */
  rollbackFlag(o?: CallOptions): Promise<string>;
  /** With a ready-made argv: that argv, then --wait --timeout, the rollback flag and --description. */
  upgradeInstall(args: UpgradeInstallArgs | PlannedUpgradeArgs): Promise<ExecResult>;
  /** undefined when the release does not exist. */
  status(release: string, namespace: string, o?: CallOptions): Promise<parse.ReleaseStatus | undefined>;
  /** Releases of `namespace` (every namespace when undefined), all statuses. */
  list(namespace: string | undefined, o?: CallOptions): Promise<parse.ReleaseSummary[]>;
  /** Rendered manifests. */
  template(args: (ChartArgs & { kubeVersion?: string }) | PlannedTemplateArgs, o?: CallOptions): Promise<string>;
  /** false when there was no such release. */
  uninstall(release: string, namespace: string, o?: CallOptions): Promise<boolean>;
  lint(chart: string, options?: { valuesFiles?: readonly string[]; set?: Record<string, string>; strict?: boolean } & CallOptions): Promise<ExecResult>;
  /**
   * `helm test <release> --namespace <ns> --timeout <t> --logs`: runs the chart's test Pods and reads their
   * verdicts and logs. A failing test is an answer, not an exception (exitCode 1 with `error`); it throws only
   * when helm said nothing about tests (cluster unreachable, no such release).
   */
  test(release: string, namespace: string, o?: CallOptions & { timeout?: string }): Promise<parse.TestRun & { exitCode: number }>;
}

function valuesArgs(a: { valuesFiles?: readonly string[]; set?: Record<string, string> }): string[] {
  return [...(a.valuesFiles ?? []).flatMap((f) => ['-f', f]), ...Object.entries(a.set ?? {}).flatMap(([k, v]) => ['--set', `${k}=${v}`])];
}

export function createHelm(exec: Exec, options: HelmOptions = {}): HelmApi {
  const bin = options.binary ?? 'helm';
  const conn = [...(options.kubeconfig ? ['--kubeconfig', options.kubeconfig] : []), ...(options.context ? ['--kube-context', options.context] : [])];
  const run = (args: string[], o: CallOptions & { mutating?: boolean; allowFailure?: boolean; local?: boolean } = {}): Promise<ExecResult> =>
    exec.run(bin, [...args, ...(o.local ? [] : conn)], { signal: o.signal, onLine: o.onLine, mutating: o.mutating ?? false, allowFailure: o.allowFailure });
  let detected: Promise<parse.HelmVersion> | undefined;
  const helm: HelmApi = {
    version(o) {
      detected ??= run(['version', '--template', '{{.Version}}'], { ...o, local: true }).then((r) => {
        const v = parse.parseHelmVersion(r.stdout);
        if (!v) throw new Error(`${r.command}: cannot read a helm version from ${JSON.stringify(r.stdout.slice(0, 80))}`);
        return v;
      });
      detected.catch(() => {
        detected = undefined; // a cancelled or failed detection is asked again next time
      });
      return detected;
    },
    async major(o) {
      return (await helm.version(o)).major;
    },
    async rollbackFlag(o) {
      return (await helm.major(o)) >= 4 ? '--rollback-on-failure' : '--atomic';
    },
    async upgradeInstall(a) {
      if ('argv' in a) {
        const flag = await helm.rollbackFlag({ signal: a.signal });
        return run([...a.argv, '--wait', '--timeout', a.timeout, flag, '--description', a.description], { signal: a.signal, onLine: a.onLine, mutating: true });
      }
      const wait = a.wait ?? true;
      const flags = wait ? ['--wait', await helm.rollbackFlag(a)] : [];
      return run(
        [
          'upgrade', '--install', a.release, a.chart, '--namespace', a.namespace,
          ...(a.createNamespace ?? true ? ['--create-namespace'] : []),
          ...valuesArgs(a),
          ...flags,
          '--timeout', a.timeout ?? '10m',
          ...(a.description ? ['--description', a.description] : []),
          ...(a.extraArgs ?? []),
        ],
        { signal: a.signal, onLine: a.onLine, mutating: true },
      );
    },
    async status(release, namespace, o) {
      const r = await run(['status', release, '--namespace', namespace, '-o', 'json'], { ...o, allowFailure: true });
      if (!r.failed) return parse.parseReleaseStatus(r.stdout);
      if (parse.isReleaseNotFound(r.stderr)) return undefined;
      throw new ToolError(r);
    },
    async list(namespace, o) {
      // Every status, pending and failed ones too: helm 3 needs --all for that; helm 4 lists them all by default
      // and refuses --all ("unknown flag: --all").
      const all = (await helm.major(o)) >= 4 ? [] : ['--all'];
      const r = await run(['list', ...(namespace === undefined ? ['--all-namespaces'] : ['--namespace', namespace]), ...all, '-o', 'json'], o);
      return parse.parseReleaseList(r.stdout);
    },
    async template(a, o) {
      if ('argv' in a) return (await run([...a.argv], o)).stdout;
      const r = await run(
        ['template', a.release, a.chart, '--namespace', a.namespace, ...valuesArgs(a), ...(a.kubeVersion ? ['--kube-version', a.kubeVersion] : []), ...(a.extraArgs ?? [])],
        { ...o, local: true },
      );
      return r.stdout;
    },
    async uninstall(release, namespace, o) {
      const r = await run(['uninstall', release, '--namespace', namespace, '--wait'], { ...o, mutating: true, allowFailure: true });
      if (!r.failed) return true;
      if (parse.isReleaseNotFound(r.stderr)) return false;
      throw new ToolError(r);
    },
    async test(release, namespace, o = {}) {
      // Mutating: helm creates the test Pods and records each run in the release.
      const r = await run(['test', release, '--namespace', namespace, '--timeout', o.timeout ?? '5m', '--logs'], { signal: o.signal, onLine: o.onLine, mutating: true, allowFailure: true });
      const parsed = parse.parseTestRun(r.stdout, r.stderr);
      if (r.failed && parsed.tests.length === 0 && !parsed.none) throw new ToolError(r);
      return { ...parsed, exitCode: r.exitCode ?? 1 };
    },
    lint(chart, o = {}) {
      return run(['lint', chart, ...valuesArgs(o), ...(o.strict ? ['--strict'] : [])], { signal: o.signal, onLine: o.onLine, local: true, allowFailure: true });
    },
  };
  return helm;
}

/** The same wrapper as a class: `new Helm(exec, options)`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Helm {
  constructor(exec: Exec, options: HelmOptions = {}) {
    Object.assign(this, createHelm(exec, options));
  }
}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Helm extends HelmApi {}

// Fault scenarios: the list in <simDir>/faults.json, what each one takes, and how to match them.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { simPaths, writeFileAtomic } from './store.js';

export type ToolName = 'openstack' | 'kubectl' | 'helm';

export type Fault =
  /** Every openstack call fails with HTTP 401, like a wrong password. */
  | { name: 'auth' }
  /** `coe cluster create` is refused: the project's cluster quota is used up. */
  | { name: 'quota' }
  /** A created cluster ends CREATE_FAILED with this status_reason. */
  | { name: 'create-failed'; reason?: string }
  /** Worker `node` (0-based, -node-<i>) never becomes Ready. */
  | { name: 'node-notready'; node?: number }
  /** New clusters get an old ingress-nginx controller, without --enable-ssl-passthrough. */
  | { name: 'old-ingress'; version?: string; sslPassthrough?: boolean }
  /** Pods of the workload `target` (workload, release, `release/sub` or `sub`) cannot pull their image. */
  | { name: 'image-pull'; target: string }
  /** Pods of the workload `target` start and crash, again and again. */
  | { name: 'crash-loop'; target: string }
  /** PVCs (all, or of release/workload `target`) stay Pending. */
  | { name: 'pvc-pending'; target?: string }
  /** `helm upgrade --wait` (of release `target`, or any) runs into its --timeout. */
  | { name: 'helm-timeout'; target?: string }
  /** The first `count` calls (of `tool`, or any tool) fail with a connection error. */
  | { name: 'transient'; count: number; tool?: ToolName }
  /** The Kubernetes API does not answer (this machine outside the CERN network, or an API not up yet): every kubectl and helm call that reaches the cluster times out. */
  | { name: 'api-unreachable' }
  /** The helm test Pods of release `target` (`RELEASE`, or one test: `RELEASE/TEST`) end Failed, with their check's failure in the log. */
  | { name: 'test-fail'; target: string };

export type FaultName = Fault['name'];

export const FAULT_HELP: Record<FaultName, string> = {
  auth: 'auth                        every openstack call fails with HTTP 401 (wrong password)',
  quota: 'quota                       coe cluster create is refused (cluster quota exceeded)',
  'create-failed': 'create-failed [REASON]      the next clusters end CREATE_FAILED with REASON',
  'node-notready': 'node-notready [INDEX]       worker node INDEX (default 0) stays NotReady',
  'old-ingress': 'old-ingress [VERSION] [--ssl-passthrough]  new clusters get ingress-nginx VERSION (default 1.9.6) without ssl-passthrough',
  'image-pull': 'image-pull TARGET           pods of TARGET (workload, release, release/sub or sub) get ImagePullBackOff',
  'crash-loop': 'crash-loop TARGET           pods of TARGET get CrashLoopBackOff',
  'pvc-pending': 'pvc-pending [TARGET]        PVCs (of TARGET, or all) stay Pending',
  'helm-timeout': 'helm-timeout [RELEASE]      helm upgrade --wait (of RELEASE, or any) times out',
  transient: 'transient COUNT [--tool T]  the first COUNT calls (of tool T, or any) fail with a connection error',
  'api-unreachable': 'api-unreachable             the Kubernetes API does not answer (outside the CERN network): kubectl and helm time out',
  'test-fail': 'test-fail RELEASE[/TEST]    helm test of RELEASE (or its test TEST, e.g. activemq) fails with a realistic log',
};

export const FAULT_NAMES = Object.keys(FAULT_HELP) as FaultName[];

export function readFaults(dir: string): Fault[] {
  const path = simPaths(dir).faults;
  if (!existsSync(path)) return [];
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { faults?: Fault[] };
    return Array.isArray(parsed.faults) ? parsed.faults : [];
  } catch (err) {
    throw new Error(`sim: ${path} is not valid JSON (${(err as Error).message}); fix it or run \`panda-k8s sim fault --clear\``, { cause: err });
  }
}

export function writeFaults(dir: string, faults: Fault[]): void {
  // `panda-k8s sim fault …` may come before the first run made the sim's folder.
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(simPaths(dir).faults, `${JSON.stringify({ faults }, null, 2)}\n`);
}

export function findFault<N extends FaultName>(faults: Fault[], name: N): Extract<Fault, { name: N }> | undefined {
  return faults.find((f) => f.name === name) as Extract<Fault, { name: N }> | undefined;
}

/** Does `target` name this workload? By workload name, release name, `release/sub`, or the `-sub` suffix. */
export function targetMatches(target: string | undefined, release: string | undefined, workload: string): boolean {
  if (target === undefined || target === '' || target === '*') return true;
  if (target === workload || target === release) return true;
  if (release && target.includes('/')) {
    const [rel, sub] = target.split('/', 2) as [string, string];
    return rel === release && (workload === `${release}-${sub}` || workload.endsWith(`-${sub}`));
  }
  return workload.endsWith(`-${target}`);
}

/** Does a test-fail target (`RELEASE` or `RELEASE/TEST`) name this test Pod of `release`? */
export function testTargetMatches(target: string, release: string, pod: string): boolean {
  const [rel, test] = target.split('/', 2) as [string, string | undefined];
  if (rel !== release) return false;
  if (test === undefined || test === '' || test === '*') return true;
  return pod === test || pod === `${release}-${test}` || pod.endsWith(`-${test}`) || pod.endsWith(`-${test}-test`);
}

/** Parses `fault <name> [args]` arguments into a Fault; returns an error message for bad usage. */
export function parseFault(args: string[]): Fault | string {
  const [name, ...rest] = args;
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg.startsWith('--')) {
      const [k, v] = arg.slice(2).split('=', 2) as [string, string | undefined];
      if (v !== undefined) flags.set(k, v);
      else if (k === 'ssl-passthrough') flags.set(k, true);
      else if (rest[i + 1] !== undefined) flags.set(k, rest[++i]!);
      else return `--${k} needs a value`;
    } else positional.push(arg);
  }
  const str = (key: string): string | undefined => {
    const v = flags.get(key);
    return typeof v === 'string' ? v : positional[0];
  };
  switch (name) {
    case 'auth':
    case 'quota':
    case 'api-unreachable':
      return { name };
    case 'create-failed': {
      const reason = typeof flags.get('reason') === 'string' ? (flags.get('reason') as string) : positional.join(' ') || undefined;
      return reason ? { name, reason } : { name };
    }
    case 'node-notready': {
      const raw = str('node');
      if (raw === undefined) return { name, node: 0 };
      const node = Number(raw);
      return Number.isInteger(node) && node >= 0 ? { name, node } : `node-notready: INDEX must be a worker index (0, 1, …), got "${raw}"`;
    }
    case 'old-ingress': {
      const version = str('version') ?? '1.9.6';
      return { name, version, sslPassthrough: flags.get('ssl-passthrough') === true };
    }
    case 'image-pull':
    case 'crash-loop': {
      const target = str('target');
      return target ? { name, target } : `${name}: name the workload, e.g. \`${name} test-panda/server\``;
    }
    case 'pvc-pending':
    case 'helm-timeout': {
      const target = str('target');
      return target ? { name, target } : { name };
    }
    case 'test-fail': {
      const target = str('target');
      return target ? { name, target } : 'test-fail: name the release, e.g. `test-fail test-msgsvc` or `test-fail test-msgsvc/activemq`';
    }
    case 'transient': {
      const raw = str('count') ?? '1';
      const count = Number(raw);
      if (!Number.isInteger(count) || count < 1) return `transient: COUNT must be a positive integer, got "${raw}"`;
      const tool = flags.get('tool');
      if (tool !== undefined && tool !== 'openstack' && tool !== 'kubectl' && tool !== 'helm') return `transient: --tool must be openstack, kubectl or helm, got "${String(tool)}"`;
      return tool ? { name, count, tool } : { name, count };
    }
    default:
      return `unknown fault "${name ?? ''}"; known faults: ${FAULT_NAMES.join(', ')}`;
  }
}

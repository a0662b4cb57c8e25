// The `helm` stand-in: version/template/lint go to the REAL helm binary of the configured major;
// upgrade --install renders with the real binary, then creates the rendered objects in the sim
// cluster and waits (in sim time) for their pods, with helm's own messages for each outcome.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import YAML from 'yaml';
import { checkoutHelm } from '../tools/bundled-tools.js';
import { findOnPath } from '../tools/find-tools.js';
import { complete, effectiveSpeed, remainingMs, sleep } from './clock.js';
import { readFaults, targetMatches } from './faults.js';
import { isoZ, kubeSuffix, uuid } from './ids.js';
import { helmTargetError, resolveTarget } from './kubeconfig.js';
import { podStatus, podPvcPending, reconcile, schedule, type View } from './kube.js';
import { withState } from './store.js';
import { runHelmTest, splitHooks, statusBlock } from './helm-test.js';
import type { KContainer, KWorkload, Kube, Release, ReleaseRevision, SimState } from './types.js';
import type { SimIO } from './io.js';

/**
 * The real helm that renders for the stand-in: a checkout's .tools/ binary of the major the sim plays, else
 * the helm on PATH (not the stand-in itself, whose folder is on PATH too), as a bundle copied anywhere has.
 */
export function helmBinary(major: 3 | 4, env: NodeJS.ProcessEnv = process.env, simDir?: string): string | undefined {
  const checkout = checkoutHelm(major);
  if (checkout && existsSync(checkout)) return checkout;
  return findOnPath('helm', env['PATH'], simDir ? [join(simDir, 'bin')] : []);
}

export interface HelmArgs {
  pos: string[];
  flags: Map<string, string[]>;
}

const HELM_VALUE_FLAGS = new Set([
  '--kubeconfig', '--kube-context', '-n', '--namespace', '-f', '--values', '--set', '--set-string', '--set-file', '--set-json', '--set-literal',
  '--timeout', '-o', '--output', '--version', '--description', '--history-max', '--post-renderer', '--post-renderer-args', '--max', '--offset',
  '--filter', '--kube-apiserver', '--kube-token', '--kube-as-user', '--repository-config', '--repository-cache', '--registry-config', '--template',
  '--kube-version', '--api-versions', '-a', '--show-only', '-s', '--output-dir', '--cascade', '--deletion-propagation', '--label-selector', '-l', '--selector',
]);
const SHORT: Record<string, string> = { '-n': '--namespace', '-f': '--values', '-o': '--output', '-i': '--install', '-A': '--all-namespaces', '-a': '--all' };

function parseHelm(argv: string[]): HelmArgs {
  const flags = new Map<string, string[]>();
  const pos: string[] = [];
  const add = (k: string, v: string) => flags.set(k, [...(flags.get(k) ?? []), v]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-') || a === '-') {
      pos.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const raw = eq > 0 ? a.slice(0, eq) : a;
    const name = SHORT[raw] ?? raw;
    // `-a` is a value for `helm template --api-versions`, a flag for `helm list --all`.
    if (HELM_VALUE_FLAGS.has(raw) && raw !== '-a') add(name, eq > 0 ? a.slice(eq + 1) : argv[++i] ?? '');
    else add(name, eq > 0 ? a.slice(eq + 1) : 'true');
  }
  return { pos, flags };
}

export const one = (a: HelmArgs, k: string) => a.flags.get(k)?.at(-1);
export const has = (a: HelmArgs, k: string) => a.flags.has(k) && a.flags.get(k)!.at(-1) !== 'false';

/** Go duration (`5m0s`, `300s`, `1h`) → ms. */
export function parseDuration(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) / 1e6; // bare nanoseconds
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;
  let total = 0;
  let consumed = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const unit = { h: 3600_000, m: 60_000, s: 1000, ms: 1, us: 1e-3, 'µs': 1e-3, ns: 1e-6 }[m[2]!]!;
    total += Number(m[1]) * unit;
    consumed += m[0];
  }
  return consumed === text && text !== '' ? total : undefined;
}

interface RealResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runReal(binary: string | undefined, args: string[], dir: string, env: NodeJS.ProcessEnv, cwd: string): Promise<RealResult> {
  const home = join(dir, 'helm');
  mkdirSync(home, { recursive: true });
  return new Promise((ok) => {
    if (!binary) {
      ok({ code: 1, stdout: '', stderr: 'sim: the simulated helm renders the charts with a real helm (3 or 4), and there is none on PATH; install helm (https://helm.sh/docs/intro/install/), or run `npm run tools` in a panda-k8s checkout\n' });
      return;
    }
    execFile(
      binary,
      args,
      {
        cwd,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...env, HELM_CONFIG_HOME: join(home, 'config'), HELM_CACHE_HOME: join(home, 'cache'), HELM_DATA_HOME: join(home, 'data'), KUBECONFIG: '/dev/null' },
      },
      (err, stdout, stderr) => ok({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Flags `helm upgrade` has and `helm template` lacks: dropped before rendering with template. */
const UPGRADE_ONLY = new Set(['--install', '-i', '--reset-values', '--reuse-values', '--reset-then-reuse-values', '--cleanup-on-fail', '--force', '--history-max', '--kubeconfig', '--kube-context', '--take-ownership', '--max-history']);
const UPGRADE_ONLY_VALUE = new Set(['--history-max', '--kubeconfig', '--kube-context']);

function templateArgs(argv: string[], kubeVersion: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.split('=')[0]!;
    if (UPGRADE_ONLY.has(name)) {
      if (UPGRADE_ONLY_VALUE.has(name) && !a.includes('=')) i++;
      continue;
    }
    out.push(a);
  }
  return ['template', ...out, '--kube-version', kubeVersion];
}

/** Helm's time formats: status JSON (RFC 3339 with nanoseconds) and list JSON (Go's String()). */
function helmTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
function listTime(iso: string): string {
  return `${iso.replace('T', ' ').replace(/Z$/, '')} +0000 UTC`;
}
/** Go's time.ANSIC (`Mon Jan _2 15:04:05 2006`), as helm prints LAST DEPLOYED and test times. */
export function humanTime(iso: string): string {
  const d = new Date(iso);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, '.'));
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys.at(-1)!] = value;
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object' ? deepMerge(out[k] as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/** The user-supplied values (helm's `config`): -f files merged, then --set on top. */
function userValues(args: HelmArgs, cwd: string): Record<string, unknown> {
  let values: Record<string, unknown> = {};
  for (const file of args.flags.get('--values') ?? []) {
    try {
      values = deepMerge(values, (YAML.parse(readFileSync(resolve(cwd, file), 'utf8')) ?? {}) as Record<string, unknown>);
    } catch {
      // helm template already validated the files; a parse quirk here only affects `config`.
    }
  }
  for (const flag of ['--set', '--set-string']) {
    for (const item of args.flags.get(flag) ?? []) {
      for (const pair of item.split(/(?<!\\),/)) {
        const eq = pair.indexOf('=');
        if (eq < 0) continue;
        const raw = pair.slice(eq + 1);
        const value = flag === '--set' && /^(true|false)$/.test(raw) ? raw === 'true' : flag === '--set' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
        setPath(values, pair.slice(0, eq), value);
      }
    }
  }
  return values;
}

interface ChartMeta {
  name: string;
  version: string;
  appVersion: string;
}

function chartMeta(chartPath: string, cwd: string): ChartMeta {
  const path = resolve(cwd, chartPath);
  try {
    if (statSync(path).isDirectory()) {
      const c = YAML.parse(readFileSync(join(path, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
      return { name: String(c['name'] ?? chartPath), version: String(c['version'] ?? '0.0.0'), appVersion: String(c['appVersion'] ?? '') };
    }
  } catch {
    // fall through
  }
  const base = chartPath.split('/').at(-1)!.replace(/\.tgz$/, '');
  const m = /^(.*)-(\d+\.\d+\.\d+.*)$/.exec(base);
  return m ? { name: m[1]!, version: m[2]!, appVersion: '' } : { name: base, version: '0.0.0', appVersion: '' };
}

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function containersOf(spec: Obj | undefined): KContainer[] {
  return ((spec?.['containers'] ?? []) as Obj[]).map((c) => ({
    name: String(c['name']),
    image: String(c['image'] ?? ''),
    requests: { ...(c['resources']?.['requests']?.['cpu'] !== undefined ? { cpu: String(c['resources']['requests']['cpu']) } : {}), ...(c['resources']?.['requests']?.['memory'] !== undefined ? { memory: String(c['resources']['requests']['memory']) } : {}) },
    ports: ((c['ports'] ?? []) as Obj[]).map((p) => ({ containerPort: Number(p['containerPort']), ...(p['name'] ? { name: String(p['name']) } : {}), ...(p['protocol'] ? { protocol: String(p['protocol']) } : {}) })),
    ...(Array.isArray(c['args']) ? { args: (c['args'] as unknown[]).map(String) } : {}),
  }));
}

export interface Rendered {
  docs: Obj[];
}

export function parseManifest(text: string): Obj[] {
  return YAML.parseAllDocuments(text)
    .map((d) => d.toJS() as Obj | null)
    .filter((d): d is Obj => !!d && typeof d === 'object' && typeof d['kind'] === 'string');
}

/** Replaces the objects of `release` in `kube` with those of `docs` (helm's three-way apply, simplified). */
function applyManifest(state: SimState, kube: Kube, release: string, ns: string, docs: Obj[], now: number): string | undefined {
  const created = isoZ(now);
  const nsOf = (d: Obj) => String(d['metadata']?.['namespace'] ?? ns);
  // Ownership check first: helm refuses to adopt objects another release owns.
  for (const d of docs) {
    const name = String(d['metadata']?.['name']);
    const dns = nsOf(d);
    const existing =
      d['kind'] === 'Service' ? kube.services.find((s) => s.namespace === dns && s.name === name)
      : d['kind'] === 'PersistentVolumeClaim' ? kube.pvcs.find((s) => s.namespace === dns && s.name === name)
      : d['kind'] === 'ConfigMap' ? kube.configMaps.find((s) => s.namespace === dns && s.name === name)
      : ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(d['kind']) ? kube.workloads.find((w) => w.namespace === dns && w.name === name && w.kind === d['kind'])
      : kube.others.find((o) => o.namespace === dns && o.name === name && o.kind === d['kind']);
    if (existing && existing.release !== release) {
      return `Unable to continue with install: ${d['kind']} "${name}" in namespace "${dns}" exists and cannot be imported into the current release: invalid ownership metadata; annotation validation error: key "meta.helm.sh/release-name" must equal "${release}": current value is "${existing.release ?? ''}"`;
    }
  }
  const keep = new Set(docs.map((d) => `${d['kind']}/${nsOf(d)}/${d['metadata']?.['name']}`));
  const mine = (o: { release?: string; namespace: string; name: string }, kind: string) => o.release === release && !keep.has(`${kind}/${o.namespace}/${o.name}`);
  kube.services = kube.services.filter((s) => !mine(s, 'Service'));
  kube.pvcs = kube.pvcs.filter((c) => c.fromTemplate || !mine(c, 'PersistentVolumeClaim'));
  kube.configMaps = kube.configMaps.filter((c) => !mine(c, 'ConfigMap'));
  kube.others = kube.others.filter((o) => !mine(o, o.kind));
  const gone = kube.workloads.filter((w) => mine(w, w.kind));
  kube.workloads = kube.workloads.filter((w) => !gone.includes(w));
  kube.pods = kube.pods.filter((p) => !gone.some((w) => w.namespace === p.namespace && w.name === p.workload));
  for (const d of docs) {
    const meta = (d['metadata'] ?? {}) as Obj;
    const name = String(meta['name']);
    const dns = nsOf(d);
    const labels = (meta['labels'] ?? {}) as Record<string, string>;
    switch (d['kind']) {
      case 'Deployment':
      case 'StatefulSet':
      case 'DaemonSet':
      case 'Job': {
        const spec = (d['spec'] ?? {}) as Obj;
        const podSpec = (spec['template']?.['spec'] ?? {}) as Obj;
        const w: KWorkload = {
          kind: d['kind'],
          name,
          namespace: dns,
          uid: '',
          release,
          replicas: d['kind'] === 'Job' ? 1 : Number(spec['replicas'] ?? 1),
          labels,
          selector: (spec['selector']?.['matchLabels'] ?? {}) as Record<string, string>,
          podLabels: (spec['template']?.['metadata']?.['labels'] ?? {}) as Record<string, string>,
          containers: containersOf(podSpec),
          pvcs: ((podSpec['volumes'] ?? []) as Obj[]).filter((v) => v['persistentVolumeClaim']).map((v) => String(v['persistentVolumeClaim']['claimName'])),
          claimTemplates: ((spec['volumeClaimTemplates'] ?? []) as Obj[]).map((t) => ({
            name: String(t['metadata']?.['name']),
            storage: String(t['spec']?.['resources']?.['requests']?.['storage'] ?? '1Gi'),
            ...(t['spec']?.['storageClassName'] ? { storageClassName: String(t['spec']['storageClassName']) } : {}),
          })),
          ...(podSpec['nodeSelector'] ? { nodeSelector: podSpec['nodeSelector'] as Record<string, string> } : {}),
          podHash: '',
          created,
        };
        // Like the controllers: any change to the pod template rolls the pods, annotations included (the
        // charts' checksum/* annotations are how a changed ConfigMap or Secret restarts its readers).
        const digest = createHash('sha256').update(JSON.stringify([spec['template'] ?? {}, w.claimTemplates])).digest('hex').slice(0, 10);
        const old = kube.workloads.find((o) => o.namespace === dns && o.name === name && o.kind === w.kind);
        if (old && old.digest === digest) {
          old.replicas = w.replicas;
          old.labels = labels;
          break;
        }
        if (old) {
          kube.workloads.splice(kube.workloads.indexOf(old), 1);
          kube.pods = kube.pods.filter((p) => !(p.namespace === dns && p.workload === name));
        }
        w.uid = old?.uid ?? uuid(state);
        w.podHash = `${digest.slice(0, 4)}${kubeSuffix(state, 6)}`;
        w.digest = digest;
        kube.workloads.push(w);
        break;
      }
      case 'Service': {
        const spec = (d['spec'] ?? {}) as Obj;
        const old = kube.services.find((s) => s.namespace === dns && s.name === name);
        const svc = {
          name, namespace: dns, uid: old?.uid ?? uuid(state), release, type: String(spec['type'] ?? 'ClusterIP'),
          selector: (spec['selector'] ?? {}) as Record<string, string>,
          ports: ((spec['ports'] ?? []) as Obj[]).map((p) => ({ ...(p['name'] ? { name: String(p['name']) } : {}), port: Number(p['port']), ...(p['targetPort'] !== undefined ? { targetPort: p['targetPort'] as number | string } : {}), ...(p['protocol'] ? { protocol: String(p['protocol']) } : {}) })),
          clusterIP: old?.clusterIP ?? (spec['clusterIP'] === 'None' ? 'None' : `10.254.${parseInt(uuid(state).slice(0, 2), 16)}.${(state.seq % 250) + 2}`),
          labels, created: old?.created ?? created,
        };
        if (old) kube.services.splice(kube.services.indexOf(old), 1, svc);
        else kube.services.push(svc);
        break;
      }
      case 'PersistentVolumeClaim': {
        if (kube.pvcs.some((c) => c.namespace === dns && c.name === name)) break;
        const spec = (d['spec'] ?? {}) as Obj;
        kube.pvcs.push({
          name, namespace: dns, uid: uuid(state), release, storage: String(spec['resources']?.['requests']?.['storage'] ?? '1Gi'),
          storageClassName: String(spec['storageClassName'] ?? 'standard'), accessModes: (spec['accessModes'] ?? ['ReadWriteOnce']) as string[], labels, created,
        });
        break;
      }
      case 'ConfigMap': {
        const old = kube.configMaps.find((c) => c.namespace === dns && c.name === name);
        const data = Object.fromEntries(Object.entries((d['data'] ?? {}) as Obj).map(([k, v]) => [k, String(v)]));
        if (old) {
          old.data = data;
          old.labels = labels;
          old.resourceVersion++;
        } else kube.configMaps.push({ name, namespace: dns, uid: uuid(state), release, labels, data, created, resourceVersion: 1000 + state.seq });
        break;
      }
      default:
        if (!kube.others.some((o) => o.namespace === dns && o.name === name && o.kind === d['kind'])) {
          kube.others.push({ kind: String(d['kind']), apiVersion: String(d['apiVersion'] ?? 'v1'), name, namespace: dns, release });
        }
    }
  }
  return undefined;
}

function removeRelease(kube: Kube, release: string, ns: string): void {
  const mine = (o: { release?: string; namespace: string }) => o.release === release && o.namespace === ns;
  kube.services = kube.services.filter((s) => !mine(s));
  kube.pvcs = kube.pvcs.filter((c) => c.fromTemplate || !mine(c));
  kube.configMaps = kube.configMaps.filter((c) => !mine(c));
  kube.others = kube.others.filter((o) => !mine(o));
  const gone = kube.workloads.filter(mine);
  kube.workloads = kube.workloads.filter((w) => !mine(w));
  kube.pods = kube.pods.filter((p) => !gone.some((w) => w.namespace === p.namespace && w.name === p.workload));
}

/** Why the release's pods cannot all become Ready, or undefined if they will. */
function blockedReason(view: View, kube: Kube, release: string, ns: string): string | undefined {
  for (const pod of kube.pods.filter((p) => p.release === release && p.namespace === ns && !p.completes)) {
    const st = podStatus(view, kube, pod);
    if (st.fault) return `pod ${pod.name}: ${st.fault.kind}`;
    if (!st.scheduled) return `pod ${pod.name}: ${podPvcPending(view, kube, pod) ? 'unbound PVC' : 'unschedulable'}`;
  }
  return undefined;
}

function allReady(view: View, kube: Kube, release: string, ns: string): { ready: boolean; waitMs: number; notReady?: string } {
  let waitMs = 0;
  let notReady: string | undefined;
  for (const pod of kube.pods.filter((p) => p.release === release && p.namespace === ns && !p.completes)) {
    if (!podStatus(view, kube, pod).ready) {
      notReady ??= pod.workload;
      waitMs = Math.max(waitMs, remainingMs(pod.progress, view.speed, view.now));
    }
  }
  return { ready: notReady === undefined, waitMs, notReady };
}

export function lastRevision(r: Release): ReleaseRevision {
  return r.revisions.at(-1)!;
}

export interface HelmCtx {
  dir: string;
  io: SimIO;
  out: string[];
  err: string[];
}

async function upgrade(hc: HelmCtx, argv: string[], args: HelmArgs, major: 3 | 4, installOnly: boolean): Promise<number> {
  const [name, chart] = args.pos.slice(1);
  const verb = installOnly ? 'install' : 'upgrade';
  if (!name || !chart) {
    hc.err.push(`Error: "helm ${verb}" requires 2 arguments\n\nUsage:  helm ${verb} [RELEASE] [CHART] [flags]\n`);
    return 1;
  }
  const ns = one(args, '--namespace') ?? 'default';
  const { io, dir } = hc;
  const kubeFlags = { kubeconfig: one(args, '--kubeconfig'), context: one(args, '--kube-context') };
  // Resolve the cluster first (helm talks to it before rendering).
  const pre = await withState(dir, (state) => {
    const t = resolveTarget(state, kubeFlags, io.env, io.cwd);
    return 'kind' in t ? { error: helmTargetError(t) } : { version: t.kube.version };
  });
  if ('error' in pre) {
    hc.err.push(pre.error!);
    return 1;
  }
  const rollback = has(args, '--atomic') || has(args, '--rollback-on-failure');
  const wait = rollback || args.flags.has('--wait');
  const timeoutText = one(args, '--timeout') ?? '5m0s';
  // Like helm: a --description replaces "Install complete"/"Upgrade complete" on the deployed revision.
  const customDescription = one(args, '--description');
  const timeoutMs = parseDuration(timeoutText);
  if (timeoutMs === undefined) {
    hc.err.push(`Error: invalid argument "${timeoutText}" for "--timeout" flag: time: invalid duration "${timeoutText}"\n`);
    return 1;
  }
  const rendered = await runReal(helmBinary(major, io.env, dir), templateArgs(argv.slice(1), pre.version!), dir, io.env, io.cwd);
  // Flag and chart errors come from the real helm, worded as helm upgrade would word them.
  const warnings = rendered.stderr.split('\n').filter((l) => l && !l.startsWith('Error:')).map((l) => `${l}\n`).join('');
  hc.err.push(warnings);
  const chartMetaInfo = chartMeta(chart, io.cwd);
  const now0 = Date.now();
  type Prep = { error: string } | { fresh: boolean; revision: number };
  const prep: Prep = await withState(dir, (state): Prep => {
    const faults = readFaults(dir);
    const t = resolveTarget(state, kubeFlags, io.env, io.cwd);
    if ('kind' in t) return { error: helmTargetError(t) };
    const kube = t.kube;
    const existing = kube.releases.find((r) => r.name === name && r.namespace === ns);
    const fresh = !existing || existing.revisions.every((r) => r.status === 'uninstalled');
    const failWord = fresh ? 'INSTALLATION FAILED' : 'UPGRADE FAILED';
    if (rendered.code !== 0) {
      const errLine = rendered.stderr.split('\n').find((l) => l.startsWith('Error:')) ?? 'Error: rendering failed';
      const flagError = /unknown flag|flag needs an argument|invalid argument|unknown shorthand/.test(errLine);
      return { error: flagError ? `${errLine}\n` : `Error: ${failWord}: ${errLine.replace(/^Error: /, '')}\n` };
    }
    if (installOnly && existing && !fresh) return { error: 'Error: INSTALLATION FAILED: cannot re-use a name that is still in use\n' };
    if (!installOnly && !fresh && !has(args, '--install') && !existing) return { error: `Error: UPGRADE FAILED: "${name}" has no deployed releases\n` };
    if (!installOnly && !has(args, '--install') && !existing) return { error: `Error: UPGRADE FAILED: "${name}" has no deployed releases\n` };
    if (existing && /^pending-/.test(lastRevision(existing).status)) return { error: `Error: ${failWord}: another operation (install/upgrade/rollback) is in progress\n` };
    if (!kube.namespaces.some((n) => n.name === ns)) {
      if (!has(args, '--create-namespace')) return { error: `Error: ${failWord}: create: failed to create: namespaces "${ns}" not found\n` };
      kube.namespaces.push({ name: ns, uid: uuid(state), created: isoZ(now0) });
    }
    // Hooks (the test Pods) are kept with the revision, not created: helm makes them when their event comes.
    const { docs, hooks } = splitHooks(rendered.stdout);
    const conflict = applyManifest(state, kube, name, ns, docs, now0);
    if (conflict) return { error: `Error: ${failWord}: ${conflict}\n` };
    reconcile(state, kube, now0, faults);
    const values = userValues(args, io.cwd);
    const release: Release = existing ?? { name, namespace: ns, firstDeployed: helmTime(now0), revisions: [] };
    if (!existing) kube.releases.push(release);
    const revision = (release.revisions.at(-1)?.revision ?? 0) + 1;
    release.revisions.push({
      revision, status: fresh ? 'pending-install' : 'pending-upgrade', updated: helmTime(now0), description: fresh ? 'Initial install underway' : 'Preparing upgrade',
      chart: chartMetaInfo.name, chartVersion: chartMetaInfo.version, appVersion: chartMetaInfo.appVersion,
      valuesDigest: createHash('sha256').update(JSON.stringify(values)).digest('hex'), values, manifest: rendered.stdout, hooks,
    });
    return { fresh, revision };
  });
  if ('error' in prep) {
    hc.err.push(prep.error);
    return 1;
  }
  const { fresh, revision } = prep;
  const failWord = fresh ? 'INSTALLATION FAILED' : 'UPGRADE FAILED';
  // Wait outside the lock, so releases deploying in parallel overlap as they do on a real cluster.
  const started = Date.now();
  let failure: string | undefined;
  if (wait) {
    for (;;) {
      const poll = await withState(dir, (state) => {
        const faults = readFaults(dir);
        const view: View = { state, faults, speed: effectiveSpeed(state, io.env), now: Date.now() };
        const t = resolveTarget(state, kubeFlags, io.env, io.cwd);
        if ('kind' in t) return { done: true, failed: true, wait: 0, speed: view.speed };
        schedule(t.kube, view);
        const timedOutFault = faults.some((f) => f.name === 'helm-timeout' && targetMatches(f.target, name, name));
        const blocked = timedOutFault ? 'helm-timeout fault' : blockedReason(view, t.kube, name, ns);
        if (view.speed === 0) {
          if (blocked) return { done: true, failed: true, wait: 0, speed: 0 };
          for (const p of t.kube.pods) if (p.release === name && p.namespace === ns) complete(p.progress);
          return { done: true, failed: false, wait: 0, speed: 0 };
        }
        const r = allReady(view, t.kube, name, ns);
        return { done: r.ready && !blocked, failed: false, wait: blocked ? 250 : Math.min(Math.max(r.waitMs, 20), 250), speed: view.speed };
      });
      if (poll.done) {
        if (poll.failed) failure = 'context deadline exceeded';
        break;
      }
      if (Date.now() - started >= timeoutMs * poll.speed) {
        failure = 'context deadline exceeded';
        break;
      }
      await sleep(Math.min(poll.wait, Math.max(1, timeoutMs * poll.speed - (Date.now() - started))));
    }
  }
  // Worded after the flag given: with a helm from PATH the caller detected its major from that helm.
  const flagName = has(args, '--rollback-on-failure') ? 'rollback-on-failure' : has(args, '--atomic') ? 'atomic' : major === 4 ? 'rollback-on-failure' : 'atomic';
  return withState(dir, (state) => {
    const t = resolveTarget(state, kubeFlags, io.env, io.cwd);
    if ('kind' in t) {
      hc.err.push(helmTargetError(t));
      return 1;
    }
    const kube = t.kube;
    const release = kube.releases.find((r) => r.name === name && r.namespace === ns);
    const rev = release?.revisions.find((r) => r.revision === revision);
    if (!release || !rev) {
      hc.err.push(`Error: ${failWord}: release: not found\n`);
      return 1;
    }
    const now = Date.now();
    for (const r of release.revisions) if (r.status === 'deployed') r.status = 'superseded';
    if (!failure) {
      rev.status = 'deployed';
      rev.description = customDescription ?? (fresh ? 'Install complete' : 'Upgrade complete');
      rev.updated = helmTime(now);
      hc.out.push(fresh ? `Release "${name}" does not exist. Installing it now.\n` : `Release "${name}" has been upgraded. Happy Helming!\n`);
      hc.out.push(statusBlock(release, rev, major));
      return 0;
    }
    rev.status = 'failed';
    rev.description = `Release "${name}" failed: ${failure}`;
    rev.updated = helmTime(now);
    if (!rollback) {
      hc.err.push(`Error: ${failWord}: ${failure}\n`);
      return 1;
    }
    if (fresh) {
      removeRelease(kube, name, ns);
      kube.releases.splice(kube.releases.indexOf(release), 1);
      hc.err.push(`Error: ${failWord}: release ${name} failed, and has been uninstalled due to ${flagName} being set: ${failure}\n`);
      return 1;
    }
    const previous = [...release.revisions].reverse().find((r) => r.revision < revision && (r.status === 'superseded' || r.status === 'deployed'));
    if (previous) {
      applyManifest(state, kube, name, ns, splitHooks(previous.manifest).docs, now);
      reconcile(state, kube, now, readFaults(dir));
      release.revisions.push({ ...previous, revision: revision + 1, status: 'deployed', updated: helmTime(now), description: `Rollback to ${previous.revision}` });
    }
    hc.err.push(`Error: ${failWord}: release ${name} failed, and has been rolled back due to ${flagName} being set: ${failure}\n`);
    return 1;
  });
}

function statusJson(r: Release, rev: ReleaseRevision): Record<string, unknown> {
  return {
    name: r.name,
    info: { first_deployed: r.firstDeployed, last_deployed: rev.updated, deleted: '', description: rev.description, status: rev.status },
    chart: { metadata: { name: rev.chart, version: rev.chartVersion, appVersion: rev.appVersion, apiVersion: 'v2' } },
    config: rev.values,
    manifest: rev.manifest,
    version: rev.revision,
    namespace: r.namespace,
  };
}

export interface HelmResult {
  exitCode: number;
  mutating: boolean;
}

const MUTATING = new Set(['upgrade', 'install', 'uninstall', 'delete', 'rollback']);

/** Runs `helm <argv>`; `major` is the helm major the sim plays. */
export async function runHelm(dir: string, io: SimIO, argv: string[], major: 3 | 4, out: string[], err: string[]): Promise<HelmResult> {
  const args = parseHelm(argv);
  const verb = args.pos[0] ?? '';
  const mutating = MUTATING.has(verb);
  const hc: HelmCtx = { dir, io, out, err };
  const real = async () => {
    const r = await runReal(helmBinary(major, io.env, dir), argv, dir, io.env, io.cwd);
    out.push(r.stdout);
    err.push(r.stderr);
    return { exitCode: r.code, mutating };
  };
  switch (verb) {
    case 'version':
    case 'template':
    case 'lint':
    case 'show':
    case 'dependency':
    case 'package':
    case '':
      return real();
    case 'upgrade':
    case 'install':
      return { exitCode: await upgrade(hc, argv, args, major, verb === 'install'), mutating };
    case 'test':
      // It creates the test Pods and records their runs in the release.
      return { exitCode: await runHelmTest(hc, args, major), mutating: true };
  }
  // Like cobra, flags are judged before anything reaches the cluster: helm 4 dropped `list --all` (it lists every
  // status unless a status filter is given) and refuses the flag.
  if (major >= 4 && (verb === 'list' || verb === 'ls') && args.flags.has('--all')) {
    err.push(`Error: unknown flag: ${argv.find((a) => a === '-a' || (a.startsWith('--all') && !a.startsWith('--all-'))) ?? '--all'}\n`);
    return { exitCode: 1, mutating };
  }
  const kubeFlags = { kubeconfig: one(args, '--kubeconfig'), context: one(args, '--kube-context') };
  const ns = one(args, '--namespace') ?? 'default';
  const output = one(args, '--output') ?? 'table';
  if (!['table', 'json', 'yaml'].includes(output)) {
    err.push(`Error: invalid argument "${output}" for "-o, --output" flag: invalid format type\n`);
    return { exitCode: 1, mutating };
  }
  const code = await withState(dir, (state) => {
    const t = resolveTarget(state, kubeFlags, io.env, io.cwd);
    if ('kind' in t) {
      err.push(helmTargetError(t));
      return 1;
    }
    const kube = t.kube;
    const name = args.pos[1];
    switch (verb) {
      case 'status': {
        const r = kube.releases.find((x) => x.name === name && x.namespace === ns);
        if (!name || !r) {
          err.push(name ? 'Error: release: not found\n' : 'Error: "helm status" requires 1 argument\n\nUsage:  helm status RELEASE_NAME [flags]\n');
          return 1;
        }
        const rev = lastRevision(r);
        if (output === 'table') out.push(statusBlock(r, rev, major));
        else out.push(output === 'json' ? `${JSON.stringify(statusJson(r, rev))}\n` : YAML.stringify(statusJson(r, rev)));
        return 0;
      }
      case 'list':
      case 'ls': {
        const all = has(args, '--all-namespaces');
        const showAll = major >= 4 || has(args, '--all');
        const rows = kube.releases
          .filter((r) => all || r.namespace === ns)
          .map((r) => ({ r, rev: lastRevision(r) }))
          .filter(({ rev }) => showAll || rev.status === 'deployed' || rev.status === 'failed')
          .sort((a, b) => a.r.name.localeCompare(b.r.name))
          .map(({ r, rev }) => ({
            name: r.name, namespace: r.namespace, revision: String(rev.revision), updated: listTime(rev.updated), status: rev.status,
            chart: `${rev.chart}-${rev.chartVersion}`, app_version: rev.appVersion,
          }));
        if (output === 'json') out.push(`${JSON.stringify(rows)}\n`);
        else if (output === 'yaml') out.push(rows.length ? YAML.stringify(rows) : '[]\n');
        else {
          const headers = ['NAME', 'NAMESPACE', 'REVISION', 'UPDATED', 'STATUS', 'CHART', 'APP VERSION'];
          const cells = rows.map((x) => [x.name, x.namespace, x.revision, x.updated, x.status, x.chart, x.app_version]);
          const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
          out.push([headers, ...cells].map((c) => c.map((v, i) => v.padEnd(widths[i]!)).join('\t').trimEnd()).join('\n') + '\n');
        }
        return 0;
      }
      case 'uninstall':
      case 'delete':
      case 'del':
      case 'un': {
        const names = args.pos.slice(1);
        if (names.length === 0) {
          err.push('Error: "helm uninstall" requires at least 1 argument\n\nUsage:  helm uninstall RELEASE_NAME [...] [flags]\n');
          return 1;
        }
        for (const n of names) {
          const r = kube.releases.find((x) => x.name === n && x.namespace === ns);
          if (!r) {
            if (has(args, '--ignore-not-found')) continue;
            err.push(`Error: uninstall: Release not loaded: ${n}: release: not found\n`);
            return 1;
          }
          removeRelease(kube, n, ns);
          kube.releases.splice(kube.releases.indexOf(r), 1);
          out.push(`release "${n}" uninstalled\n`);
        }
        reconcile(state, kube, Date.now(), readFaults(dir));
        return 0;
      }
      default:
        err.push(`Error: unknown command "${verb}" for "helm"\nRun 'helm --help' for usage.\n`);
        return 1;
    }
  });
  return { exitCode: code, mutating };
}

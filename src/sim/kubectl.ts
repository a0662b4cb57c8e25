// The `kubectl` stand-in: get/label/patch/logs/create/delete/version and `get --raw` service
// proxies, against the sim cluster the kubeconfig points at, printing what kubectl 1.32 prints.

import { observe } from './clock.js';
import { kubectlTargetError, resolveTarget, type KubeTarget } from './kubeconfig.js';
import { configMapJson, eventsJson, listJson, namespaceJson, nodeJson, podJson, pvcJson, serviceJson, workloadJson } from './kube-json.js';
import { matchesSelector, podStatus, reconcile, schedule, type View } from './kube.js';
import { isoZ, uuid } from './ids.js';
import { compileSelector, fieldGetter, matches } from './selectors.js';
import type { Kube } from './types.js';

export interface KubectlContext extends View {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: string[];
  err: string[];
}

type Json = Record<string, unknown>;

const VALUE_FLAGS = new Set([
  '--kubeconfig', '--context', '-n', '--namespace', '-l', '--selector', '-o', '--output', '--type', '-p', '--patch', '--tail',
  '-c', '--container', '--raw', '--field-selector', '--request-timeout', '--since', '--timeout', '--cluster', '--user', '--grace-period',
]);
const BOOL_FLAGS = new Set([
  '-A', '--all-namespaces', '--overwrite', '--ignore-not-found', '--now', '--force', '--previous', '-p=false', '--all-containers',
  '--show-labels', '--no-headers', '--client', '--all', '--wait', '--insecure-skip-tls-verify', '--prefix', '--timestamps',
]);
const ALIASES: Record<string, string> = { '-n': '--namespace', '-l': '--selector', '-o': '--output', '-p': '--patch', '-c': '--container', '-A': '--all-namespaces' };

interface Args {
  flags: Map<string, string>;
  pos: string[];
}

function parse(argv: string[]): Args | string {
  const flags = new Map<string, string>();
  const pos: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      pos.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      pos.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    const canonical = ALIASES[name] ?? name;
    if (VALUE_FLAGS.has(name)) {
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) return `error: flag needs an argument: ${name.startsWith('--') ? `--${name.slice(2)}` : `'${name.slice(1)}' in ${name}`}`;
      flags.set(canonical, value);
    } else if (BOOL_FLAGS.has(name)) flags.set(canonical, eq > 0 ? a.slice(eq + 1) : 'true');
    else if (/^-n./.test(a)) flags.set('--namespace', a.slice(2));
    else return `error: unknown flag: ${name}`;
  }
  return { flags, pos };
}

const RESOURCES: Record<string, { kind: string; plural: string; namespaced: boolean }> = {};
for (const [names, kind, plural, namespaced] of [
  [['nodes', 'node', 'no'], 'Node', 'nodes', false],
  [['pods', 'pod', 'po'], 'Pod', 'pods', true],
  [['events', 'event', 'ev'], 'Event', 'events', true],
  [['configmaps', 'configmap', 'cm'], 'ConfigMap', 'configmaps', true],
  [['daemonsets', 'daemonset', 'ds', 'daemonsets.apps'], 'DaemonSet', 'daemonsets.apps', true],
  [['deployments', 'deployment', 'deploy', 'deployments.apps'], 'Deployment', 'deployments.apps', true],
  [['statefulsets', 'statefulset', 'sts', 'statefulsets.apps'], 'StatefulSet', 'statefulsets.apps', true],
  [['jobs', 'job', 'jobs.batch'], 'Job', 'jobs.batch', true],
  [['persistentvolumeclaims', 'persistentvolumeclaim', 'pvc'], 'PersistentVolumeClaim', 'persistentvolumeclaims', true],
  [['services', 'service', 'svc'], 'Service', 'services', true],
  [['namespaces', 'namespace', 'ns'], 'Namespace', 'namespaces', false],
] as const) {
  for (const n of names) RESOURCES[n] = { kind, plural, namespaced };
}

/** kubectl's singular, lower-case resource name used in `pod/x labeled` lines. */
const singular = (kind: string) => kind.toLowerCase();

function age(created: string, now: number): string {
  const s = Math.max(0, Math.floor((now - Date.parse(created)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** All objects of one kind (optionally one namespace) as API JSON. Observes what it shows. */
function objects(ctx: KubectlContext, kube: Kube, kind: string, ns: string | undefined): Json[] {
  const inNs = <T extends { namespace: string }>(xs: T[]) => xs.filter((x) => !ns || x.namespace === ns);
  switch (kind) {
    case 'Node':
      return kube.nodes.map((n) => nodeJson(ctx, kube, n));
    case 'Pod':
      return inNs(kube.pods).map((p) => podJson(ctx, kube, p));
    case 'Event':
      return eventsJson(ctx, kube, ns);
    case 'ConfigMap':
      return inNs(kube.configMaps).map(configMapJson);
    case 'PersistentVolumeClaim':
      return inNs(kube.pvcs).map((c) => pvcJson(ctx, c));
    case 'Service':
      return inNs(kube.services).map(serviceJson);
    case 'Namespace':
      return kube.namespaces.map(namespaceJson);
    default:
      return inNs(kube.workloads.filter((w) => w.kind === kind)).map((w) => workloadJson(ctx, kube, w));
  }
}

function observeKind(kube: Kube, kind: string, shown: Json[]): void {
  const names = new Set(shown.map((o) => `${(o['metadata'] as Json)['namespace'] ?? ''}/${(o['metadata'] as Json)['name']}`));
  if (kind === 'Node') for (const n of kube.nodes) if (names.has(`/${n.name}`)) observe(n.progress);
  if (kind === 'Pod') for (const p of kube.pods) if (p.nodeName && names.has(`${p.namespace}/${p.name}`)) observe(p.progress);
}

function table(ctx: KubectlContext, kind: string, items: Json[], allNs: boolean): string {
  const m = (o: Json) => o['metadata'] as Json;
  let headers: string[];
  let rows: string[][];
  if (kind === 'Node') {
    headers = ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'];
    rows = items.map((o) => {
      const st = o['status'] as Json;
      const ready = (st['conditions'] as Json[]).find((c) => c['type'] === 'Ready')?.['status'] === 'True';
      const labels = (m(o)['labels'] ?? {}) as Record<string, string>;
      const roles = Object.keys(labels).filter((l) => l.startsWith('node-role.kubernetes.io/')).map((l) => l.split('/')[1]!);
      return [String(m(o)['name']), ready ? 'Ready' : 'NotReady', roles.join(',') || '<none>', age(String(m(o)['creationTimestamp']), ctx.now), String((st['nodeInfo'] as Json)['kubeletVersion'])];
    });
  } else if (kind === 'Pod') {
    headers = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
    rows = items.map((o) => {
      const st = o['status'] as Json;
      const cs = (st['containerStatuses'] ?? []) as Json[];
      const waiting = cs.map((c) => (c['state'] as Json)['waiting'] as Json | undefined).find(Boolean);
      const terminated = cs.map((c) => (c['state'] as Json)['terminated'] as Json | undefined).find(Boolean);
      const total = ((o['spec'] as Json)['containers'] as Json[]).length;
      // kubectl shows a finished container's reason: Completed, or Error for a non-zero exit.
      const status = waiting ? String(waiting['reason']) : terminated ? String(terminated['reason']) : String(st['phase']);
      const restarts = cs.reduce((a, c) => a + Number(c['restartCount']), 0);
      return [String(m(o)['name']), `${cs.filter((c) => c['ready']).length}/${total}`, status, String(restarts), age(String(m(o)['creationTimestamp']), ctx.now)];
    });
  } else if (kind === 'Event') {
    headers = ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
    rows = items.map((o) => {
      const io = o['involvedObject'] as Json;
      return [age(String(o['lastTimestamp']), ctx.now), String(o['type']), String(o['reason']), `${singular(String(io['kind']))}/${io['name']}`, String(o['message'])];
    });
  } else {
    headers = ['NAME', 'AGE'];
    rows = items.map((o) => [String(m(o)['name']), age(String(m(o)['creationTimestamp']), ctx.now)]);
  }
  if (allNs && kind !== 'Node' && kind !== 'Namespace') {
    headers = ['NAMESPACE', ...headers];
    rows = rows.map((r, i) => [String(m(items[i]!)['namespace'] ?? ''), ...r]);
  }
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [headers, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('')).join('\n') + '\n';
}

function get(ctx: KubectlContext, target: KubeTarget, args: Args): number {
  const { kube } = target;
  const raw = args.flags.get('--raw');
  if (raw !== undefined) return getRaw(ctx, target, raw);
  const [typeArg, ...names] = args.pos.slice(1);
  if (!typeArg) {
    ctx.err.push('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n');
    return 1;
  }
  let typeName = typeArg;
  if (typeArg.includes('/')) {
    typeName = typeArg.split('/')[0]!;
    names.unshift(typeArg.split('/')[1]!);
  }
  const res = RESOURCES[typeName];
  if (!res) {
    ctx.err.push(`error: the server doesn't have a resource type "${typeName}"\n`);
    return 1;
  }
  const allNs = args.flags.get('--all-namespaces') === 'true';
  const ns = res.namespaced ? (allNs ? undefined : args.flags.get('--namespace') ?? 'default') : undefined;
  let items = objects(ctx, kube, res.kind, ns);
  const selector = args.flags.get('--selector');
  if (selector) {
    const reqs = compileSelector(selector);
    if (typeof reqs === 'string') {
      ctx.err.push(`error: ${reqs}\n`);
      return 1;
    }
    items = items.filter((o) => matches(reqs, (k) => ((o['metadata'] as Json)['labels'] as Record<string, string> | undefined)?.[k]));
  }
  const fieldSel = args.flags.get('--field-selector');
  if (fieldSel) {
    const reqs = compileSelector(fieldSel);
    if (typeof reqs === 'string') {
      ctx.err.push(`Error from server (BadRequest): ${reqs}\n`);
      return 1;
    }
    items = items.filter((o) => matches(reqs, fieldGetter(o)));
  }
  const output = args.flags.get('--output');
  if (output !== undefined && !['json', 'yaml', 'name', 'wide'].includes(output)) {
    ctx.err.push(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,wide,yaml\n`);
    return 1;
  }
  if (names.length > 0) {
    const found: Json[] = [];
    let missing = 0;
    for (const name of names) {
      const o = items.find((it) => (it['metadata'] as Json)['name'] === name);
      if (o) found.push(o);
      else if (args.flags.get('--ignore-not-found') !== 'true') {
        ctx.err.push(`Error from server (NotFound): ${res.plural} "${name}" not found\n`);
        missing++;
      }
    }
    observeKind(kube, res.kind, found);
    if (found.length > 0) emit(ctx, res.kind, names.length === 1 ? found[0]! : listJson(found), found, output, allNs);
    return missing ? 1 : 0;
  }
  observeKind(kube, res.kind, items);
  if (items.length === 0 && (output === undefined || output === 'wide')) {
    ctx.err.push(ns ? `No resources found in ${ns} namespace.\n` : 'No resources found\n');
    return 0;
  }
  emit(ctx, res.kind, listJson(items), items, output, allNs);
  return 0;
}

function emit(ctx: KubectlContext, kind: string, doc: Json, items: Json[], output: string | undefined, allNs: boolean): void {
  if (output === 'json') ctx.out.push(`${JSON.stringify(doc, null, 4)}\n`);
  else if (output === 'yaml') ctx.out.push(`${JSON.stringify(doc, null, 2)}\n`);
  else if (output === 'name') ctx.out.push(items.map((o) => `${singular(kind)}/${(o['metadata'] as Json)['name']}\n`).join(''));
  else ctx.out.push(table(ctx, kind, items, allNs));
}

/** `get --raw`: API server paths, and service proxies to the workloads' health endpoints. */
function getRaw(ctx: KubectlContext, target: KubeTarget, path: string): number {
  const { kube } = target;
  if (path === '/version') {
    ctx.out.push(`${JSON.stringify(serverVersion(kube), null, 2)}\n`);
    return 0;
  }
  if (/^\/(healthz|readyz|livez)\/?$/.test(path)) {
    ctx.out.push('ok');
    return 0;
  }
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/services\/([^/]+)\/proxy(\/.*)?$/.exec(path);
  if (!m) {
    ctx.err.push('Error from server (NotFound): the server could not find the requested resource\n');
    return 1;
  }
  const [, ns, svcRef, rest = '/'] = m as unknown as [string, string, string, string | undefined];
  const parts = svcRef.split(':');
  const [scheme, name, port] = parts.length === 3 ? parts : parts.length === 2 ? (/^https?$/.test(parts[0]!) ? [parts[0], parts[1], undefined] : [undefined, parts[0], parts[1]]) : [undefined, parts[0], undefined];
  const svc = kube.services.find((s) => s.namespace === ns && s.name === name);
  if (!svc) {
    ctx.err.push(`Error from server (NotFound): services "${name}" not found\n`);
    return 1;
  }
  const svcPort = port === undefined ? svc.ports[0] : svc.ports.find((p) => String(p.port) === port || p.name === port);
  const backing = kube.pods.filter((p) => p.namespace === ns && Object.keys(svc.selector).length > 0 && matchesSelector(p.labels, svc.selector));
  const ready = backing.filter((p) => podStatus(ctx, kube, p).ready);
  if (!svcPort || ready.length === 0) {
    ctx.err.push(`Error from server (ServiceUnavailable): no endpoints available for service "${svcRef}"\n`);
    return 1;
  }
  const pathOnly = rest.split('?')[0]!;
  if (svcPort.port === 61613 || /activemq|stomp/.test(`${svcPort.name ?? ''}`)) {
    // The broker answers the proxied HTTP request with a STOMP frame: reachable, but not HTTP.
    ctx.err.push(`Error from server (InternalError): an error on the server ("Internal Server Error: \\"/api/v1/namespaces/${ns}/services/${svcRef}/proxy${rest}\\": net/http: HTTP/1.x transport connection broken: malformed HTTP response \\"ERROR\\"") has prevented the request from succeeding\n`);
    return 1;
  }
  if (/isAlive/.test(pathOnly)) ctx.out.push('alive=yes\n');
  else if (pathOnly.endsWith('/.well-known/openid-configuration')) {
    const base = `${scheme ?? 'https'}://${name}.${ns}.svc`;
    ctx.out.push(JSON.stringify({
      issuer: `${base}/`, authorization_endpoint: `${base}/authorize`, token_endpoint: `${base}/token`, userinfo_endpoint: `${base}/userinfo`,
      jwks_uri: `${base}/jwk`, registration_endpoint: `${base}/iam/api/client-registration`, scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      response_types_supported: ['code', 'token'], grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange'],
      subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    }));
  } else if (/\/idds\/ping\/?$/.test(pathOnly)) ctx.out.push('{"Status": "OK"}');
  else ctx.out.push(`<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>PanDA monitor</title></head>\n<body><div id="main">${name}: ok</div></body>\n</html>\n`);
  return 0;
}

function clientVersion(): Json {
  return {
    major: '1', minor: '32', gitVersion: 'v1.32.3', gitCommit: '32cc146f75aad04beaaa245a7157eb35063a9f99', gitTreeState: 'clean',
    buildDate: '2025-03-11T19:52:21Z', goVersion: 'go1.23.6', compiler: 'gc', platform: 'linux/amd64',
  };
}

function serverVersion(kube: Kube): Json {
  const [major, minor] = kube.version.replace(/^v/, '').split('.');
  return {
    major, minor, gitVersion: kube.version, gitCommit: '4b8e819355d791d96b7e9d9efe4cbafae2311c88', gitTreeState: 'clean',
    buildDate: '2024-02-14T10:32:40Z', goVersion: 'go1.21.7', compiler: 'gc', platform: 'linux/amd64',
  };
}

function label(ctx: KubectlContext, kube: Kube, args: Args): number {
  const [typeArg, ...rest] = args.pos.slice(1);
  const res = typeArg ? RESOURCES[typeArg.split('/')[0]!] : undefined;
  if (!typeArg || !res) {
    ctx.err.push(typeArg ? `error: the server doesn't have a resource type "${typeArg}"\n` : 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n');
    return 1;
  }
  const names = typeArg.includes('/') ? [typeArg.split('/')[1]!] : [];
  const changes: [string, string | null][] = [];
  for (const r of rest) {
    if (r.includes('=')) changes.push([r.slice(0, r.indexOf('=')), r.slice(r.indexOf('=') + 1)]);
    else if (r.endsWith('-')) changes.push([r.slice(0, -1), null]);
    else names.push(r);
  }
  if (changes.length === 0) {
    ctx.err.push('error: at least one label update is required\n');
    return 1;
  }
  const ns = args.flags.get('--namespace') ?? 'default';
  type Labeled = { name: string; labels: Record<string, string> };
  const pool: Labeled[] =
    res.kind === 'Node' ? kube.nodes : res.kind === 'Pod' ? kube.pods.filter((p) => p.namespace === ns) : res.kind === 'ConfigMap' ? kube.configMaps.filter((c) => c.namespace === ns) : [];
  if (res.kind !== 'Node' && res.kind !== 'Pod' && res.kind !== 'ConfigMap') {
    ctx.err.push(`error: the sim's kubectl labels nodes, pods and configmaps only, not ${res.plural}\n`);
    return 1;
  }
  let targets: Labeled[];
  const selector = args.flags.get('--selector');
  if (selector || args.flags.get('--all') === 'true') {
    const reqs = compileSelector(selector ?? '');
    if (typeof reqs === 'string') {
      ctx.err.push(`error: ${reqs}\n`);
      return 1;
    }
    targets = pool.filter((o) => matches(reqs, (k) => o.labels[k]));
  } else {
    if (names.length === 0) {
      ctx.err.push('error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n');
      return 1;
    }
    targets = [];
    for (const name of names) {
      const o = pool.find((p) => p.name === name);
      if (!o) {
        ctx.err.push(`Error from server (NotFound): ${res.plural} "${name}" not found\n`);
        return 1;
      }
      targets.push(o);
    }
  }
  const overwrite = args.flags.get('--overwrite') === 'true';
  for (const o of targets) {
    for (const [k, v] of changes) {
      if (v !== null && o.labels[k] !== undefined && o.labels[k] !== v && !overwrite) {
        ctx.err.push(`error: '${k}' already has a value (${o.labels[k]}), and --overwrite is false\n`);
        return 1;
      }
    }
  }
  for (const o of targets) {
    let changed = false;
    for (const [k, v] of changes) {
      if (v === null) {
        if (k in o.labels) {
          delete o.labels[k];
          changed = true;
        }
      } else if (o.labels[k] !== v) {
        o.labels[k] = v;
        changed = true;
      }
    }
    ctx.out.push(`${singular(res.kind)}/${o.name} ${changed ? 'labeled' : 'not labeled'}\n`);
  }
  return 0;
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Json) } : {};
  for (const [k, v] of Object.entries(patch as Json)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function patch(ctx: KubectlContext, kube: Kube, args: Args): number {
  const [typeArg, nameArg] = args.pos.slice(1);
  const typeName = typeArg?.split('/')[0] ?? '';
  const name = typeArg?.includes('/') ? typeArg.split('/')[1] : nameArg;
  const res = RESOURCES[typeName];
  if (!res || !name) {
    ctx.err.push(res ? 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n' : `error: the server doesn't have a resource type "${typeName}"\n`);
    return 1;
  }
  const type = args.flags.get('--type') ?? 'strategic';
  const text = args.flags.get('--patch');
  if (text === undefined) {
    ctx.err.push('error: must specify -p to patch\n');
    return 1;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    ctx.err.push(`error: unable to parse "${text}": yaml: did not find expected node content\n`);
    return 1;
  }
  const ns = args.flags.get('--namespace') ?? 'default';
  if (res.kind !== 'ConfigMap') {
    ctx.err.push(`error: the sim's kubectl patches configmaps only, not ${res.plural}\n`);
    return 1;
  }
  if (type !== 'merge' && type !== 'strategic') {
    ctx.err.push(`error: --type must be one of [json merge strategic], not "${type}"\n`);
    return 1;
  }
  const cm = kube.configMaps.find((c) => c.namespace === ns && c.name === name);
  if (!cm) {
    ctx.err.push(`Error from server (NotFound): configmaps "${name}" not found\n`);
    return 1;
  }
  const before = JSON.stringify({ data: cm.data, labels: cm.labels });
  const merged = mergePatch({ data: cm.data, metadata: { labels: cm.labels } }, body) as { data?: Record<string, unknown>; metadata?: { labels?: Record<string, string> } };
  for (const [k, v] of Object.entries(merged.data ?? {})) {
    if (typeof v !== 'string') {
      ctx.err.push(`Error from server (BadRequest): json: cannot unmarshal ${typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'object'} into Go struct field ConfigMap.data of type string\n`);
      return 1;
    }
    void k;
  }
  cm.data = (merged.data ?? {}) as Record<string, string>;
  cm.labels = merged.metadata?.labels ?? {};
  const changed = JSON.stringify({ data: cm.data, labels: cm.labels }) !== before;
  if (changed) cm.resourceVersion++;
  ctx.out.push(`configmap/${name} patched${changed ? '' : ' (no change)'}\n`);
  return 0;
}

function logLines(pod: Kube['pods'][number], container: string, crash: boolean): string[] {
  const lines = [
    `[entrypoint] starting ${container} (${pod.containers.find((c) => c.name === container)?.image ?? ''})`,
    `[entrypoint] pod ${pod.name} in namespace ${pod.namespace}`,
    '[config] rendering configuration from environment',
    '[config] waiting for dependencies',
    '[config] dependencies reachable',
  ];
  if (crash) {
    lines.push(
      'Traceback (most recent call last):',
      `  File "/opt/${container}/bin/start.py", line 42, in <module>`,
      '    connect(settings.DATABASE_URL)',
      'psycopg2.OperationalError: could not connect to server: Connection refused',
      '\tIs the server running on host "database" and accepting TCP/IP connections on port 5432?',
      `[entrypoint] ${container} exited with status 1`,
    );
  } else lines.push(`[service] ${container} started`, '[service] listening', '[health] ready');
  return lines;
}

function logs(ctx: KubectlContext, kube: Kube, args: Args): number {
  const ns = args.flags.get('--namespace') ?? 'default';
  let name = args.pos[1];
  if (name?.startsWith('pod/')) name = name.slice(4);
  if (!name) {
    ctx.err.push("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n");
    return 1;
  }
  const pod = kube.pods.find((p) => p.namespace === ns && p.name === name);
  if (!pod) {
    ctx.err.push(`Error from server (NotFound): pods "${name}" not found\n`);
    return 1;
  }
  let container = args.flags.get('--container') ?? args.pos[2];
  if (!container) {
    container = pod.containers[0]?.name ?? '';
    if (pod.containers.length > 1) ctx.err.push(`Defaulted container "${container}" out of: ${pod.containers.map((c) => c.name).join(', ')}\n`);
  } else if (!pod.containers.some((c) => c.name === container)) {
    ctx.err.push(`error: container ${container} is not valid for pod ${pod.name}\n`);
    return 1;
  }
  const st = podStatus(ctx, kube, pod);
  if (!st.scheduled || st.stage < 2 || st.fault?.kind === 'image-pull') {
    const why = st.fault?.kind === 'image-pull' ? 'trying and failing to pull image' : 'ContainerCreating';
    ctx.err.push(`Error from server (BadRequest): container "${container}" in pod "${pod.name}" is waiting to start: ${why}\n`);
    return 1;
  }
  let lines = pod.hook ? pod.hook.log ?? [] : logLines(pod, container, st.fault?.kind === 'crash-loop');
  const tail = Number(args.flags.get('--tail') ?? -1);
  if (tail >= 0) lines = lines.slice(Math.max(0, lines.length - tail));
  ctx.out.push(lines.map((l) => `${l}\n`).join(''));
  return 0;
}

function create(ctx: KubectlContext, kube: Kube, args: Args): number {
  const [what, name] = args.pos.slice(1);
  if (what !== 'namespace' && what !== 'ns') {
    ctx.err.push(`error: the sim's kubectl creates namespaces only ("kubectl create namespace NAME"), not "${what ?? ''}"\n`);
    return 1;
  }
  if (!name) {
    ctx.err.push('error: exactly one NAME is required, got 0\nSee \'kubectl create namespace -h\' for help and examples\n');
    return 1;
  }
  if (kube.namespaces.some((n) => n.name === name)) {
    ctx.err.push(`Error from server (AlreadyExists): namespaces "${name}" already exists\n`);
    return 1;
  }
  kube.namespaces.push({ name, uid: uuid(ctx.state), created: isoZ(ctx.now) });
  ctx.out.push(`namespace/${name} created\n`);
  return 0;
}

function del(ctx: KubectlContext, kube: Kube, args: Args): number {
  const [typeArg, ...rest] = args.pos.slice(1);
  const typeName = typeArg?.split('/')[0] ?? '';
  const names = typeArg?.includes('/') ? [typeArg.split('/')[1]!, ...rest] : rest;
  const res = RESOURCES[typeName];
  if (!res) {
    ctx.err.push(`error: the server doesn't have a resource type "${typeName}"\n`);
    return 1;
  }
  const ns = args.flags.get('--namespace') ?? 'default';
  const ignore = args.flags.get('--ignore-not-found') === 'true';
  let code = 0;
  for (const name of names) {
    const lists: Record<string, { name: string; namespace?: string }[]> = { Pod: kube.pods, PersistentVolumeClaim: kube.pvcs, Namespace: kube.namespaces };
    const list = lists[res.kind];
    if (!list) {
      ctx.err.push(`error: the sim's kubectl deletes pods, pvcs and namespaces only, not ${res.plural}\n`);
      return 1;
    }
    const i = list.findIndex((o) => o.name === name && (res.kind === 'Namespace' || o.namespace === ns));
    if (i < 0) {
      if (!ignore) {
        ctx.err.push(`Error from server (NotFound): ${res.plural} "${name}" not found\n`);
        code = 1;
      }
      continue;
    }
    list.splice(i, 1);
    if (res.kind === 'Namespace') {
      for (const key of ['pods', 'workloads', 'services', 'pvcs', 'configMaps', 'others', 'releases'] as const) {
        (kube[key] as { namespace: string }[]) = (kube[key] as { namespace: string }[]).filter((o) => o.namespace !== name);
      }
    }
    ctx.out.push(`${singular(res.kind === 'PersistentVolumeClaim' ? 'persistentvolumeclaim' : res.kind)} "${name}" deleted\n`);
  }
  reconcile(ctx.state, kube, ctx.now, ctx.faults);
  return code;
}

export interface KubectlResult {
  exitCode: number;
  mutating: boolean;
}

const MUTATING = new Set(['label', 'patch', 'create', 'delete', 'apply', 'annotate', 'edit', 'scale', 'rollout']);

export function runKubectl(ctx: KubectlContext, argv: string[]): KubectlResult {
  const args = parse(argv);
  const verb = typeof args === 'string' ? argv.find((a) => !a.startsWith('-')) : args.pos[0];
  const mutating = MUTATING.has(verb ?? '');
  if (typeof args === 'string') {
    ctx.err.push(`${args}\nSee 'kubectl ${verb ?? ''} --help' for usage.\n`);
    return { exitCode: 1, mutating };
  }
  if (!verb) {
    ctx.err.push('kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n');
    return { exitCode: 0, mutating };
  }
  if (verb === 'version' && args.flags.get('--client') === 'true') {
    ctx.out.push(args.flags.get('--output') === 'json' ? `${JSON.stringify({ clientVersion: clientVersion(), kustomizeVersion: 'v5.5.0' }, null, 2)}\n` : 'Client Version: v1.32.3\nKustomize Version: v5.5.0\n');
    return { exitCode: 0, mutating };
  }
  const target = resolveTarget(ctx.state, { kubeconfig: args.flags.get('--kubeconfig'), context: args.flags.get('--context') }, ctx.env, ctx.cwd);
  if ('kind' in target) {
    if (verb === 'version') ctx.out.push(args.flags.get('--output') === 'json' ? `${JSON.stringify({ clientVersion: clientVersion(), kustomizeVersion: 'v5.5.0' }, null, 2)}\n` : 'Client Version: v1.32.3\nKustomize Version: v5.5.0\n');
    ctx.err.push(kubectlTargetError(target));
    return { exitCode: 1, mutating };
  }
  schedule(target.kube, ctx);
  switch (verb) {
    case 'get':
      return { exitCode: get(ctx, target, args), mutating };
    case 'label':
      {
        const code = label(ctx, target.kube, args);
        reconcile(ctx.state, target.kube, ctx.now, ctx.faults);
        return { exitCode: code, mutating };
      }
    case 'patch':
      return { exitCode: patch(ctx, target.kube, args), mutating };
    case 'logs':
      return { exitCode: logs(ctx, target.kube, args), mutating };
    case 'create':
      return { exitCode: create(ctx, target.kube, args), mutating };
    case 'delete':
      return { exitCode: del(ctx, target.kube, args), mutating };
    case 'version': {
      const v = { clientVersion: clientVersion(), kustomizeVersion: 'v5.5.0', serverVersion: serverVersion(target.kube) };
      ctx.out.push(args.flags.get('--output') === 'json' ? `${JSON.stringify(v, null, 2)}\n` : `Client Version: v1.32.3\nKustomize Version: v5.5.0\nServer Version: ${target.kube.version}\n`);
      return { exitCode: 0, mutating };
    }
    case 'cluster-info':
      ctx.out.push(`Kubernetes control plane is running at ${target.server}\nCoreDNS is running at ${target.server}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
      return { exitCode: 0, mutating };
    default:
      ctx.err.push(`error: unknown command "${verb}" for "kubectl"\n\nDid you mean this?\n\tget\n`);
      return { exitCode: 1, mutating };
  }
}

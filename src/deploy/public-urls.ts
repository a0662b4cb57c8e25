// The way to the services from outside the cluster: each service's public URL (its outside host value, else the
// LanDB alias the site profile names for it; on an existing cluster, the host of its Ingress), how to log in to IAM
// the first time, and the commands that come next. Pure: the caller reads the Ingress objects.

import path from 'node:path';
import { aliasHosts } from '../config/cloud-names.js';
import type { Answers, Target } from '../config/answers.js';
import type { ComponentName } from './components.js';
import { releaseName } from './names.js';

export interface PublicUrl {
  component: ComponentName;
  /** What it is, for the operator: "BigMon (the PanDA monitor)". */
  title: string;
  url: string;
  /** Where the host came from. */
  from: 'answers' | 'alias' | 'ingress';
}

/** The services an operator opens from outside, with the path to open and the outside value naming their host. */
const SERVICES: { component: ComponentName; title: string; path: string; value?: string }[] = [
  { component: 'iam', title: 'IAM (log in, accounts, OIDC clients)', path: '/', value: 'iam.baseUrl' },
  { component: 'bigmon', title: 'BigMon (the PanDA monitor)', path: '/', value: 'bigmon.hostname' },
  { component: 'panda', title: 'PanDA server API', path: '/server/panda', value: 'panda.hostName' },
  { component: 'idds', title: 'iDDS REST API', path: '/idds' },
];

/** `https://h/x` or `h` → `h`. */
function hostOf(value: string): string {
  return /^[a-z]+:\/\//i.test(value) ? new URL(value).host : value.replace(/\/.*$/, '');
}

export interface UrlInput {
  answers: Answers;
  target: Target;
  /** The site profile's alias templates by component (`{cluster}-bigmon` …) and their DNS domain. */
  services: Partial<Record<string, string>>;
  domain: string | undefined;
  /** The components deployed (or to deploy). */
  components: readonly ComponentName[];
  /** Target existing: the hosts of the namespace's Ingress objects, by release name. */
  ingressHosts?: ReadonlyMap<string, { host: string; tls: boolean }>;
  /** The filled secret values (their outside host values, as the services were given them). */
  filled?: unknown;
}

/** A value of the filled file by its key path (`panda.hostName`), unless it is a placeholder or a rehearsal stand-in. */
function filledValue(filled: unknown, key: string): string | undefined {
  let v: unknown = filled;
  for (const part of key.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return typeof v === 'string' && v !== '' && v !== 'FIXME' && !/rehearsal.*\.invalid/.test(v) ? v : undefined;
}

/** The public URL of each service the run deploys, when one is known. */
export function publicUrls(input: UrlInput): PublicUrl[] {
  const given = input.answers.secrets?.values ?? {};
  const cluster = input.answers.cluster?.name;
  const affix = input.answers.deploy?.affix ?? 'test-';
  const out: PublicUrl[] = [];
  for (const s of SERVICES) {
    if (!input.components.includes(s.component)) continue;
    const ingress = input.ingressHosts?.get(releaseName(affix, s.component));
    const fromAnswers = s.value ? given[s.value] ?? filledValue(input.filled, s.value) : undefined;
    const alias = input.target !== 'existing' && cluster && input.services[s.component] ? aliasHosts([input.services[s.component]!], cluster, input.domain)[0] : undefined;
    if (fromAnswers) out.push({ component: s.component, title: s.title, url: `https://${hostOf(fromAnswers)}${s.path}`, from: 'answers' });
    else if (ingress) out.push({ component: s.component, title: s.title, url: `${ingress.tls ? 'https' : 'http'}://${ingress.host}${s.path}`, from: 'ingress' });
    else if (alias) out.push({ component: s.component, title: s.title, url: `https://${alias}${s.path}`, from: 'alias' });
  }
  return out;
}

/** Ingress objects (kubectl get ingress -o json items) → the first host of each release's Ingress. */
export function ingressHostsOf(items: readonly { metadata?: { labels?: Record<string, string> }; spec?: { rules?: { host?: string }[]; tls?: { hosts?: string[] }[] } }[]): Map<string, { host: string; tls: boolean }> {
  const out = new Map<string, { host: string; tls: boolean }>();
  for (const item of items) {
    const release = item.metadata?.labels?.['app.kubernetes.io/instance'];
    const host = item.spec?.rules?.find((r) => r.host)?.host;
    if (!release || !host || out.has(release)) continue;
    out.set(release, { host, tls: (item.spec?.tls ?? []).some((t) => (t.hosts ?? []).includes(host)) });
  }
  return out;
}

/**
 * How to log in to IAM the first time: the account, where its password comes from, and where the generated
 * passwords are kept (file and key, never the value).
 */
export function iamFirstLogin(urls: readonly PublicUrl[], valuesFile: string, workspace: string): string[] {
  const iam = urls.find((u) => u.component === 'iam');
  if (!iam) return [];
  const file = path.relative(workspace, valuesFile) || valuesFile;
  return [
    `IAM first login: open ${iam.url.replace(/\/$/, '')}/login and sign in as "admin", the administrator account IAM makes on its first start with its built-in initial password (see the INDIGO IAM documentation); change that password at once (My profile → Change password), then add the accounts and the OIDC clients PanDA uses.`,
    `The passwords panda-k8s generated are in ${file} (mode 0600): IAM's database password under the key iam.database.password; they are never shown here.`,
  ];
}

/** The commands that come after a run, for this workspace. */
export function nextCommands(workspace: string): string[] {
  const w = workspace.includes(' ') ? `'${workspace}'` : workspace;
  return [
    `panda-k8s status -w ${w}                 what is deployed, pods, certificate expiry, what changed`,
    `panda-k8s install --reinstall -c COMPONENT -w ${w}   uninstall and install one component again (or: panda-k8s -w ${w} → Reinstall)`,
    `panda-k8s uninstall -w ${w}              remove the releases (volumes kept unless --delete-data)`,
  ];
}

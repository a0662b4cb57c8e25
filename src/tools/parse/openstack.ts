// Pure parsers of python-openstackclient's `-f json` output (never `-f value`: it prints Python reprs),
// plus the few plain-text answers that have no -f (cluster create, cluster config) and error kinds.

import { ParseError, expectArray, expectObject, num, parseJson, str, strMap, strOrNull } from './json.js';

export interface Token {
  expires: string;
  projectId: string;
  userId: string;
}

export interface Keypair {
  name: string;
  fingerprint: string;
  type: string;
}

export interface Template {
  uuid: string;
  name: string;
}

export interface ClusterSummary {
  uuid: string;
  name: string;
  status: string;
  nodeCount: number;
  masterCount: number;
  healthStatus: string | null;
}

export interface Cluster extends ClusterSummary {
  statusReason: string | null;
  templateId: string;
  apiAddress: string | null;
  nodeAddresses: string[];
  masterAddresses: string[];
  labels: Record<string, string>;
  faults: Record<string, string>;
  keypair: string;
  flavor: string;
  masterFlavor: string;
  coeVersion: string | null;
  createdAt: string;
}

export interface ServerRow {
  id: string;
  name: string;
  status: string;
  addresses: string[];
  flavor: string;
}

export interface Server {
  id: string;
  name: string;
  status: string;
  properties: Record<string, string>;
  addresses: string[];
}

export function parseToken(stdout: string): Token {
  const o = expectObject(parseJson(stdout, 'openstack token issue'), 'openstack token issue', stdout);
  return { expires: str(o['expires']), projectId: str(o['project_id']), userId: str(o['user_id']) };
}

function keypairOf(o: Record<string, unknown>): Keypair {
  return { name: str(o['name'] ?? o['Name']), fingerprint: str(o['fingerprint'] ?? o['Fingerprint']), type: str(o['type'] ?? o['Type'] ?? 'ssh') };
}

/** `keypair show|create -f json` (lower-case keys). */
export function parseKeypair(stdout: string): Keypair {
  return keypairOf(expectObject(parseJson(stdout, 'openstack keypair'), 'openstack keypair', stdout));
}

/** `keypair list -f json` (capitalised keys). */
export function parseKeypairList(stdout: string): Keypair[] {
  return expectArray(parseJson(stdout, 'openstack keypair list'), 'openstack keypair list', stdout).map((o) => keypairOf(o as Record<string, unknown>));
}

export function parseTemplateList(stdout: string): Template[] {
  return expectArray(parseJson(stdout, 'openstack coe cluster template list'), 'openstack coe cluster template list', stdout).map((o) => {
    const r = o as Record<string, unknown>;
    return { uuid: str(r['uuid']), name: str(r['name']) };
  });
}

/** `kubernetes-1.29.2-2` → [1, 29, 2, 2]; undefined for names that are not versioned templates. */
export function templateVersion(name: string): [number, number, number, number] | undefined {
  const m = /^kubernetes-(\d+)\.(\d+)\.(\d+)-(\d+)$/.exec(name);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] : undefined;
}

/** Compares versioned template names numerically (1.9 < 1.29 < 1.30); unversioned names sort first. */
export function compareTemplates(a: string, b: string): number {
  const va = templateVersion(a);
  const vb = templateVersion(b);
  if (!va || !vb) return va ? 1 : vb ? -1 : a.localeCompare(b);
  for (let i = 0; i < 4; i++) if (va[i] !== vb[i]) return va[i]! - vb[i]!;
  return 0;
}

/** The newest `kubernetes-X.Y.Z-N` template, by version (not by string, not by list order). */
export function newestTemplate<T extends { name: string }>(templates: readonly T[]): T | undefined {
  return templates.filter((t) => templateVersion(t.name)).sort((a, b) => compareTemplates(a.name, b.name)).at(-1);
}

/** `coe cluster create` has no -f; it prints `Request to create cluster <uuid> accepted`. */
export function parseClusterCreate(stdout: string): string | undefined {
  return /Request to create cluster (\S+) accepted/.exec(stdout)?.[1];
}

function summaryOf(o: Record<string, unknown>): ClusterSummary {
  return {
    uuid: str(o['uuid']),
    name: str(o['name']),
    status: str(o['status']),
    nodeCount: num(o['node_count']),
    masterCount: num(o['master_count']),
    healthStatus: strOrNull(o['health_status']),
  };
}

export function parseClusterList(stdout: string): ClusterSummary[] {
  return expectArray(parseJson(stdout, 'openstack coe cluster list'), 'openstack coe cluster list', stdout).map((o) => summaryOf(o as Record<string, unknown>));
}

export function parseCluster(stdout: string): Cluster {
  const o = expectObject(parseJson(stdout, 'openstack coe cluster show'), 'openstack coe cluster show', stdout);
  const list = (v: unknown) => (Array.isArray(v) ? v.map(str) : []);
  return {
    ...summaryOf(o),
    statusReason: strOrNull(o['status_reason']),
    templateId: str(o['cluster_template_id']),
    apiAddress: strOrNull(o['api_address']),
    nodeAddresses: list(o['node_addresses']),
    masterAddresses: list(o['master_addresses']),
    labels: strMap(o['labels']),
    faults: strMap(o['faults']),
    keypair: str(o['keypair']),
    flavor: str(o['flavor_id']),
    masterFlavor: str(o['master_flavor_id']),
    coeVersion: strOrNull(o['coe_version']),
    createdAt: str(o['created_at']),
  };
}

function ips(v: unknown): string[] {
  if (!v || typeof v !== 'object') return [];
  return Object.values(v as Record<string, unknown>).flatMap((x) => (Array.isArray(x) ? x.map(str) : []));
}

export function parseServerList(stdout: string): ServerRow[] {
  return expectArray(parseJson(stdout, 'openstack server list'), 'openstack server list', stdout).map((x) => {
    const o = x as Record<string, unknown>;
    const flavor = o['Flavor'];
    return {
      id: str(o['ID']),
      name: str(o['Name']),
      status: str(o['Status']),
      addresses: ips(o['Networks']),
      flavor: flavor && typeof flavor === 'object' ? str((flavor as Record<string, unknown>)['original_name']) : str(flavor),
    };
  });
}

/**
 * `server list --long -f json -c Name -c Properties`: each server's properties (Nova metadata) by name. `--long`
 * adds the Properties column (a JSON object in -f json); the list is Nova's name regex match, so the caller picks
 * the names it wants.
 */
export function parseServerProperties(stdout: string): Map<string, Record<string, string>> {
  const rows = expectArray(parseJson(stdout, 'openstack server list --long'), 'openstack server list --long', stdout);
  const out = new Map<string, Record<string, string>>();
  for (const row of rows) {
    const o = expectObject(row, 'openstack server list --long', stdout);
    const props = o['Properties'];
    if (props !== undefined && props !== null && (typeof props !== 'object' || Array.isArray(props))) {
      throw new ParseError('openstack server list --long', `the Properties of ${str(o['Name'])} are not a JSON object`, stdout);
    }
    out.set(str(o['Name']), strMap(props));
  }
  return out;
}

/** `server show -f json` (also with `-c properties`, where only properties is present). */
export function parseServer(stdout: string): Server {
  const o = expectObject(parseJson(stdout, 'openstack server show'), 'openstack server show', stdout);
  return { id: str(o['id']), name: str(o['name']), status: str(o['status']), properties: strMap(o['properties']), addresses: ips(o['addresses']) };
}

/** `coe cluster config` prints `export KUBECONFIG=<dir>/config` (or `setenv KUBECONFIG …` for csh). */
export function parseClusterConfig(stdout: string): string | undefined {
  return /(?:export KUBECONFIG=|setenv KUBECONFIG )(\S+)/.exec(stdout)?.[1];
}

/** A lookup miss: Magnum's 404 (its message is cut at the first dot, so match the phrase), the SDK's and novaclient's wording. */
export function isNotFound(stderr: string): boolean {
  return /could not be found|\(HTTP 404\)|^No \w+ found for|No server with a name or ID of/m.test(stderr);
}

/** Keystone refused the credentials (or none are configured). */
export function isAuthFailure(stderr: string): boolean {
  return /\(HTTP 401\)|requires authentication|Missing value auth-url|auth-url required/i.test(stderr);
}

/** The cloud could not be reached at all (worth a retry). */
export function isConnectionError(stderr: string): boolean {
  return /Unable to establish connection|Failed to discover available identity versions|Connection refused|timed out/i.test(stderr);
}

// A loopback stand-in of the OpenStack REST APIs the real `openstack` CLI (python-openstackclient 6.0 with
// magnumclient) talks to for the product's steps: Keystone v3 (version discovery, password login, catalog), Nova
// (keypairs, servers, metadata, flavors), Glance (image names for `server list`) and Magnum (templates, clusters,
// certificates). Bodies and status codes follow the upstream API references (nova api-ref, magnum's API objects,
// keystone's auth response); the error texts follow the services' own validators. Every request is recorded.
//
// Its state is the simulated cloud's state model (src/sim/types.ts), so that a test can hold the real CLI and the
// sim's stand-in against the same state; the REST shapes are written here from the APIs, not from the sim.

import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cluster, Keypair, Server, SimState } from '../../src/sim/types.js';
import { initialState } from '../../src/sim/seed.js';

export interface RecordedRequest {
  method: string;
  /** Path with query, without the host. */
  path: string;
  body: unknown;
  status: number;
}

export interface ApiOptions {
  /** The state to serve (a copy is taken). @default the sim's seed: templates, an old failed cluster, one VM */
  state?: SimState;
  username?: string;
  password?: string;
  /** A cluster being created turns CREATE_COMPLETE (or CREATE_FAILED) at the n-th look after its creation. @default 2 */
  showsToFinishCreate?: number;
  /** A cluster being deleted is gone at the n-th look after the delete request. @default 2 */
  showsToFinishDelete?: number;
}

export interface OpenStackApi {
  url: string;
  /** OS_* variables for the real CLI: password login to the stand-in's Keystone. */
  env: Record<string, string>;
  state: SimState;
  requests: RecordedRequest[];
  /** Serves `next` from now on (a copy): the sim's state at some moment, to hold the real CLI and the sim against it. */
  load(next: SimState): void;
  /** The next cluster created ends CREATE_FAILED with this status_reason. */
  failNextCreate(reason: string): void;
  /** Makes the named cluster DELETE_IN_PROGRESS (as after a delete request), to be gone after the configured looks. */
  startDelete(name: string): void;
  close(): Promise<void>;
}

const PROJECT = { id: '0a1b2c3d4e5f40718293a4b5c6d7e8f9', name: 'PanDA DOMA', domain: { id: 'default', name: 'Default' } };
const USER = { id: '5f2f3c1b8e9d4a6b9c0d1e2f3a4b5c6d', name: 'op', domain: { id: 'default', name: 'Default' } };
const IMAGE = { id: '3f0c6e3a-7c1e-4d3c-9a3e-0b2f5c9d8e11', name: 'fedora-coreos-38.20230806.3.0-openstack.x86_64' };
const FLAVORS: Record<string, { id: string; vcpus: number; ram: number; disk: number }> = {
  'm2.small': { id: '2f7b4bb1-0000-4000-8000-000000000001', vcpus: 1, ram: 1875, disk: 20 },
  'm2.medium': { id: '2f7b4bb1-0000-4000-8000-000000000002', vcpus: 2, ram: 3750, disk: 20 },
  'm2.large': { id: '2f7b4bb1-0000-4000-8000-000000000003', vcpus: 4, ram: 7500, disk: 40 },
  'm2.xlarge': { id: '2f7b4bb1-0000-4000-8000-000000000004', vcpus: 8, ram: 15000, disk: 80 },
  'm2.2xlarge': { id: '2f7b4bb1-0000-4000-8000-000000000005', vcpus: 16, ram: 30000, disk: 160 },
};

/** Magnum's cluster name rule (magnum/api/controllers/v1/cluster.py). */
const MAGNUM_NAME = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;
/** Nova's metadata rule (nova/api/validation/parameter_types.py `metadata`). */
const NOVA_META_KEY = /^[a-zA-Z0-9-_:. ]{1,255}$/;

class HttpError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(`HTTP ${status}`);
  }
}

const isoZ = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const isoOffset = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** Nova's error body: `{"<kind>": {"code": n, "message": "…"}}`. */
function novaError(status: number, message: string): HttpError {
  const kind = { 400: 'badRequest', 401: 'unauthorized', 404: 'itemNotFound', 409: 'conflictingRequest' }[status] ?? 'computeFault';
  return new HttpError(status, { [kind]: { code: status, message } });
}

/** Magnum's error body (its ParsableErrorMiddleware): the title is the text before the first ".". */
function magnumError(status: number, message: string): HttpError {
  return new HttpError(status, { errors: [{ request_id: '', code: status < 500 ? 'client' : 'server', status, title: message.split('.', 1)[0], detail: message, links: [] }] });
}

function keystoneError(status: number, message: string, title: string): HttpError {
  return new HttpError(status, { error: { code: status, message, title } });
}

/** Magnum's Heat stack name, the prefix of every server of the cluster (magnum/drivers/heat/driver.py). */
function stackName(name: string, shortId: string): string {
  const cut = name.slice(0, 30).replace(/[_.]/g, '-').replace(/[^A-Za-z0-9-]/g, '');
  return `${cut}-${shortId}`.toLowerCase();
}

function shortId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = createHash('sha256').update(randomUUID()).digest();
  return Array.from({ length: 12 }, (_, i) => alphabet[bytes[i]! % 32]).join('');
}

function fingerprint(publicKey: string): string | undefined {
  const blob = publicKey.trim().split(/\s+/)[1];
  if (!blob || !/^[A-Za-z0-9+/]+=*$/.test(blob)) return undefined;
  return createHash('md5').update(Buffer.from(blob, 'base64')).digest('hex').match(/../g)!.join(':');
}

function pem(kind: string, seed: string): string {
  return `-----BEGIN ${kind}-----\n${createHash('sha512').update(seed).digest('base64')}\n-----END ${kind}-----\n`;
}

export async function startOpenStackApi(options: ApiOptions = {}): Promise<OpenStackApi> {
  let state: SimState = structuredClone(options.state ?? initialState());
  const username = options.username ?? USER.name;
  const password = options.password ?? 'right-password';
  const finishCreate = options.showsToFinishCreate ?? 2;
  const finishDelete = options.showsToFinishDelete ?? 2;
  const requests: RecordedRequest[] = [];
  const looks = new Map<string, number>();
  const failing = new Map<string, string>();
  let nextFailure: string | undefined;
  const tokens = new Set<string>();
  let base = '';

  // ---- Keystone -------------------------------------------------------------------------------
  const keystoneVersion = () => ({
    id: 'v3.14', status: 'stable', updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${base}/identity/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  });
  const catalog = () => [
    ['identity', 'keystone', `${base}/identity/v3`],
    ['compute', 'nova', `${base}/compute/v2.1`],
    ['image', 'glance', `${base}/image`],
    ['container-infra', 'magnum', `${base}/container-infra/v1`],
  ].map(([type, name, url]) => ({
    type, name, id: createHash('md5').update(type!).digest('hex'),
    endpoints: ['public', 'internal'].map((iface) => ({ id: createHash('md5').update(`${type}${iface}`).digest('hex'), interface: iface, region: 'RegionOne', region_id: 'RegionOne', url })),
  }));
  function login(body: unknown): { token: string; payload: unknown } {
    const auth = (body as { auth?: { identity?: { methods?: string[]; password?: { user?: { name?: string; password?: string } } } } }).auth;
    const user = auth?.identity?.password?.user;
    if (!auth?.identity?.methods?.includes('password') || user?.name !== username || user?.password !== password) {
      throw keystoneError(401, 'The request you have made requires authentication.', 'Unauthorized');
    }
    const token = `gAAAAAB${randomUUID().replace(/-/g, '')}`;
    tokens.add(token);
    const now = Date.now();
    return {
      token,
      payload: {
        token: {
          methods: ['password'], user: { ...USER, password_expires_at: null }, audit_ids: [randomUUID().slice(0, 22)],
          expires_at: new Date(now + 24 * 3600_000).toISOString().replace('Z', '000Z'), issued_at: new Date(now).toISOString().replace('Z', '000Z'),
          project: PROJECT, is_domain: false, roles: [{ id: 'r1', name: 'member' }, { id: 'r2', name: 'reader' }], catalog: catalog(),
        },
      },
    };
  }

  // ---- Nova -------------------------------------------------------------------------------------
  const keypairBody = (k: Keypair, withDetail: boolean) => ({
    name: k.name, public_key: k.publicKey, fingerprint: k.fingerprint, type: 'ssh',
    ...(withDetail ? { user_id: USER.id, created_at: k.createdAt, deleted: false, deleted_at: null, updated_at: null, id: 1 } : {}),
  });
  const flavorRef = (name: string) => ({ id: FLAVORS[name]?.id ?? FLAVORS['m2.medium']!.id, links: [] });
  const serverBody = (s: Server) => ({
    id: s.id, name: s.name, status: s.status, tenant_id: PROJECT.id, user_id: USER.id, metadata: s.properties,
    hostId: s.hostId, image: { id: IMAGE.id, links: [] }, flavor: flavorRef(s.flavor), created: s.created, updated: s.updated,
    addresses: { CERN_NETWORK: [{ version: 4, addr: s.ip, 'OS-EXT-IPS:type': 'fixed', 'OS-EXT-IPS-MAC:mac_addr': 'fa:16:3e:00:00:01' }] },
    accessIPv4: '', accessIPv6: '', links: [], 'OS-DCF:diskConfig': 'MANUAL', progress: 0, 'OS-EXT-AZ:availability_zone': 'cern-geneva-c',
    config_drive: '', key_name: s.keyName, 'OS-SRV-USG:launched_at': s.launchedAt, 'OS-SRV-USG:terminated_at': null,
    'OS-EXT-STS:task_state': s.status === 'BUILD' ? 'spawning' : null, 'OS-EXT-STS:vm_state': s.status === 'BUILD' ? 'building' : s.status === 'ERROR' ? 'error' : 'active',
    'OS-EXT-STS:power_state': s.status === 'ACTIVE' ? 1 : 0, 'os-extended-volumes:volumes_attached': [], security_groups: [{ name: 'default' }],
  });
  const computeVersion = () => ({ id: 'v2.1', status: 'CURRENT', version: '2.95', min_version: '2.1', updated: '2013-07-23T11:33:21Z', links: [{ rel: 'self', href: `${base}/compute/v2.1/` }] });

  function nova(method: string, parts: string[], query: URLSearchParams, body: unknown): [number, unknown] {
    const [head, id, sub] = parts;
    if (head === undefined) return [200, { version: computeVersion() }];
    if (head === 'os-keypairs') {
      if (method === 'GET' && id === undefined) return [200, { keypairs: state.keypairs.map((k) => ({ keypair: keypairBody(k, false) })) }];
      if (method === 'GET') {
        const k = state.keypairs.find((x) => x.name === id);
        if (!k) throw novaError(404, `Keypair ${id} not found for user ${USER.id}`);
        return [200, { keypair: keypairBody(k, true) }];
      }
      if (method === 'POST') {
        const kp = (body as { keypair?: { name?: string; public_key?: string } }).keypair ?? {};
        const name = kp.name ?? '';
        if (state.keypairs.some((k) => k.name === name)) throw novaError(409, `Key pair '${name}' already exists.`);
        const fp = kp.public_key ? fingerprint(kp.public_key) : undefined;
        if (!fp) throw novaError(400, 'Keypair data is invalid: failed to generate fingerprint');
        const k: Keypair = { name, fingerprint: fp, publicKey: kp.public_key!, createdAt: new Date().toISOString().slice(0, 19) };
        state.keypairs.push(k);
        return [200, { keypair: { ...keypairBody(k, false), user_id: USER.id } }];
      }
    }
    if (head === 'servers') {
      if (method === 'GET' && (id === undefined || id === 'detail')) {
        const name = query.get('name');
        let re: RegExp | undefined;
        try {
          re = name ? new RegExp(name) : undefined;
        } catch {
          re = undefined;
        }
        // Nova's name filter is a regex match, newest first.
        const found = [...state.servers].reverse().filter((s) => !name || (re ? re.test(s.name) : s.name.includes(name)));
        return [200, { servers: id === 'detail' ? found.map(serverBody) : found.map((s) => ({ id: s.id, name: s.name, links: [] })) }];
      }
      const s = state.servers.find((x) => x.id === id);
      if (!s) throw novaError(404, 'Instance could not be found.');
      if (method === 'GET' && sub === undefined) return [200, { server: serverBody(s) }];
      if (method === 'POST' && sub === 'metadata') {
        const meta = (body as { metadata?: Record<string, unknown> }).metadata;
        if (!meta || typeof meta !== 'object') throw novaError(400, "Invalid input for field/attribute metadata. Value: None. None is not of type 'object'");
        for (const [k, v] of Object.entries(meta)) {
          if (!NOVA_META_KEY.test(k)) throw novaError(400, `Invalid input for field/attribute metadata. Value: ${pyRepr(meta)}. Additional properties are not allowed ('${k}' was unexpected)`);
          if (typeof v === 'string' && v.length > 255) throw novaError(400, `Invalid input for field/attribute ${k}. Value: ${v}. '${v}' is too long`);
        }
        Object.assign(s.properties, meta);
        s.updated = isoZ(Date.now());
        return [200, { metadata: s.properties }];
      }
    }
    if (head === 'flavors') {
      const all = Object.entries(FLAVORS).map(([name, f]) => ({
        id: f.id, name, vcpus: f.vcpus, ram: f.ram, disk: f.disk, 'OS-FLV-EXT-DATA:ephemeral': 0, swap: '', rxtx_factor: 1, 'os-flavor-access:is_public': true, links: [],
      }));
      if (id === 'detail' || id === undefined) return [200, { flavors: all }];
      const f = all.find((x) => x.id === id);
      if (!f) throw novaError(404, `Flavor ${id} could not be found.`);
      return [200, { flavor: f }];
    }
    throw novaError(404, 'The resource could not be found.');
  }

  // ---- Magnum -----------------------------------------------------------------------------------
  function look(c: Cluster): void {
    const n = (looks.get(c.uuid) ?? 0) + 1;
    looks.set(c.uuid, n);
    if (c.status === 'CREATE_IN_PROGRESS' && n >= finishCreate) {
      const servers = state.servers.filter((s) => s.clusterUuid === c.uuid);
      c.updatedAt = isoOffset(Date.now());
      const reason = failing.get(c.uuid);
      if (reason) {
        c.status = 'CREATE_FAILED';
        c.statusReason = reason;
        c.faults = { 'kube-minion': reason };
        for (const s of servers) if (/-node-\d+$/.test(s.name)) s.status = 'ERROR';
      } else {
        c.status = 'CREATE_COMPLETE';
        c.statusReason = 'Stack CREATE completed successfully';
        for (const s of servers) {
          s.status = 'ACTIVE';
          s.launchedAt = new Date().toISOString().replace('Z', '000');
        }
      }
    } else if (c.status === 'DELETE_IN_PROGRESS' && n >= finishDelete) {
      state.clusters.splice(state.clusters.indexOf(c), 1);
      state.servers = state.servers.filter((s) => s.clusterUuid !== c.uuid);
    }
  }
  function findCluster(ident: string, observe: boolean): Cluster {
    const c = state.clusters.find((x) => x.uuid === ident) ?? state.clusters.find((x) => x.name === ident);
    if (!c) throw magnumError(404, `Cluster ${ident} could not be found.`);
    if (observe) {
      look(c);
      if (!state.clusters.includes(c)) throw magnumError(404, `Cluster ${ident} could not be found.`);
    }
    return c;
  }
  const templateBody = (uuid: string) => {
    const t = state.templates.find((x) => x.uuid === uuid || x.name === uuid);
    if (!t) throw magnumError(404, `ClusterTemplate ${uuid} could not be found.`);
    return {
      uuid: t.uuid, name: t.name, labels: t.labels, coe: 'kubernetes', image_id: IMAGE.id, keypair_id: null, flavor_id: t.flavor, master_flavor_id: t.masterFlavor,
      docker_volume_size: null, docker_storage_driver: 'overlay2', network_driver: 'calico', volume_driver: 'cinder', cluster_distro: 'fedora-coreos', server_type: 'vm',
      tls_disabled: false, public: true, hidden: false, registry_enabled: false, master_lb_enabled: false, floating_ip_enabled: false, external_network_id: null,
      fixed_network: null, fixed_subnet: null, dns_nameserver: null, apiserver_port: null, http_proxy: null, https_proxy: null, no_proxy: null, insecure_registry: null,
      tags: '', created_at: t.createdAt, updated_at: null, project_id: PROJECT.id, user_id: USER.id, links: [],
    };
  };
  const clusterBody = (c: Cluster) => {
    const complete = c.status === 'CREATE_COMPLETE';
    const servers = state.servers.filter((s) => s.clusterUuid === c.uuid);
    const nodes = servers.filter((s) => /-node-\d+$/.test(s.name)).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    const masters = servers.filter((s) => /-master-\d+$/.test(s.name));
    const template = state.templates.find((t) => t.uuid === c.templateUuid);
    return {
      uuid: c.uuid, name: c.name, cluster_template_id: c.templateUuid, keypair: c.keypair, docker_volume_size: null,
      labels: c.labels, labels_overridden: c.labelsOverridden, labels_skipped: {},
      labels_added: Object.fromEntries(Object.entries(c.labels).filter(([k]) => template && !(k in template.labels))),
      master_flavor_id: c.masterFlavor, flavor_id: c.flavor, create_timeout: c.createTimeout, stack_id: c.stackId,
      status: c.status, status_reason: c.status.endsWith('_IN_PROGRESS') ? null : c.statusReason, discovery_url: null,
      node_count: c.nodeCount, master_count: c.masterCount, api_address: complete ? `https://${c.apiIp}:6443` : null,
      node_addresses: complete ? nodes.map((s) => s.ip) : [], master_addresses: complete ? masters.map((s) => s.ip) : [],
      coe_version: complete ? c.coeVersion : null, container_version: complete ? '1.12.6' : null, faults: c.faults,
      fixed_network: null, fixed_subnet: null, floating_ip_enabled: false, master_lb_enabled: false,
      health_status: complete ? 'HEALTHY' : null, health_status_reason: complete ? { api: 'ok' } : {},
      created_at: c.createdAt, updated_at: c.updatedAt, project_id: PROJECT.id, user_id: USER.id, links: [],
    };
  };
  function magnum(method: string, parts: string[], body: unknown): [number, unknown] {
    const [head, id] = parts;
    if (head === undefined) return [200, { id: 'v1', status: 'CURRENT', min_version: '1.1', max_version: '1.11', links: [] }];
    if (head === 'clustertemplates') {
      if (id === undefined) return [200, { clustertemplates: state.templates.map((t) => ({ uuid: t.uuid, name: t.name, tags: '', links: [] })) }];
      return [200, templateBody(decodeURIComponent(id))];
    }
    if (head === 'clusters') {
      if (method === 'GET' && id === undefined) {
        return [200, { clusters: state.clusters.map((c) => ({ uuid: c.uuid, name: c.name, keypair: c.keypair, node_count: c.nodeCount, master_count: c.masterCount, status: c.status, health_status: c.status === 'CREATE_COMPLETE' ? 'HEALTHY' : null, links: [] })) }];
      }
      if (method === 'GET') return [200, clusterBody(findCluster(decodeURIComponent(id!), true))];
      if (method === 'DELETE') {
        const c = findCluster(decodeURIComponent(id!), false);
        c.status = 'DELETE_IN_PROGRESS';
        looks.set(c.uuid, 0);
        return [204, undefined];
      }
      if (method === 'POST') return [202, createCluster(body as Record<string, unknown>)];
    }
    if (head === 'certificates') {
      if (method === 'GET') {
        const c = findCluster(decodeURIComponent(id!), false);
        return [200, { cluster_uuid: c.uuid, pem: pem('CERTIFICATE', `ca:${c.uuid}`), links: [] }];
      }
      const req = body as { cluster_uuid?: string; csr?: string };
      const c = findCluster(req.cluster_uuid ?? '', false);
      if (!req.csr?.includes('CERTIFICATE REQUEST')) throw magnumError(400, 'Invalid input for field/attribute csr.');
      return [201, { cluster_uuid: c.uuid, csr: req.csr, pem: pem('CERTIFICATE', `admin:${c.uuid}`), links: [] }];
    }
    throw magnumError(404, 'The resource could not be found.');
  }
  function createCluster(b: Record<string, unknown>): { uuid: string } {
    const name = String(b['name'] ?? '');
    if (name.length > 242) throw magnumError(400, `Invalid input for field/attribute name. Value: '${name}'. Value should have a maximum character requirement of 242`);
    if (!MAGNUM_NAME.test(name)) throw magnumError(400, `Invalid input for field/attribute name. Value: '${name}'. Value should match the pattern ^[a-zA-Z][a-zA-Z0-9_.-]*$`);
    const template = state.templates.find((t) => t.uuid === b['cluster_template_id'] || t.name === b['cluster_template_id']);
    if (!template) throw magnumError(404, `ClusterTemplate ${String(b['cluster_template_id'])} could not be found.`);
    const keypair = typeof b['keypair'] === 'string' ? b['keypair'] : undefined;
    if (keypair && !state.keypairs.some((k) => k.name === keypair)) throw magnumError(400, `Unable to find keypair ${keypair}.`);
    const given = (b['labels'] ?? {}) as Record<string, string>;
    const labels = b['merge_labels'] ? { ...template.labels, ...given } : Object.keys(given).length ? given : { ...template.labels };
    const uuid = randomUUID();
    const sid = shortId();
    const now = Date.now();
    const flavor = String(b['flavor_id'] ?? template.flavor);
    const masterFlavor = String(b['master_flavor_id'] ?? template.masterFlavor);
    const nodeCount = Number(b['node_count'] ?? 1);
    const masterCount = Number(b['master_count'] ?? 1);
    const prefix = stackName(name, sid);
    const octet = () => 1 + Math.floor(Math.random() * 250);
    const server = (suffix: string, f: string): Server => ({
      id: randomUUID(), name: `${prefix}-${suffix}`, clusterUuid: uuid, status: 'BUILD', ip: `188.185.${octet()}.${octet()}`, flavor: f, image: IMAGE.name,
      keyName: keypair ?? null, created: isoZ(now), updated: isoZ(now), launchedAt: null, hostId: createHash('sha224').update(uuid).digest('hex'), properties: { 'metering.server_group': uuid },
    });
    const servers = [...Array.from({ length: masterCount }, (_, i) => server(`master-${i}`, masterFlavor)), ...Array.from({ length: nodeCount }, (_, i) => server(`node-${i}`, flavor))];
    const cluster: Cluster = {
      uuid, name, stackId: randomUUID(), shortId: sid, templateUuid: template.uuid, keypair: keypair ?? '-', nodeCount, masterCount, flavor, masterFlavor, labels,
      labelsOverridden: Object.fromEntries(Object.keys(template.labels).filter((k) => k in given && template.labels[k] !== given[k]).map((k) => [k, template.labels[k]!])),
      createTimeout: Number(b['create_timeout'] ?? 60), status: 'CREATE_IN_PROGRESS', statusReason: null, faults: {}, createdAt: isoOffset(now), updatedAt: null,
      coeVersion: template.kubeTag, apiIp: servers[0]!.ip, progress: { start: now, stagesMs: [1], seen: 0 }, ingress: { version: '1.12.1', sslPassthrough: true },
    };
    if (nextFailure) {
      failing.set(uuid, nextFailure);
      nextFailure = undefined;
    }
    state.clusters.push(cluster);
    state.servers.push(...servers);
    looks.set(uuid, 0);
    return { uuid };
  }

  // ---- Glance -----------------------------------------------------------------------------------
  function glance(parts: string[]): [number, unknown] {
    if (parts.length === 0) return [300, { versions: [{ id: 'v2.16', status: 'CURRENT', links: [{ rel: 'self', href: `${base}/image/v2/` }] }] }];
    const image = { id: IMAGE.id, name: IMAGE.name, status: 'active', visibility: 'public', disk_format: 'qcow2', container_format: 'bare', min_disk: 0, min_ram: 0, size: 1, protected: false, tags: [], self: `/v2/images/${IMAGE.id}`, file: `/v2/images/${IMAGE.id}/file`, schema: '/v2/schemas/image' };
    if (parts[0] === 'v2' && parts[1] === 'images' && parts[2] === undefined) return [200, { images: [image], schema: '/v2/schemas/images', first: '/v2/images' }];
    if (parts[0] === 'v2' && parts[1] === 'images' && parts[2] === IMAGE.id) return [200, image];
    throw new HttpError(404, { message: 'not found' });
  }

  function route(method: string, url: URL, body: unknown, headers: http.IncomingHttpHeaders): [number, unknown, Record<string, string>] {
    const parts = url.pathname.split('/').filter(Boolean);
    const [service, ...rest] = parts;
    if (service === 'identity') {
      if (rest.length === 0) return [300, { versions: { values: [keystoneVersion()] } }, {}];
      if (rest[0] === 'v3' && rest.length === 1) return [200, { version: keystoneVersion() }, {}];
      if (rest[0] === 'v3' && rest[1] === 'auth' && rest[2] === 'tokens' && method === 'POST') {
        const { token, payload } = login(body);
        return [201, payload, { 'X-Subject-Token': token }];
      }
      throw keystoneError(404, 'The resource could not be found.', 'Not Found');
    }
    // Version documents answer without a token, as the services' own do (clients discover versions before logging in).
    const versionDoc = (service === 'compute' && rest.length <= 1) || (service === 'container-infra' && rest.length <= 1) || (service === 'image' && rest.length === 0);
    const token = headers['x-auth-token'];
    if (!versionDoc && (typeof token !== 'string' || !tokens.has(token))) throw keystoneError(401, 'The request you have made requires authentication.', 'Unauthorized');
    if (service === 'compute') {
      if (rest.length === 0) return [300, { versions: [computeVersion()] }, {}];
      if (rest[0] === 'v2.1') return [...nova(method, rest.slice(1), url.searchParams, body), {}];
    }
    if (service === 'container-infra') {
      if (rest.length === 0) return [200, { versions: [{ id: 'v1', status: 'CURRENT', min_version: '1.1', max_version: '1.11', links: [{ rel: 'self', href: `${base}/container-infra/v1/` }] }] }, {}];
      if (rest[0] === 'v1') return [...magnum(method, rest.slice(1), body), { 'OpenStack-API-Version': 'container-infra 1.11' }];
    }
    if (service === 'image') return [...glance(rest), {}];
    throw new HttpError(404, { message: `no such path ${url.pathname}` });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const url = new URL(req.url ?? '/', base);
      let status: number;
      let payload: unknown;
      let extra: Record<string, string> = {};
      try {
        [status, payload, extra] = route(req.method ?? 'GET', url, body, req.headers);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        [status, payload] = [error.status, error.body];
      }
      requests.push({ method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, body, status });
      const out = payload === undefined ? '' : JSON.stringify(payload);
      // Nova names its request id x-compute-request-id (novaclient reads that one), the others x-openstack-request-id.
      const rid = `req-${randomUUID()}`;
      res.writeHead(status, { 'Content-Type': 'application/json', 'X-Openstack-Request-Id': rid, 'X-Compute-Request-Id': rid, 'Content-Length': Buffer.byteLength(out), ...extra });
      res.end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    env: {
      OS_AUTH_URL: `${base}/identity/v3`, OS_AUTH_TYPE: 'password', OS_IDENTITY_API_VERSION: '3', OS_USERNAME: username, OS_PASSWORD: password,
      OS_PROJECT_NAME: PROJECT.name, OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default', OS_REGION_NAME: 'RegionOne', OS_INTERFACE: 'public',
    },
    get state() {
      return state;
    },
    requests,
    load(next) {
      state = structuredClone(next);
    },
    failNextCreate(reason) {
      nextFailure = reason;
    },
    startDelete(name) {
      const c = state.clusters.find((x) => x.name === name);
      if (!c) throw new Error(`no cluster ${name}`);
      c.status = 'DELETE_IN_PROGRESS';
      looks.set(c.uuid, 0);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Python's repr of a str→str dict, as Nova's message prints the value. */
function pyRepr(v: Record<string, unknown>): string {
  return `{${Object.entries(v).map(([k, x]) => `'${k}': '${String(x)}'`).join(', ')}}`;
}

// The `openstack` stand-in: the Keystone, Nova and Magnum commands the product uses, printing
// what python-openstackclient 6.0 prints (see facts/openstack-cli-formats.md and its samples).

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FORMAT_ALIAS, LIST_FORMAT_OPTS, SHOW_FORMAT_OPTS, optList, optString, parseArgs, usageError, type ArgSpec, type Parsed } from './argparse.js';
import { FORMATS, formatList, formatOne, selectColumns, type Format, type FormatOptions, type Row } from './cliff.js';
import { NOMINAL, isDone, newProgress, observe } from './clock.js';
import { findFault } from './faults.js';
import { cernIp, hex, isoOffset, isoZ, shortId, uuid } from './ids.js';
import { apiError, requestId } from './io.js';
import { MAGNUM_NAME_MAX, MAGNUM_NAME_PATTERN, NOVA_PROPERTY_KEY_PATTERN, NOVA_PROPERTY_VALUE_MAX } from '../config/cloud-names.js';
import { FLAVORS, createKube, kubeOf, nodeReady, stackPrefix, type View } from './kube.js';
import type { Cluster, Server, SimState } from './types.js';

export interface OsContext extends View {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: string[];
  err: string[];
}

const IMAGE = { name: 'fedora-coreos-38.20230806.3.0-openstack.x86_64', id: '3f0c6e3a-7c1e-4d3c-9a3e-0b2f5c9d8e11' };

const CREATE_USAGE = `usage: openstack coe cluster create [-h] --cluster-template <cluster-template>
                                    [--discovery-url <discovery-url>]
                                    [--docker-volume-size <docker-volume-size>]
                                    [--labels <KEY1=VALUE1,KEY2=VALUE2;KEY3=VALUE3...>]
                                    [--keypair <keypair>]
                                    [--master-count <master-count>]
                                    [--node-count <node-count>]
                                    [--timeout <timeout>]
                                    [--master-flavor <master-flavor>]
                                    [--flavor <flavor>]
                                    [--fixed-network <fixed-network>]
                                    [--fixed-subnet <fixed-subnet>]
                                    [--floating-ip-enabled]
                                    [--floating-ip-disabled] [--merge-labels]
                                    [--master-lb-enabled]
                                    [--master-lb-disabled]
                                    <name>`;

interface Command {
  words: string[];
  spec: ArgSpec;
  mutating: boolean;
  run(ctx: OsContext, args: Parsed): number;
}

const show = (prog: string, positionals: string[], extra: ArgSpec['opts'] = {}): ArgSpec => ({ prog, opts: { ...SHOW_FORMAT_OPTS, ...extra }, alias: FORMAT_ALIAS, positionals });
const list = (prog: string, extra: ArgSpec['opts'] = {}): ArgSpec => ({ prog, opts: { ...LIST_FORMAT_OPTS, ...extra }, alias: FORMAT_ALIAS, positionals: [] });

function formatOpts(ctx: OsContext, spec: ArgSpec, args: Parsed): FormatOptions | undefined {
  const format = (optString(args, '-f') ?? 'table') as Format;
  if (!FORMATS.includes(format)) {
    ctx.err.push(usageError(spec, `argument -f/--format: invalid choice: '${format}' (choose from ${FORMATS.map((f) => `'${f}'`).join(', ')})`));
    return undefined;
  }
  return { format, columns: optList(args, '-c'), noindent: args.opts.has('--noindent') };
}

/** cliff's answer to `-c` naming no known column. */
function checkColumns(ctx: OsContext, all: string[], opts: FormatOptions): boolean {
  if (selectColumns(all, opts.columns)) return true;
  ctx.err.push(`No recognized column names in [${opts.columns.map((c) => `'${c}'`).join(', ')}]. Recognized columns are (${all.map((c) => `'${c}'`).join(', ')}).\n`);
  return false;
}

function emitOne(ctx: OsContext, spec: ArgSpec, args: Parsed, row: Row, display?: Record<string, (v: unknown) => string>): number {
  const opts = formatOpts(ctx, spec, args);
  if (!opts) return 2;
  if (!checkColumns(ctx, Object.keys(row), opts)) return 1;
  ctx.out.push(formatOne(row, opts, display));
  return 0;
}

function emitList(ctx: OsContext, spec: ArgSpec, args: Parsed, columns: string[], rows: Row[], display?: Record<string, (v: unknown) => string>): number {
  const opts = formatOpts(ctx, spec, args);
  if (!opts) return 2;
  if (!checkColumns(ctx, columns, opts)) return 1;
  ctx.out.push(formatList(columns, rows, opts, display));
  return 0;
}

// ---- Magnum cluster life cycle ------------------------------------------------------------

/** Moves clusters along: CREATE_IN_PROGRESS → COMPLETE/FAILED, DELETE_IN_PROGRESS → gone. */
export function tickClusters(ctx: View): void {
  const { state, now, speed } = ctx;
  for (const cluster of [...state.clusters]) {
    if (cluster.status === 'CREATE_IN_PROGRESS' && isDone(cluster.progress, speed, now)) finishCreate(ctx, cluster);
    if (cluster.status === 'DELETE_IN_PROGRESS' && cluster.deleteProgress && isDone(cluster.deleteProgress, speed, now)) {
      state.clusters.splice(state.clusters.indexOf(cluster), 1);
      state.servers = state.servers.filter((s) => s.clusterUuid !== cluster.uuid);
      state.kubes = state.kubes.filter((k) => k.clusterUuid !== cluster.uuid);
    }
  }
}

function finishCreate(ctx: View, cluster: Cluster): void {
  const { state, now } = ctx;
  const servers = state.servers.filter((s) => s.clusterUuid === cluster.uuid);
  cluster.updatedAt = isoOffset(now);
  if (cluster.failReason) {
    cluster.status = 'CREATE_FAILED';
    cluster.statusReason = cluster.failReason;
    cluster.faults = { 'kube-minion': cluster.failReason.replace(/^Resource CREATE failed: /, '').replace(/resources\.kube_minions\.resources\[0\]\./, '') };
    for (const s of servers) if (/-node-\d+$/.test(s.name)) s.status = 'ERROR';
    return;
  }
  cluster.status = 'CREATE_COMPLETE';
  cluster.statusReason = 'Stack CREATE completed successfully';
  for (const s of servers) {
    s.status = 'ACTIVE';
    s.launchedAt = `${new Date(now).toISOString().slice(0, 19)}.000000`;
    s.updated = isoZ(now);
  }
  if (!kubeOf(state, cluster.uuid)) state.kubes.push(createKube(state, cluster, servers, now));
}

function clusterServers(state: SimState, cluster: Cluster): Server[] {
  return state.servers.filter((s) => s.clusterUuid === cluster.uuid);
}

function clusterRow(ctx: View, c: Cluster): Row {
  const complete = c.status === 'CREATE_COMPLETE';
  const servers = clusterServers(ctx.state, c);
  const masters = servers.filter((s) => /-master-\d+$/.test(s.name));
  const nodes = servers.filter((s) => /-node-\d+$/.test(s.name)).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const kube = kubeOf(ctx.state, c.uuid);
  const health: Record<string, string> = {};
  if (complete && kube) {
    health['api'] = 'ok';
    for (const n of kube.nodes) health[`${n.name}.Ready`] = nodeReady(ctx, n) ? 'True' : 'False';
  }
  const template = ctx.state.templates.find((t) => t.uuid === c.templateUuid);
  const labelsAdded = Object.fromEntries(Object.entries(c.labels).filter(([k]) => template && !(k in template.labels)));
  return {
    status: c.status,
    health_status: complete ? (Object.values(health).every((v) => v !== 'False') ? 'HEALTHY' : 'UNHEALTHY') : null,
    cluster_template_id: c.templateUuid,
    node_addresses: complete ? nodes.map((s) => s.ip) : [],
    uuid: c.uuid,
    stack_id: c.stackId,
    status_reason: c.status === 'CREATE_IN_PROGRESS' || c.status === 'DELETE_IN_PROGRESS' ? null : c.statusReason,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    coe_version: complete ? c.coeVersion : null,
    labels: c.labels,
    labels_overridden: c.labelsOverridden,
    labels_skipped: {},
    labels_added: labelsAdded,
    fixed_network: null,
    fixed_subnet: null,
    floating_ip_enabled: false,
    faults: c.faults,
    keypair: c.keypair,
    api_address: complete ? `https://${c.apiIp}:6443` : null,
    master_addresses: complete ? masters.map((s) => s.ip) : [],
    master_lb_enabled: false,
    create_timeout: c.createTimeout,
    node_count: c.nodeCount,
    discovery_url: null,
    docker_volume_size: null,
    master_count: c.masterCount,
    container_version: complete ? '1.12.6' : null,
    name: c.name,
    master_flavor_id: c.masterFlavor,
    flavor_id: c.flavor,
    health_status_reason: health,
    project_id: ctx.state.projectId,
  };
}

/** Magnum finds clusters by uuid or name; two of one name is a 409. Returns the error text if none. */
function findCluster(ctx: OsContext, ident: string): Cluster | undefined {
  const byId = ctx.state.clusters.find((c) => c.uuid === ident);
  if (byId) return byId;
  const named = ctx.state.clusters.filter((c) => c.name === ident);
  if (named.length > 1) {
    ctx.err.push(apiError('Multiple clusters exist with same name. Please use the cluster uuid instead.', 409));
    return undefined;
  }
  if (named.length === 0) ctx.err.push(apiError(`Cluster ${ident} could not be found.`, 404));
  return named[0];
}

function splitLabels(values: string[]): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const value of values) {
    // magnumclient splits on , and ; only when the text holds more than one '='.
    const parts = (value.match(/=/g) ?? []).length > 1 ? value.split(/[,;]/) : [value];
    for (const part of parts) {
      const eq = part.indexOf('=');
      if (eq < 0) return `Attributes must be a list of PATH=VALUE not "${part}"`;
      out[part.slice(0, eq)] = part.slice(eq + 1);
    }
  }
  return out;
}

function clusterCreate(ctx: OsContext, args: Parsed): number {
  const { state, now } = ctx;
  const name = args.pos[0]!;
  // Magnum's API validates the name before anything else (WSME; the title is cut at the first ".").
  if (name.length > MAGNUM_NAME_MAX) {
    ctx.err.push(apiError(`Invalid input for field/attribute name. Value: '${name}'. Value should have a maximum character requirement of ${MAGNUM_NAME_MAX}`, 400));
    return 1;
  }
  if (!MAGNUM_NAME_PATTERN.test(name)) {
    ctx.err.push(apiError(`Invalid input for field/attribute name. Value: '${name}'. Value should match the pattern ${MAGNUM_NAME_PATTERN.source}`, 400));
    return 1;
  }
  if (findFault(ctx.faults, 'quota')) {
    ctx.err.push(apiError('Resource limit exceeded: You have reached the maximum clusters per project, 3. You may delete a cluster to make room for a new one.', 403));
    return 1;
  }
  const templateIdent = optString(args, '--cluster-template')!;
  const template = state.templates.find((t) => t.uuid === templateIdent || t.name === templateIdent);
  if (!template) {
    ctx.err.push(apiError(`ClusterTemplate ${templateIdent} could not be found.`, 404));
    return 1;
  }
  const keypair = optString(args, '--keypair');
  if (keypair && !state.keypairs.some((k) => k.name === keypair)) {
    ctx.err.push(apiError(`Unable to find keypair ${keypair}.`, 400));
    return 1;
  }
  const flavor = optString(args, '--flavor') ?? template.flavor;
  const masterFlavor = optString(args, '--master-flavor') ?? template.masterFlavor;
  for (const f of [flavor, masterFlavor]) {
    if (!FLAVORS[f]) {
      ctx.err.push(apiError(`Unable to find flavor ${f}.`, 400));
      return 1;
    }
  }
  const given = splitLabels(optList(args, '--labels'));
  if (typeof given === 'string') {
    ctx.err.push(`${given}\n`);
    return 1;
  }
  const merge = args.opts.has('--merge-labels');
  const labels = merge ? { ...template.labels, ...given } : Object.keys(given).length ? given : { ...template.labels };
  const labelsOverridden = Object.fromEntries(Object.keys(template.labels).filter((k) => k in given && template.labels[k] !== given[k]).map((k) => [k, template.labels[k]!]));
  const nodeCount = Number(optString(args, '--node-count') ?? 1);
  const masterCount = Number(optString(args, '--master-count') ?? 1);
  const createFailed = findFault(ctx.faults, 'create-failed');
  const oldIngress = findFault(ctx.faults, 'old-ingress');
  const cluster: Cluster = {
    uuid: uuid(state),
    name,
    stackId: uuid(state),
    shortId: shortId(state),
    templateUuid: template.uuid,
    keypair: keypair ?? '-',
    nodeCount,
    masterCount,
    flavor,
    masterFlavor,
    labels,
    labelsOverridden,
    createTimeout: Number(optString(args, '--timeout') ?? 60),
    status: 'CREATE_IN_PROGRESS',
    statusReason: null,
    faults: {},
    createdAt: isoOffset(now),
    updatedAt: null,
    coeVersion: template.kubeTag,
    apiIp: '',
    failReason: createFailed
      ? createFailed.reason ??
        'Resource CREATE failed: ResourceInError: resources.kube_minions.resources[0].resources.kube-minion: Went to status ERROR due to "Message: No valid host was found. There are not enough hosts available., Code: 500"'
      : undefined,
    progress: newProgress(now, [NOMINAL.clusterCreate]),
    ingress: oldIngress ? { version: oldIngress.version ?? '1.9.6', sslPassthrough: oldIngress.sslPassthrough ?? false } : { version: '1.12.1', sslPassthrough: true },
  };
  const prefix = stackPrefix(cluster);
  const hostId = hex(state, 56);
  const mk = (suffix: string, f: string): Server => ({
    id: uuid(state), name: `${prefix}-${suffix}`, clusterUuid: cluster.uuid, status: 'BUILD', ip: cernIp(state), flavor: f, image: IMAGE.name,
    keyName: keypair ?? null, created: isoZ(now), updated: isoZ(now), launchedAt: null, hostId, properties: { 'metering.server_group': cluster.stackId },
  });
  const servers = [...Array.from({ length: masterCount }, (_, i) => mk(`master-${i}`, masterFlavor)), ...Array.from({ length: nodeCount }, (_, i) => mk(`node-${i}`, flavor))];
  cluster.apiIp = servers[0]!.ip;
  state.clusters.push(cluster);
  state.servers.push(...servers);
  ctx.out.push(`Request to create cluster ${cluster.uuid} accepted\n`);
  return 0;
}

function clusterConfig(ctx: OsContext, args: Parsed): number {
  const cluster = findCluster(ctx, args.pos[0]!);
  if (!cluster) return 1;
  const dir = resolve(ctx.cwd, optString(args, '--dir') ?? '.');
  const file = `${dir}/config`;
  if (existsSync(file) && !args.opts.has('--force')) {
    ctx.err.push(`File ${file} exists, aborting.\n`);
    return 1;
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    ctx.err.push(`[Errno 2] No such file or directory: '${file}'\n`);
    return 1;
  }
  const complete = cluster.status === 'CREATE_COMPLETE';
  if (!complete) ctx.err.push("WARNING: The cluster's api_address is not known yet.\n");
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const pem = (kind: string, seed: string) =>
    `-----BEGIN ${kind}-----\n${createHash('sha512').update(seed).digest('base64')}\nU0lNVUxBVEVEIGJ5IHBhbmRhLWs4cyBzaW0gLSBub3QgYSByZWFsIGtleQ==\n-----END ${kind}-----\n`;
  const config = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${b64(pem('CERTIFICATE', `ca:${cluster.uuid}`))}
    server: ${complete ? `https://${cluster.apiIp}:6443` : 'None'}
  name: ${cluster.name}
contexts:
- context:
    cluster: ${cluster.name}
    user: admin
  name: default
current-context: default
kind: Config
preferences: {}
users:
- name: admin
  user:
    client-certificate-data: ${b64(pem('CERTIFICATE', `admin:${cluster.uuid}`))}
    client-key-data: ${b64(pem('RSA PRIVATE KEY', `key:${cluster.uuid}`))}
`;
  // A plain open(): mode 0666 minus the umask, so the key is world-readable like the real one.
  writeFileSync(file, config);
  const shell = ctx.env['SHELL'];
  if (shell === undefined) {
    ctx.err.push("'SHELL'\n");
    return 1;
  }
  ctx.out.push(shell.includes('csh') ? `setenv KUBECONFIG ${file}\n\n` : `export KUBECONFIG=${file}\n\n`);
  return 0;
}

// ---- Nova servers -------------------------------------------------------------------------

function flavorId(name: string): string {
  return FLAVORS[name]?.id ?? '2f7b4bb1-0000-4000-8000-000000000000';
}

function serverRow(ctx: View, s: Server): Row {
  return {
    'OS-DCF:diskConfig': 'MANUAL',
    'OS-EXT-AZ:availability_zone': 'cern-geneva-c',
    'OS-EXT-STS:power_state': s.status === 'ACTIVE' ? 1 : 0,
    'OS-EXT-STS:task_state': s.status === 'BUILD' ? 'spawning' : null,
    'OS-EXT-STS:vm_state': s.status === 'BUILD' ? 'building' : s.status === 'ERROR' ? 'error' : 'active',
    'OS-SRV-USG:launched_at': s.launchedAt,
    'OS-SRV-USG:terminated_at': null,
    accessIPv4: '',
    accessIPv6: '',
    addresses: { CERN_NETWORK: [s.ip] },
    config_drive: '',
    created: s.created,
    flavor: `${s.flavor} (${flavorId(s.flavor)})`,
    hostId: s.hostId,
    id: s.id,
    image: `${s.image} (${IMAGE.id})`,
    key_name: s.keyName,
    name: s.name,
    progress: 0,
    project_id: ctx.state.projectId,
    properties: s.properties,
    security_groups: [{ name: 'default' }],
    status: s.status,
    updated: s.updated,
    user_id: ctx.state.userId,
    volumes_attached: [],
  };
}

const dictDisplay = (v: unknown) => Object.entries(v as Record<string, string>).sort(([a], [b]) => a.localeCompare(b)).map(([k, val]) => `${k}='${val}'`).join(', ');
const netDisplay = (v: unknown) => Object.entries(v as Record<string, string[]>).map(([k, ips]) => `${k}=${ips.join(', ')}`).join('; ');

function findServer(ctx: OsContext, ident: string): Server | undefined {
  const byId = ctx.state.servers.find((s) => s.id === ident);
  if (byId) return byId;
  const named = ctx.state.servers.filter((s) => s.name === ident);
  if (named.length > 1) {
    ctx.err.push(`More than one server exists with the name '${ident}'.\n`);
    return undefined;
  }
  if (named.length === 0) ctx.err.push(`No server with a name or ID of '${ident}' exists.\n`);
  return named[0];
}

/**
 * Nova's answer to server metadata it refuses (nova/api/validation/parameter_types.py `metadata`: keys
 * `^[a-zA-Z0-9-_:. ]{1,255}$`, string values of at most 255 characters), as novaclient prints it: HTTP 400,
 * "Invalid input for field/attribute <key>. Value: <value>. '<value>' is too long" (the validator names the
 * last element of the failing path, here the key).
 */
function novaMetadataError(props: Record<string, string>): string | undefined {
  for (const [key, value] of Object.entries(props)) {
    if (!NOVA_PROPERTY_KEY_PATTERN.test(key)) {
      return `Invalid input for field/attribute metadata. Value: {'${key}': '${value}'}. Additional properties are not allowed ('${key}' was unexpected) (HTTP 400) (Request-ID: ${requestId()})\n`;
    }
    if (value.length > NOVA_PROPERTY_VALUE_MAX) {
      return `Invalid input for field/attribute ${key}. Value: ${value}. '${value}' is too long (HTTP 400) (Request-ID: ${requestId()})\n`;
    }
  }
  return undefined;
}

// ---- Keypairs -----------------------------------------------------------------------------

/** MD5 fingerprint of an OpenSSH public key, as Nova computes it. */
function fingerprint(publicKey: string): string | undefined {
  const blob = publicKey.trim().split(/\s+/)[1];
  if (!blob || !/^[A-Za-z0-9+/]+=*$/.test(blob)) return undefined;
  return createHash('md5').update(Buffer.from(blob, 'base64')).digest('hex').match(/../g)!.join(':');
}

const COMPUTE_URL = 'https://openstack.cern.ch:8774/v2.1';

// ---- The command table --------------------------------------------------------------------

const COMMANDS: Command[] = [
  {
    words: ['token', 'issue'],
    spec: show('token issue', []),
    mutating: false,
    run(ctx, args) {
      const expires = new Date(ctx.now + 24 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+0000');
      const id = `gAAAAAB${Buffer.from(hex(ctx.state, 40), 'hex').toString('base64url')}`;
      return emitOne(ctx, this.spec, args, { expires, id, project_id: ctx.state.projectId, user_id: ctx.state.userId });
    },
  },
  {
    words: ['keypair', 'list'],
    spec: list('keypair list', { '--user': 'value', '--project': 'value' }),
    mutating: false,
    run(ctx, args) {
      return emitList(ctx, this.spec, args, ['Name', 'Fingerprint', 'Type'], ctx.state.keypairs.map((k) => ({ Name: k.name, Fingerprint: k.fingerprint, Type: 'ssh' })));
    },
  },
  {
    words: ['keypair', 'show'],
    spec: show('keypair show', ['<key>'], { '--public-key': 'flag', '--user': 'value' }),
    mutating: false,
    run(ctx, args) {
      const k = ctx.state.keypairs.find((kp) => kp.name === args.pos[0]);
      if (!k) {
        ctx.err.push(`No Keypair found for ${args.pos[0]}\n`);
        return 1;
      }
      if (args.opts.has('--public-key')) {
        ctx.out.push(`${k.publicKey.trim()}\n`);
        return 0;
      }
      return emitOne(ctx, this.spec, args, {
        created_at: k.createdAt, fingerprint: k.fingerprint, id: k.name, is_deleted: false, name: k.name, private_key: null, type: 'ssh', user_id: ctx.state.userId,
      });
    },
  },
  {
    words: ['keypair', 'create'],
    spec: show('keypair create', ['<name>'], { '--public-key': 'value', '--private-key': 'value', '--type': 'value', '--user': 'value' }),
    mutating: true,
    run(ctx, args) {
      const name = args.pos[0]!;
      const file = optString(args, '--public-key');
      let publicKey: string;
      if (file) {
        const path = resolve(ctx.cwd, file);
        try {
          publicKey = readFileSync(path, 'utf8');
        } catch (err) {
          ctx.err.push(`Key file ${file} not found: [Errno 2] No such file or directory: '${file}'\n`);
          return 1;
        }
      } else {
        publicKey = `ssh-rsa ${Buffer.from(`sim-generated-${name}-${hex(ctx.state, 32)}`).toString('base64')} Generated-by-Nova`;
      }
      const fp = fingerprint(publicKey);
      if (!fp) {
        ctx.err.push(`BadRequestException: 400: Client Error for url: ${COMPUTE_URL}/os-keypairs, Keypair data is invalid: failed to generate fingerprint\n`);
        return 1;
      }
      if (ctx.state.keypairs.some((k) => k.name === name)) {
        ctx.err.push(`ConflictException: 409: Client Error for url: ${COMPUTE_URL}/os-keypairs, Key pair '${name}' already exists.\n`);
        return 1;
      }
      ctx.state.keypairs.push({ name, fingerprint: fp, publicKey, createdAt: `${new Date(ctx.now).toISOString().slice(0, 19)}.000000` });
      if (!file) {
        ctx.out.push(`-----BEGIN RSA PRIVATE KEY-----\n${Buffer.from(`sim private key for ${name}`).toString('base64')}\n-----END RSA PRIVATE KEY-----\n`);
        return 0;
      }
      return emitOne(ctx, this.spec, args, { created_at: null, fingerprint: fp, id: name, is_deleted: null, name, type: 'ssh', user_id: ctx.state.userId });
    },
  },
  {
    words: ['keypair', 'delete'],
    spec: { prog: 'keypair delete', opts: { '--user': 'value' }, positionals: ['<key>'], variadic: true },
    mutating: true,
    run(ctx, args) {
      let failed = 0;
      for (const name of args.pos) {
        const i = ctx.state.keypairs.findIndex((k) => k.name === name);
        if (i < 0) {
          ctx.err.push(`Failed to delete key with name '${name}': No Keypair found for ${name}\n`);
          failed++;
        } else ctx.state.keypairs.splice(i, 1);
      }
      if (failed) ctx.err.push(`${failed} of ${args.pos.length} keys failed to delete.\n`);
      return failed ? 1 : 0;
    },
  },
  {
    words: ['coe', 'cluster', 'template', 'list'],
    spec: list('coe cluster template list', { '--limit': 'value', '--sort-key': 'value', '--sort-dir': 'value', '--fields': 'value' }),
    mutating: false,
    run(ctx, args) {
      return emitList(ctx, this.spec, args, ['uuid', 'name', 'tags'], ctx.state.templates.map((t) => ({ uuid: t.uuid, name: t.name, tags: '' })));
    },
  },
  {
    words: ['coe', 'cluster', 'template', 'show'],
    spec: show('coe cluster template show', ['<cluster-template>']),
    mutating: false,
    run(ctx, args) {
      const t = ctx.state.templates.find((tp) => tp.uuid === args.pos[0] || tp.name === args.pos[0]);
      if (!t) {
        ctx.err.push(apiError(`ClusterTemplate ${args.pos[0]} could not be found.`, 404));
        return 1;
      }
      return emitOne(ctx, this.spec, args, {
        insecure_registry: '-', labels: t.labels, updated_at: '-', floating_ip_enabled: false, fixed_subnet: '-', master_flavor_id: t.masterFlavor, uuid: t.uuid,
        no_proxy: '-', https_proxy: '-', tls_disabled: false, keypair_id: '-', public: true, http_proxy: '-', docker_volume_size: '-', server_type: 'vm',
        external_network_id: '-', cluster_distro: 'fedora-coreos', image_id: IMAGE.id, volume_driver: 'cinder', registry_enabled: false,
        docker_storage_driver: 'overlay2', apiserver_port: '-', name: t.name, created_at: t.createdAt, network_driver: 'calico', fixed_network: '-',
        coe: 'kubernetes', flavor_id: t.flavor, master_lb_enabled: false, dns_nameserver: '-', hidden: false, tags: '',
      });
    },
  },
  {
    words: ['coe', 'cluster', 'create'],
    spec: {
      prog: 'coe cluster create',
      usage: CREATE_USAGE,
      opts: {
        '--cluster-template': 'value', '--discovery-url': 'value', '--docker-volume-size': 'value', '--labels': 'multi', '--keypair': 'value',
        '--master-count': 'value', '--node-count': 'value', '--timeout': 'value', '--master-flavor': 'value', '--flavor': 'value',
        '--fixed-network': 'value', '--fixed-subnet': 'value', '--floating-ip-enabled': 'flag', '--floating-ip-disabled': 'flag',
        '--merge-labels': 'flag', '--master-lb-enabled': 'flag', '--master-lb-disabled': 'flag',
      },
      positionals: ['<name>'],
      required: ['--cluster-template'],
      ints: ['--node-count', '--master-count', '--timeout', '--docker-volume-size'],
    },
    mutating: true,
    run: (ctx, args) => clusterCreate(ctx, args),
  },
  {
    words: ['coe', 'cluster', 'list'],
    spec: list('coe cluster list', { '--limit': 'value', '--sort-key': 'value', '--sort-dir': 'value' }),
    mutating: false,
    run(ctx, args) {
      const rows = ctx.state.clusters.map((c) => {
        const r = clusterRow(ctx, c);
        return { uuid: r['uuid'], name: r['name'], keypair: r['keypair'], node_count: r['node_count'], master_count: r['master_count'], status: r['status'], health_status: r['health_status'] };
      });
      for (const c of ctx.state.clusters) observe(c.deleteProgress ?? c.progress);
      return emitList(ctx, this.spec, args, ['uuid', 'name', 'keypair', 'node_count', 'master_count', 'status', 'health_status'], rows);
    },
  },
  {
    words: ['coe', 'cluster', 'show'],
    spec: show('coe cluster show', ['<cluster>']),
    mutating: false,
    run(ctx, args) {
      const c = findCluster(ctx, args.pos[0]!);
      if (!c) return 1;
      const code = emitOne(ctx, this.spec, args, clusterRow(ctx, c));
      observe(c.deleteProgress ?? c.progress);
      return code;
    },
  },
  {
    words: ['coe', 'cluster', 'delete'],
    spec: { prog: 'coe cluster delete', opts: {}, positionals: ['<cluster>'], variadic: true },
    mutating: true,
    run(ctx, args) {
      for (const ident of args.pos) {
        const c = findCluster(ctx, ident);
        if (!c) return 1;
        c.status = 'DELETE_IN_PROGRESS';
        c.deleteProgress = newProgress(ctx.now, [NOMINAL.clusterDelete]);
        ctx.out.push(`Request to delete cluster ${ident} has been accepted.\n`);
      }
      return 0;
    },
  },
  {
    words: ['coe', 'cluster', 'config'],
    spec: { prog: 'coe cluster config', opts: { '--dir': 'value', '--force': 'flag', '--output-certs': 'flag', '--use-certificate': 'flag', '--use-keystone': 'flag' }, positionals: ['<cluster>'] },
    mutating: true,
    run: (ctx, args) => clusterConfig(ctx, args),
  },
  {
    words: ['server', 'list'],
    spec: list('server list', { '--name': 'value', '--status': 'value', '--flavor': 'value', '--image': 'value', '--long': 'flag', '--no-name-lookup': 'flag', '-n': 'flag', '--limit': 'value', '--all-projects': 'flag' }),
    mutating: false,
    run(ctx, args) {
      const name = optString(args, '--name');
      let re: RegExp | undefined;
      try {
        re = name ? new RegExp(name) : undefined;
      } catch {
        re = undefined;
      }
      const servers = [...ctx.state.servers]
        .reverse()
        .filter((s) => !name || (re ? re.test(s.name) : s.name.includes(name)))
        .filter((s) => !optString(args, '--status') || s.status === optString(args, '--status'));
      const lookup = !args.opts.has('--no-name-lookup') && !args.opts.has('-n');
      if (args.opts.has('--long')) {
        // osc 6.0 at compute microversion 2.1: names looked up unless --no-name-lookup (then ""), Host admin-only (""),
        // the power state as Nova's number, Properties the server's metadata.
        const columns = ['ID', 'Name', 'Status', 'Task State', 'Power State', 'Networks', 'Image Name', 'Image ID', 'Flavor Name', 'Flavor ID', 'Availability Zone', 'Host', 'Properties'];
        const rows = servers.map((s) => ({
          ID: s.id, Name: s.name, Status: s.status, 'Task State': s.status === 'BUILD' ? 'spawning' : null, 'Power State': s.status === 'ACTIVE' ? 1 : 0,
          Networks: { CERN_NETWORK: [s.ip] }, 'Image Name': lookup ? s.image : '', 'Image ID': IMAGE.id, 'Flavor Name': lookup ? s.flavor : '', 'Flavor ID': flavorId(s.flavor),
          'Availability Zone': 'cern-geneva-c', Host: '', Properties: s.properties,
        }));
        const powerDisplay = (v: unknown) => (v === 1 ? 'Running' : 'NOSTATE');
        return emitList(ctx, this.spec, args, columns, rows, { Networks: netDisplay, Properties: dictDisplay, 'Power State': powerDisplay });
      }
      const rows = servers.map((s) => ({ ID: s.id, Name: s.name, Status: s.status, Networks: { CERN_NETWORK: [s.ip] }, Image: lookup ? s.image : IMAGE.id, Flavor: lookup ? s.flavor : flavorId(s.flavor) }));
      return emitList(ctx, this.spec, args, ['ID', 'Name', 'Status', 'Networks', 'Image', 'Flavor'], rows, { Networks: netDisplay });
    },
  },
  {
    words: ['server', 'show'],
    spec: show('server show', ['<server>'], { '--diagnostics': 'flag', '--topology': 'flag' }),
    mutating: false,
    run(ctx, args) {
      const s = findServer(ctx, args.pos[0]!);
      if (!s) return 1;
      return emitOne(ctx, this.spec, args, serverRow(ctx, s), { properties: dictDisplay, addresses: netDisplay });
    },
  },
  {
    words: ['server', 'set'],
    spec: { prog: 'server set', opts: { '--property': 'multi', '--name': 'value', '--description': 'value', '--tag': 'multi' }, positionals: ['<server>'] },
    mutating: true,
    run(ctx, args) {
      const s = findServer(ctx, args.pos[0]!);
      if (!s) return 1;
      const props: Record<string, string> = {};
      for (const prop of optList(args, '--property')) {
        const eq = prop.indexOf('=');
        if (eq < 0) {
          ctx.err.push(usageError(this.spec, `argument --property: Expected 'key=value' type, but got: ${prop}`));
          return 2;
        }
        props[prop.slice(0, eq)] = prop.slice(eq + 1);
      }
      // Nova validates the whole POST /servers/<id>/metadata body first: nothing is stored when one entry is refused.
      const refused = novaMetadataError(props);
      if (refused) {
        ctx.err.push(refused);
        return 1;
      }
      Object.assign(s.properties, props);
      const newName = optString(args, '--name');
      if (newName) s.name = newName;
      s.updated = isoZ(ctx.now);
      return 0;
    },
  },
];

/** Global options the real client takes before the command (values ignored by the sim). */
const GLOBAL_VALUE_OPTS = /^--os-[a-z-]+$/;

export interface OsResult {
  exitCode: number;
  mutating: boolean;
}

/** Runs `openstack <argv>` against the state. Writes into ctx.out / ctx.err. */
export function runOpenstack(ctx: OsContext, argv: string[]): OsResult {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (GLOBAL_VALUE_OPTS.test(a.split('=')[0]!)) {
      if (!a.includes('=')) i++;
      continue;
    }
    if (a === '--insecure' || a === '-q' || a === '--quiet' || a === '-v' || a === '--debug') continue;
    rest.push(a);
  }
  if (rest[0] === '--version') {
    ctx.out.push('openstack 6.0.0\n');
    return { exitCode: 0, mutating: false };
  }
  const cmd = COMMANDS.find((c) => c.words.every((w, i) => rest[i] === w));
  if (!cmd) {
    const words = rest.filter((w) => !w.startsWith('-')).slice(0, 3).join(' ');
    ctx.err.push(`openstack: '${words}' is not an openstack command. See 'openstack --help'.\n`);
    return { exitCode: 2, mutating: false };
  }
  const args = parseArgs(cmd.spec, rest.slice(cmd.words.length));
  if (typeof args === 'string') {
    ctx.err.push(args);
    return { exitCode: 2, mutating: cmd.mutating };
  }
  // Every call authenticates afresh (after argparse), so a bad password fails every command.
  if (findFault(ctx.faults, 'auth')) {
    ctx.err.push(apiError('The request you have made requires authentication.', 401, false));
    return { exitCode: 1, mutating: cmd.mutating };
  }
  tickClusters(ctx);
  return { exitCode: cmd.run(ctx, args), mutating: cmd.mutating };
}

export const OPENSTACK_COMMANDS = COMMANDS.map((c) => c.words.join(' '));

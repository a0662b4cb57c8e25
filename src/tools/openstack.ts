// Typed wrapper of the `openstack` CLI: one method per verb; builds argv, runs it through Exec,
// parses `-f json` with src/tools/parse/openstack.ts. A lookup miss is an answer (undefined).

import { ToolError, type Exec, type ExecResult } from './exec/index.js';
import * as parse from './parse/openstack.js';

export type { Token, Keypair, Template, Cluster, ClusterSummary, ServerRow, Server } from './parse/openstack.js';

export interface OpenStackOptions {
  /** @default 'openstack' (the sim's stand-in when its bin folder is first on PATH) */
  binary?: string;
  /** Extra environment for every call (OS_CLOUD …). `SHELL` is always set for `coe cluster config`. */
  env?: Record<string, string | undefined>;
}

export interface CallOptions {
  signal?: AbortSignal;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface ClusterCreateArgs {
  name: string;
  template: string;
  keypair: string;
  nodeCount: number;
  flavor: string;
  masterFlavor: string;
  /** Passed as one `--labels k=v,k=v` with `--merge-labels`. */
  labels: Record<string, string>;
  masterCount?: number;
  /** Minutes. */
  timeout?: number;
}

export interface OpenStackApi {
  tokenIssue(o?: CallOptions): Promise<parse.Token>;
  keypairList(o?: CallOptions): Promise<parse.Keypair[]>;
  /** undefined when no keypair of that name exists. */
  keypairShow(name: string, o?: CallOptions): Promise<parse.Keypair | undefined>;
  keypairCreate(name: string, publicKeyFile: string, o?: CallOptions): Promise<parse.Keypair>;
  templateList(o?: CallOptions): Promise<parse.Template[]>;
  clusterList(o?: CallOptions): Promise<parse.ClusterSummary[]>;
  /** undefined when no cluster of that name/uuid exists. */
  clusterShow(nameOrUuid: string, o?: CallOptions): Promise<parse.Cluster | undefined>;
  /** Returns the new cluster's uuid. */
  clusterCreate(args: ClusterCreateArgs, o?: CallOptions): Promise<string>;
  clusterDelete(nameOrUuid: string, o?: CallOptions): Promise<void>;
  /** Writes `<dir>/config`; returns its path (as the client printed it). */
  clusterConfig(name: string, dir: string, o?: CallOptions): Promise<string>;
  /** `--name` is a server-side regex/substring match. */
  serverList(nameFilter?: string, o?: CallOptions): Promise<parse.ServerRow[]>;
  /** undefined when no such server exists. */
  serverShow(nameOrId: string, o?: CallOptions): Promise<parse.Server | undefined>;
  /** The properties of every server whose name matches `nameRegex` (Nova's server-side regex), in one call. */
  serverProperties(nameRegex: string, o?: CallOptions): Promise<Map<string, Record<string, string>>>;
  serverSetProperty(nameOrId: string, key: string, value: string, o?: CallOptions): Promise<void>;
}

/** The `--labels` value: `k=v,k=v` in the given order. */
export function labelsArg(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
}

/** argv of `coe cluster create` (no -f: the command has none). */
export function clusterCreateArgv(a: ClusterCreateArgs): string[] {
  return [
    'coe', 'cluster', 'create', a.name,
    '--keypair', a.keypair,
    '--cluster-template', a.template,
    '--node-count', String(a.nodeCount),
    ...(a.masterCount !== undefined ? ['--master-count', String(a.masterCount)] : []),
    '--flavor', a.flavor,
    '--master-flavor', a.masterFlavor,
    ...(a.timeout !== undefined ? ['--timeout', String(a.timeout)] : []),
    '--merge-labels',
    '--labels', labelsArg(a.labels),
  ];
}

export function createOpenStack(exec: Exec, options: OpenStackOptions = {}): OpenStackApi {
  const bin = options.binary ?? 'openstack';
  const run = (args: string[], o: CallOptions & { mutating?: boolean; allowFailure?: boolean; env?: Record<string, string | undefined> } = {}): Promise<ExecResult> =>
    exec.run(bin, args, { signal: o.signal, onLine: o.onLine, mutating: o.mutating ?? false, allowFailure: o.allowFailure, env: { ...options.env, ...o.env } });
  /** Runs a lookup: a not-found answer gives undefined, any other failure throws. */
  const lookup = async <T>(args: string[], parser: (s: string) => T, o?: CallOptions): Promise<T | undefined> => {
    const r = await run(args, { ...o, allowFailure: true });
    if (!r.failed) return parser(r.stdout);
    if (r.exitCode === 1 && parse.isNotFound(r.stderr)) return undefined;
    throw new ToolError(r);
  };
  return {
    async tokenIssue(o) {
      return parse.parseToken((await run(['token', 'issue', '-f', 'json'], o)).stdout);
    },
    async keypairList(o) {
      return parse.parseKeypairList((await run(['keypair', 'list', '-f', 'json'], o)).stdout);
    },
    keypairShow: (name, o) => lookup(['keypair', 'show', name, '-f', 'json'], parse.parseKeypair, o),
    async keypairCreate(name, publicKeyFile, o) {
      return parse.parseKeypair((await run(['keypair', 'create', '--public-key', publicKeyFile, name, '-f', 'json'], { ...o, mutating: true })).stdout);
    },
    async templateList(o) {
      return parse.parseTemplateList((await run(['coe', 'cluster', 'template', 'list', '-f', 'json'], o)).stdout);
    },
    async clusterList(o) {
      return parse.parseClusterList((await run(['coe', 'cluster', 'list', '-f', 'json'], o)).stdout);
    },
    clusterShow: (ident, o) => lookup(['coe', 'cluster', 'show', ident, '-f', 'json'], parse.parseCluster, o),
    async clusterCreate(args, o) {
      const r = await run(clusterCreateArgv(args), { ...o, mutating: true });
      const uuid = parse.parseClusterCreate(r.stdout);
      if (!uuid && !r.dryRun) throw new Error(`${r.command}: expected "Request to create cluster <uuid> accepted", got ${JSON.stringify(r.stdout.slice(0, 200))}`);
      return uuid ?? '';
    },
    async clusterDelete(ident, o) {
      await run(['coe', 'cluster', 'delete', ident], { ...o, mutating: true });
    },
    async clusterConfig(name, dir, o) {
      // The client reads $SHELL (export vs setenv) and dies with KeyError 'SHELL' without it.
      const r = await run(['coe', 'cluster', 'config', name, '--dir', dir, '--force'], { ...o, mutating: true, env: { SHELL: process.env['SHELL'] || '/bin/sh' } });
      return parse.parseClusterConfig(r.stdout) ?? `${dir.replace(/\/$/, '')}/config`;
    },
    async serverList(nameFilter, o) {
      return parse.parseServerList((await run(['server', 'list', ...(nameFilter ? ['--name', nameFilter] : []), '-f', 'json'], o)).stdout);
    },
    serverShow: (ident, o) => lookup(['server', 'show', ident, '-f', 'json'], parse.parseServer, o),
    async serverProperties(nameRegex, o) {
      // --long brings the Properties column; --no-name-lookup spares the image and flavor listings it would make.
      const argv = ['server', 'list', '--long', '--no-name-lookup', '--name', nameRegex, '-f', 'json', '-c', 'Name', '-c', 'Properties'];
      return parse.parseServerProperties((await run(argv, o)).stdout);
    },
    async serverSetProperty(ident, key, value, o) {
      await run(['server', 'set', '--property', `${key}=${value}`, ident], { ...o, mutating: true });
    },
  };
}

/** The same wrapper as a class: `new OpenStack(exec, options)`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class OpenStack {
  constructor(exec: Exec, options: OpenStackOptions = {}) {
    Object.assign(this, createOpenStack(exec, options));
  }
}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface OpenStack extends OpenStackApi {}

// The openstack and kubectl calls of the cluster steps, over the typed wrappers in ctx.data (src/tools/):
// every call gets the step's signal, and an OpenStack credentials failure becomes one error with the fix.

import { ActionableError } from '../src/engine/errors.js';
import { ToolError, stderrTail } from '../src/tools/exec/index.js';
import { isAuthFailure as isAuthText } from '../src/tools/parse/openstack.js';
import { kubeTargetArgs, type NodeInfo, type WorkloadInfo, type ConfigMapInfo } from '../src/tools/kubectl.js';
import type { Cluster, ClusterCreateArgs, Keypair, Template } from '../src/tools/openstack.js';
import type { StepContext } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';

export type { Cluster, ClusterCreateArgs, Keypair, Template, NodeInfo, WorkloadInfo, ConfigMapInfo };

/** Is this a credentials failure (HTTP 401 from Keystone, or no credentials at all)? */
export function isAuthFailure(error: unknown): boolean {
  return error instanceof ToolError && isAuthText(error.stderr);
}

export const OPENSTACK_AUTH_FIX = [
  'Load your OpenStack credentials in this shell, then run again:',
  '  source ~/.openrc            (or: export OS_CLOUD=<cloud in clouds.yaml>)',
  '  eval $(ai-rc "<PROJECT NAME>")   (at CERN, to choose the project)',
  'Check with: openstack token issue',
];

/** Wraps an openstack failure once, adding what the step was doing and, for credentials, the fix. */
function openstackError(error: unknown, doing: string): Error {
  if (isAuthFailure(error)) {
    return new ActionableError(`OpenStack refused the credentials while ${doing}: ${stderrTail((error as ToolError).stderr, 1)}`, { cause: error, nextSteps: OPENSTACK_AUTH_FIX });
  }
  return error instanceof Error ? error : new Error(String(error));
}

async function os<T>(doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw openstackError(error, doing);
  }
}

const runReads = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * What this run already read from the cloud, keyed by the run's data: one `coe cluster show` serves every check
 * that asks about the cluster (keypair, template, cluster, cluster-ready), one `kubectl get nodes` every step that
 * reads the nodes. At CERN each openstack call costs 1-3 s (a Python start and a Keystone login). A poll reads
 * afresh and leaves its answer for the next reader; a change (create, delete, label) forgets what it changed.
 */
function runMemo(data: object): Map<string, Promise<unknown>> {
  let memo = runReads.get(data);
  if (!memo) runReads.set(data, (memo = new Map()));
  return memo;
}

function remember<T>(data: object, key: string, read: () => Promise<T>, fresh: boolean): Promise<T> {
  const memo = runMemo(data);
  if (!fresh && memo.has(key)) return memo.get(key) as Promise<T>;
  const p = read();
  memo.set(key, p);
  // A failed read is not an answer to keep: the next reader (a retry) asks again.
  p.catch(() => {
    if (memo.get(key) === p) memo.delete(key);
  });
  return p;
}

/** Is the cluster made (or being made), so that what only its creation needs (keypair, template) no longer matters? */
export function clusterStands(c: Cluster | undefined): c is Cluster {
  return c !== undefined && !/^(CREATE_FAILED|DELETE_)/.test(c.status);
}

export function cloud(ctx: StepContext<RunData>) {
  const { openstack, kubectl } = ctx.data;
  const o = { signal: ctx.signal };
  const data = ctx.data;
  return {
    /** `--kubeconfig K --context C`, for the commands printed as fixes. */
    kubeArgs: (): string[] => kubeTargetArgs(kubectl.target),
    keypairShow: (name: string): Promise<Keypair | undefined> => os(`looking up keypair ${name}`, () => openstack.keypairShow(name, o)),
    keypairCreate: (name: string, file: string): Promise<Keypair> => os(`creating keypair ${name}`, () => openstack.keypairCreate(name, file, o)),
    templateList: (): Promise<Template[]> => os('listing cluster templates', () => openstack.templateList(o)),
    /** The cluster as this run last read it (one `coe cluster show` for all the checks of a run). */
    clusterLookup: (name: string): Promise<Cluster | undefined> => remember(data, `cluster:${name}`, () => os(`looking up cluster ${name}`, () => openstack.clusterShow(name, o)), false),
    /** The cluster now (a poll, a verify); later lookups of the run get this answer. */
    clusterShow: (name: string): Promise<Cluster | undefined> => remember(data, `cluster:${name}`, () => os(`looking up cluster ${name}`, () => openstack.clusterShow(name, o)), true),
    clusterCreate: (args: ClusterCreateArgs): Promise<string> => {
      runMemo(data).delete(`cluster:${args.name}`);
      return os(`creating cluster ${args.name}`, () => openstack.clusterCreate(args, o));
    },
    clusterDelete: (name: string): Promise<void> => {
      runMemo(data).delete(`cluster:${name}`);
      return os(`deleting cluster ${name}`, () => openstack.clusterDelete(name, o));
    },
    /** The wrapper passes SHELL: the client needs it to print its export line and fails without it. */
    clusterConfig: (name: string, dir: string): Promise<string> => os(`fetching the credentials of cluster ${name}`, () => openstack.clusterConfig(name, dir, o)),
    async serverProperties(name: string): Promise<Record<string, string> | undefined> {
      return (await os(`reading server ${name}`, () => openstack.serverShow(name, o)))?.properties;
    },
    /** Every server whose name matches `nameRegex` (Nova's server-side filter) with its properties, in one call. */
    serversProperties: (nameRegex: string): Promise<Map<string, Record<string, string>>> => os(`reading the servers' properties`, () => openstack.serverProperties(nameRegex, o)),
    serverSetProperty: (name: string, key: string, value: string): Promise<void> => os(`setting ${key} on server ${name}`, () => openstack.serverSetProperty(name, key, value, o)),
    /** The nodes as this run last read them; `fresh` reads again (a poll). */
    getNodes: (fresh = false, quiet = false): Promise<NodeInfo[]> => remember(data, 'nodes', () => kubectl.getNodes({ ...o, quiet }), fresh),
    labelNode: (node: string, key: string, value: string): Promise<void> => {
      runMemo(data).delete('nodes');
      return kubectl.label('node', node, { [key]: value }, o);
    },
    getConfigMap: (namespace: string, name: string): Promise<ConfigMapInfo | undefined> => kubectl.getConfigMap(namespace, name, o),
    patchConfigMap: (namespace: string, name: string, data: Record<string, string>): Promise<void> => kubectl.patchConfigMap(namespace, name, data, o),
    async getControllers(namespace: string, selector: string): Promise<WorkloadInfo[]> {
      const [daemonsets, deployments] = await Promise.all([kubectl.getWorkloads('daemonset', namespace, selector, o), kubectl.getWorkloads('deployment', namespace, selector, o)]);
      return [...daemonsets, ...deployments];
    },
    kubeVersion: () => kubectl.version(o),
  };
}

export type Cloud = ReturnType<typeof cloud>;

const seen = new WeakMap<object, Map<string, unknown>>();

/**
 * What check read, handed to apply of the same attempt (the runner gives both one ctx), so that apply does
 * not ask the cloud the same questions again; verify always reads afresh.
 */
export function readOnce<T>(ctx: StepContext<RunData>, key: string, read: () => Promise<T>, fresh = false): Promise<T> {
  let cache = seen.get(ctx);
  if (!cache) seen.set(ctx, (cache = new Map()));
  if (fresh || !cache.has(key)) cache.set(key, read());
  return cache.get(key) as Promise<T>;
}

/** Waits `ms`, or less when the run is interrupted. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

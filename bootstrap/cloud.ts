// The openstack and kubectl calls the cluster steps make, as one narrow interface over ctx.data.exec.
// An adapter while the typed wrappers in src/tools/ are being written; every call passes the step's signal,
// marks mutating commands, and gives kubectl the workspace kubeconfig explicitly.

import { ActionableError } from '../src/engine/errors.js';
import { ToolError, stderrTail } from '../src/tools/exec/index.js';
import type { StepContext } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';

export interface KeypairInfo {
  name: string;
  fingerprint: string;
}

export interface TemplateInfo {
  uuid: string;
  name: string;
}

/** `coe cluster show -f json`: the fields the steps read. */
export interface ClusterInfo {
  uuid: string;
  name: string;
  status: string;
  status_reason: string | null;
  node_count: number;
  master_count: number;
  labels: Record<string, string>;
  api_address: string | null;
  cluster_template_id: string;
  faults?: Record<string, string> | null;
}

export interface ServerRow {
  ID: string;
  Name: string;
  Status: string;
}

export interface KubeNode {
  metadata: { name: string; labels?: Record<string, string> };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[]; nodeInfo?: { kubeletVersion?: string } };
}

export interface KubeWorkload {
  kind?: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: { template?: { spec?: { containers?: { name: string; image?: string; args?: string[] }[] } } };
}

/** Is this a "not found" answer of the openstack CLI (exit 1 with a 404 or a lookup miss)? Magnum cuts names at a dot, so match the phrase, not the name. */
export function isNotFound(error: unknown): boolean {
  if (!(error instanceof ToolError) || error.exitCode !== 1) return false;
  return /could not be found|\(HTTP 404\)|^No \w+ found for|No server with a name or ID/m.test(error.stderr);
}

/** Is this a credentials failure (HTTP 401/403 from Keystone)? */
export function isAuthFailure(error: unknown): boolean {
  return error instanceof ToolError && /\(HTTP 40[13]\)|requires authentication|Missing value auth-url|auth-url required/i.test(error.stderr);
}

export const OPENSTACK_AUTH_FIX = [
  'Load your OpenStack credentials in this shell, then run again:',
  '  source ~/.openrc            (or: export OS_CLOUD=<cloud in clouds.yaml>)',
  '  eval $(ai-rc "<PROJECT NAME>")   (at CERN, to choose the project)',
  'Check with: openstack token issue',
];

function parseJson<T>(text: string, command: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ActionableError(`${command} did not print JSON: ${(error as Error).message}`, { cause: error, hint: 'Check the openstack/kubectl client version; panda-k8s parses only -f json / -o json output.' });
  }
}

/** Wraps an openstack failure once, adding what the step was doing and, for auth failures, the fix. */
function openstackError(error: unknown, doing: string): Error {
  if (isAuthFailure(error)) {
    return new ActionableError(`OpenStack refused the credentials while ${doing}: ${stderrTail((error as ToolError).stderr, 2)}`, { cause: error, nextSteps: OPENSTACK_AUTH_FIX });
  }
  return error instanceof Error ? error : new Error(String(error));
}

export function cloud(ctx: StepContext<RunData>) {
  const { exec } = ctx.data;
  const signal = ctx.signal;
  const openstack = async (args: string[], opts: { mutating?: boolean; doing: string; env?: Record<string, string | undefined> }) => {
    try {
      return await exec.run('openstack', args, { signal, mutating: opts.mutating ?? false, env: opts.env });
    } catch (error) {
      throw openstackError(error, opts.doing);
    }
  };
  const kubeArgs = (): string[] => {
    const out: string[] = [];
    if (ctx.data.kubeconfig) out.push('--kubeconfig', ctx.data.kubeconfig);
    if (ctx.data.kubeContext) out.push('--context', ctx.data.kubeContext);
    return out;
  };
  const kubectl = (args: string[], opts: { mutating?: boolean; allowFailure?: boolean; input?: string } = {}) =>
    exec.run('kubectl', [...kubeArgs(), ...args], { signal, mutating: opts.mutating ?? false, allowFailure: opts.allowFailure, input: opts.input });

  return {
    kubeArgs,
    async tokenIssue(): Promise<{ expires: string; project_id: string; user_id: string }> {
      const r = await openstack(['token', 'issue', '-f', 'json'], { doing: 'checking the credentials (openstack token issue)' });
      return parseJson(r.stdout, r.command);
    },
    async keypairShow(name: string): Promise<KeypairInfo | undefined> {
      try {
        const r = await exec.run('openstack', ['keypair', 'show', name, '-f', 'json'], { signal });
        return parseJson<KeypairInfo>(r.stdout, r.command);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw openstackError(error, `looking up keypair ${name}`);
      }
    },
    async keypairCreate(name: string, publicKeyFile: string): Promise<KeypairInfo> {
      const r = await openstack(['keypair', 'create', '--public-key', publicKeyFile, name, '-f', 'json'], { mutating: true, doing: `creating keypair ${name}` });
      return parseJson(r.stdout, r.command);
    },
    async templateList(): Promise<TemplateInfo[]> {
      const r = await openstack(['coe', 'cluster', 'template', 'list', '-f', 'json'], { doing: 'listing cluster templates' });
      return parseJson(r.stdout, r.command);
    },
    async clusterShow(name: string): Promise<ClusterInfo | undefined> {
      try {
        const r = await exec.run('openstack', ['coe', 'cluster', 'show', name, '-f', 'json'], { signal });
        return parseJson<ClusterInfo>(r.stdout, r.command);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw openstackError(error, `looking up cluster ${name}`);
      }
    },
    /** `coe cluster create` has no -f: its stdout is `Request to create cluster <uuid> accepted`. */
    async clusterCreate(args: string[]): Promise<string | undefined> {
      const r = await openstack(['coe', 'cluster', 'create', ...args], { mutating: true, doing: 'creating the cluster' });
      return /Request to create cluster (\S+)/.exec(r.stdout)?.[1];
    },
    async clusterDelete(name: string): Promise<void> {
      await openstack(['coe', 'cluster', 'delete', name], { mutating: true, doing: `deleting cluster ${name}` });
    },
    /** The client reads $SHELL to choose export/setenv and fails without it, so it is always passed. */
    async clusterConfig(name: string, dir: string): Promise<void> {
      await openstack(['coe', 'cluster', 'config', name, '--dir', dir, '--force'], {
        mutating: true, doing: `fetching the credentials of cluster ${name}`, env: { SHELL: process.env.SHELL || '/bin/sh' },
      });
    },
    async serverList(nameFilter: string): Promise<ServerRow[]> {
      const r = await openstack(['server', 'list', '--name', nameFilter, '-f', 'json'], { doing: 'listing the cluster servers' });
      return parseJson(r.stdout, r.command);
    },
    async serverProperties(name: string): Promise<Record<string, string>> {
      const r = await openstack(['server', 'show', name, '-f', 'json', '-c', 'properties'], { doing: `reading the properties of server ${name}` });
      const shown = parseJson<{ properties?: Record<string, string> | string }>(r.stdout, r.command);
      return typeof shown.properties === 'object' && shown.properties ? shown.properties : {};
    },
    async serverSetProperty(name: string, key: string, value: string): Promise<void> {
      await openstack(['server', 'set', '--property', `${key}=${value}`, name], { mutating: true, doing: `setting ${key} on server ${name}` });
    },
    async getNodes(): Promise<KubeNode[]> {
      const r = await kubectl(['get', 'nodes', '-o', 'json']);
      return parseJson<{ items: KubeNode[] }>(r.stdout, r.command).items;
    },
    async labelNode(node: string, label: string): Promise<void> {
      await kubectl(['label', 'node', node, label, '--overwrite'], { mutating: true });
    },
    async getConfigMap(namespace: string, name: string): Promise<{ data?: Record<string, string> } | undefined> {
      const r = await kubectl(['-n', namespace, 'get', 'configmap', name, '-o', 'json'], { allowFailure: true });
      if (r.failed) {
        if (/NotFound|not found/.test(r.stderr)) return undefined;
        throw new ToolError(r);
      }
      return parseJson(r.stdout, r.command);
    },
    async patchConfigMap(namespace: string, name: string, data: Record<string, string>): Promise<void> {
      await kubectl(['-n', namespace, 'patch', 'configmap', name, '--type', 'merge', '-p', JSON.stringify({ data })], { mutating: true });
    },
    async getControllers(namespace: string, selector: string): Promise<KubeWorkload[]> {
      const items: KubeWorkload[] = [];
      for (const kind of ['daemonset', 'deployment']) {
        const r = await kubectl(['-n', namespace, 'get', kind, '-l', selector, '-o', 'json']);
        items.push(...parseJson<{ items: KubeWorkload[] }>(r.stdout, r.command).items.map((i) => ({ ...i, kind: i.kind ?? kind })));
      }
      return items;
    },
    async kubeVersion(): Promise<{ serverVersion?: { gitVersion?: string } }> {
      const r = await kubectl(['version', '-o', 'json']);
      return parseJson(r.stdout, r.command);
    },
  };
}

export type Cloud = ReturnType<typeof cloud>;

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

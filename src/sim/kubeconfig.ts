// Which sim cluster a kubectl/helm call talks to: --kubeconfig / KUBECONFIG / ~/.kube/config,
// --context or current-context, then the API server address matched against the sim's clusters.

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import YAML from 'yaml';
import { kubeByServer } from './kube.js';
import { findFault, readFaults } from './faults.js';
import type { Cluster, Kube, SimState } from './types.js';

export type KubeTargetError =
  | { kind: 'stat'; path: string }
  | { kind: 'noconfig' }
  | { kind: 'context'; context: string }
  | { kind: 'unreachable'; server: string };

export interface KubeTarget {
  cluster: Cluster;
  kube: Kube;
  server: string;
}

interface KubeconfigFile {
  'current-context'?: string;
  contexts?: { name: string; context?: { cluster?: string } }[];
  clusters?: { name: string; cluster?: { server?: string } }[];
}

export function resolveTarget(state: SimState, flags: { kubeconfig?: string; context?: string }, env: NodeJS.ProcessEnv, cwd: string): KubeTarget | KubeTargetError {
  let path: string | undefined;
  if (flags.kubeconfig) {
    path = resolve(cwd, flags.kubeconfig);
    if (!existsSync(path)) return { kind: 'stat', path: flags.kubeconfig };
  } else {
    const candidates = env['KUBECONFIG'] ? env['KUBECONFIG'].split(':').filter(Boolean) : [`${env['HOME'] ?? homedir()}/.kube/config`];
    path = candidates.map((p) => resolve(cwd, p)).find((p) => existsSync(p));
    if (!path) return { kind: 'noconfig' };
  }
  let config: KubeconfigFile;
  try {
    config = (YAML.parse(readFileSync(path, 'utf8')) ?? {}) as KubeconfigFile;
  } catch {
    return { kind: 'noconfig' };
  }
  const contextName = flags.context ?? config['current-context'];
  if (!contextName) return { kind: 'noconfig' };
  const context = config.contexts?.find((c) => c.name === contextName);
  if (!context) return { kind: 'context', context: contextName };
  const server = config.clusters?.find((c) => c.name === context.context?.cluster)?.cluster?.server ?? 'None';
  const found = kubeByServer(state, server);
  // The api-unreachable fault: the API exists but this machine cannot reach it (outside the CERN network).
  const simDir = env['PANDA_K8S_SIM_DIR'];
  if (!found || (simDir && findFault(readFaults(simDir), 'api-unreachable'))) return { kind: 'unreachable', server };
  return { ...found, server };
}

function hostPort(server: string): string {
  const m = /^https?:\/\/([^/]+)/.exec(server);
  return m ? (m[1]!.includes(':') ? m[1]! : `${m[1]}:443`) : `${server}:443`;
}

export function kubectlTargetError(e: KubeTargetError): string {
  switch (e.kind) {
    case 'stat':
      return `error: stat ${e.path}: no such file or directory\n`;
    case 'noconfig':
      return 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\n';
    case 'context':
      return `error: context "${e.context}" does not exist\n`;
    case 'unreachable':
      return e.server === 'None'
        ? 'Unable to connect to the server: dial tcp: lookup None: no such host\n'
        : `Unable to connect to the server: dial tcp ${hostPort(e.server)}: i/o timeout\n`;
  }
}

export function helmTargetError(e: KubeTargetError): string {
  switch (e.kind) {
    case 'stat':
      return `Error: Kubernetes cluster unreachable: stat ${e.path}: no such file or directory\n`;
    case 'noconfig':
      return 'Error: Kubernetes cluster unreachable: Get "http://localhost:8080/version": dial tcp 127.0.0.1:8080: connect: connection refused\n';
    case 'context':
      return `Error: Kubernetes cluster unreachable: context "${e.context}" does not exist\n`;
    case 'unreachable':
      return `Error: Kubernetes cluster unreachable: Get "${e.server}/version": dial tcp ${hostPort(e.server)}: i/o timeout\n`;
  }
}

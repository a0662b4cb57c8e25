// Resolved bootstrap settings: the answers (profile defaults already under them) turned into the values the
// steps use, with a UsageError naming the answers key when something needed is missing or wrong.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COMPONENT_NAMES, type ComponentName } from '../src/deploy/components.js';
import { UsageError } from '../src/engine/errors.js';
import type { RunData } from '../src/app/run-data.js';
import { aliasHostNames, clusterNameProblems } from './profile.js';

/** `45m` → ms. */
export function durationMs(text: string): number {
  const m = /^(\d+)([smh])$/.exec(text);
  if (!m) throw new UsageError(`"${text}" is not a duration like 45m`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
}

/** `~/x` and workspace-relative paths → absolute. */
export function resolvePath(data: Pick<RunData, 'workspace'>, p: string): string {
  if (p === '~' || p.startsWith('~/')) return path.join(os.homedir(), p.slice(1));
  return path.resolve(data.workspace, p);
}

export interface ClusterSettings {
  name: string;
  nodeCount: number;
  flavor: string;
  masterFlavor: string;
  keypair: string;
  publicKeyFile: string | undefined;
  template: string | undefined;
  createTimeoutMs: number;
  nodesTimeoutMs: number;
  labels: Record<string, string>;
}

export function clusterSettings(data: RunData): ClusterSettings {
  const c = data.answers.cluster ?? {};
  const need = <T>(value: T | undefined, key: string): T => {
    if (value === undefined) throw new UsageError(`cluster.${key}: missing; set it in the answers file (the ${data.answers.profile ?? 'site'} profile has no default)`);
    return value;
  };
  const name = need(c.name, 'name');
  const nodeCount = need(c.nodeCount, 'nodeCount');
  // Magnum's rule, and what Nova and DNS would refuse after the cluster is built (the landb-alias value, labels).
  const problems = clusterNameProblems(data.site, name, nodeCount);
  if (problems.length > 0) throw new UsageError(problems.join('\n'), 'Choose a shorter cluster.name in the answers file (the cluster is created with it and cannot be renamed).');
  return {
    name,
    nodeCount,
    flavor: need(c.flavor, 'flavor'),
    masterFlavor: need(c.masterFlavor, 'masterFlavor'),
    keypair: need(c.keypair, 'keypair'),
    publicKeyFile: c.publicKeyFile ? resolvePath(data, c.publicKeyFile) : data.standIns?.publicKeyFile,
    template: c.template,
    createTimeoutMs: durationMs(c.createTimeout ?? '60m'),
    nodesTimeoutMs: durationMs(c.nodesTimeout ?? '15m'),
    labels: data.site.labels,
  };
}

/** The components the run deploys: `deploy.enable` (default all), minus whole components in `deploy.disable`. */
export function enabledComponents(data: RunData): ComponentName[] {
  const d = data.answers.deploy ?? {};
  const enable = (d.enable?.length ? d.enable : COMPONENT_NAMES) as readonly string[];
  const disabled = new Set((d.disable ?? []).filter((x) => !x.includes('.')));
  return COMPONENT_NAMES.filter((c) => enable.includes(c) && !disabled.has(c));
}

export function affixOf(data: RunData): string {
  return data.answers.deploy?.affix ?? 'test-';
}

/** The names host certificates must cover: the answers' list, else the profile's alias names (none for a profile without aliases). */
export function certificateHosts(data: Pick<RunData, 'answers' | 'site'>): string[] {
  if (data.answers.certificates?.hosts) return data.answers.certificates.hosts;
  const name = data.answers.cluster?.name;
  return name ? aliasHostNames(data.site, name) : [];
}

export function kubeDir(workspace: string): string {
  return path.join(workspace, '.panda-k8s', 'kube');
}

export function defaultValuesFile(workspace: string): string {
  return path.join(workspace, '.panda-k8s', 'secrets.values.yaml');
}

export function valuesFile(data: RunData): string {
  const f = data.answers.secrets?.valuesFile;
  return f ? resolvePath(data, f) : defaultValuesFile(data.workspace);
}

/** Nova's legacy keypair fingerprint: MD5 of the key blob, colon-separated hex. */
export function sshFingerprint(publicKeyLine: string): string | undefined {
  const blob = publicKeyLine.trim().split(/\s+/)[1];
  if (!blob) return undefined;
  return createHash('md5').update(Buffer.from(blob, 'base64')).digest('hex').match(/../g)!.join(':');
}

export function readPublicKey(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
    throw new UsageError(`cluster.publicKeyFile: ${file} ${why}`, `Point cluster.publicKeyFile at your SSH public key (e.g. ~/.ssh/id_ed25519.pub), or create one with: ssh-keygen -t ed25519`);
  }
  if (!/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-\S+) [A-Za-z0-9+/=]+/.test(text.trim())) {
    throw new UsageError(`cluster.publicKeyFile: ${file} is not an OpenSSH public key (expected a line like "ssh-ed25519 AAAA… comment")`, 'Give the .pub file, not the private key.');
  }
  return text;
}

/** Worker nodes (`…-node-<i>`), ordered by i; masters are `…-master-<i>`. */
export function workerNodes<T extends { name: string }>(nodes: readonly T[]): { node: T; index: number }[] {
  return nodes
    .map((node) => ({ node, m: /-node-(\d+)$/.exec(node.name) }))
    .filter((x) => x.m !== null)
    .map((x) => ({ node: x.node, index: Number(x.m![1]) }))
    .sort((a, b) => a.index - b.index);
}

/** `75000` → `1m15s`. */
export function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

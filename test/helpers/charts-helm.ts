// Runs the real bundled helm binaries for the chart tests (a few at a time, so a 2-core machine
// stays responsive), parses rendered manifests and validates them against the Kubernetes schemas.

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { generateKeystore } from '../../src/deploy/iam-keystore.js';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { ConfigMap, PersistentVolumeClaim, Pod, Secret, Service } from 'kubernetes-models/v1';
import { helmBinaries, type BundledHelm } from '../../src/tools/bundled-tools.js';
import { REPO } from './charts-schema.js';

export { REPO };
export const CHARTS = join(REPO, 'charts');
export const SECRETS = join(REPO, 'secrets');

/**
 * A values file with what the installer generates for the secrets chart beside its passwords (IAM's
 * JWK set), for tests that render the chart as the installer would: without it the chart refuses.
 */
export const SECRETS_GENERATED = ((): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'pk-secrets-generated-')), 'generated.yaml');
  writeFileSync(file, stringify({ iam: { keystore: generateKeystore() } }), { mode: 0o600 });
  return file;
})();

/** Both helm majors; fails loudly when `node scripts/tools.mjs` has not run. */
export function helms(): BundledHelm[] {
  const list = helmBinaries();
  for (const h of list) {
    if (!existsSync(h.path)) throw new Error(`${h.path} is missing: run \`node scripts/tools.mjs\` first`);
  }
  return list;
}

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

const LIMIT = 4;
let running = 0;
const waiting: Array<() => void> = [];

async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= LIMIT) await new Promise<void>((ok) => waiting.push(ok));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs helm with an argument array; never throws on a non-zero exit (the result carries it). */
export function helm(h: BundledHelm, args: string[]): Promise<HelmResult> {
  return slot(
    () =>
      new Promise((ok) => {
        execFile(h.path, args, { cwd: REPO, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HELM_CACHE_HOME: '/tmp/pk8s-helm-cache', HELM_CONFIG_HOME: '/tmp/pk8s-helm-config', HELM_DATA_HOME: '/tmp/pk8s-helm-data' } }, (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          ok({ code, stdout, stderr });
        });
      }),
  );
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

/** `helm template`, parsed; throws with helm's stderr when the render fails. */
export async function render(h: BundledHelm, args: string[]): Promise<K8sObject[]> {
  const r = await helm(h, ['template', ...args]);
  if (r.code !== 0) throw new Error(`helm ${h.major} template ${args.join(' ')} failed (exit ${r.code}):\n${r.stderr}`);
  return parseManifests(r.stdout);
}

export function parseManifests(text: string): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0]!.message}`);
    const obj = doc.toJS() as K8sObject | null;
    if (obj) out.push(obj);
  }
  return out;
}

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Pod': Pod,
  'apps/v1/StatefulSet': StatefulSet,
  'apps/v1/Deployment': Deployment,
  'networking.k8s.io/v1/Ingress': Ingress,
};

/** Validates one object against the Kubernetes API schema; returns the problem, or undefined. */
export function schemaProblem(obj: K8sObject): string | undefined {
  const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!Model) return `${obj.apiVersion}/${obj.kind} ${obj.metadata?.name}: no schema model (an unexpected kind)`;
  try {
    new Model(obj as never).validate();
    return undefined;
  } catch (err) {
    return `${obj.kind} ${obj.metadata?.name}: ${(err as Error).message}`;
  }
}

export type Workload = K8sObject & { spec: { template: { spec: PodSpec }; serviceName?: string; volumeClaimTemplates?: Array<{ metadata: { name: string } }> } };

export interface Container {
  name: string;
  image: string;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key?: string; optional?: boolean }; configMapKeyRef?: { name: string } } }>;
  command?: string[];
  args?: string[];
  imagePullPolicy?: string;
  envFrom?: Array<{ secretRef?: { name: string }; configMapRef?: { name: string } }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  startupProbe?: unknown;
  securityContext?: Record<string, unknown>;
  volumeMounts?: Array<{ name: string }>;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: Record<string, unknown>;
  volumes?: Array<{
    name: string;
    secret?: { secretName: string; optional?: boolean };
    configMap?: { name: string };
    persistentVolumeClaim?: { claimName: string };
    projected?: { sources: Array<{ secret?: { name: string }; configMap?: { name: string } }> };
  }>;
}

export function workloads(objs: K8sObject[]): Workload[] {
  return objs.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet') as Workload[];
}

/** A bare Pod (the charts render them only as helm test hooks). */
export type TestPod = K8sObject & { spec: PodSpec & { restartPolicy?: string; automountServiceAccountToken?: boolean } };

/** The helm test Pods of a render: Pods annotated helm.sh/hook: test. */
export function testPods(objs: K8sObject[]): TestPod[] {
  return objs.filter((o) => o.kind === 'Pod' && (o.metadata.annotations?.['helm.sh/hook'] ?? '').split(',').includes('test')) as TestPod[];
}

/** What runs pods: the workloads' pod templates and the test Pods' own specs, by a name for messages. */
export function podSpecs(objs: K8sObject[]): Array<{ from: string; spec: PodSpec }> {
  return [
    ...workloads(objs).map((w) => ({ from: `${w.kind} ${w.metadata.name}`, spec: w.spec.template.spec })),
    ...testPods(objs).map((p) => ({ from: `Pod ${p.metadata.name}`, spec: p.spec })),
  ];
}

/** Runs fn over items with the helm concurrency already bounded by `helm()`. */
export function all<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  return Promise.all(items.map(fn));
}

/** Sub-components of a chart as its values.yaml declares them (top-level keys with `enabled`). */
export { COMPONENTS } from '../../src/deploy/components.js';

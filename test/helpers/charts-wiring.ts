// Cross-chart wiring checks: what a workload references (Secrets, ConfigMaps, claims) and every
// host:port the rendered configuration points at, against what the releases of one affix render.

import type { K8sObject } from './charts-helm.js';
import { podSpecs } from './charts-helm.js';

export interface Reference {
  kind: 'Secret' | 'ConfigMap' | 'PersistentVolumeClaim';
  name: string;
  optional: boolean;
  from: string;
}

/**
 * What the pods of `objs` reference. The service pods (workloads) by default; with testPods, the helm test
 * Pods too (the wiring must hold for them; what restarts on a change concerns the workloads alone).
 */
export function references(objs: K8sObject[], options: { testPods?: boolean } = {}): Reference[] {
  const out: Reference[] = [];
  for (const { from, spec: pod } of podSpecs(objs).filter((p) => options.testPods || !p.from.startsWith('Pod '))) {
    for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
      for (const e of c.envFrom ?? []) {
        if (e.secretRef) out.push({ kind: 'Secret', name: e.secretRef.name, optional: false, from });
        if (e.configMapRef) out.push({ kind: 'ConfigMap', name: e.configMapRef.name, optional: false, from });
      }
      for (const e of c.env ?? []) {
        if (e.valueFrom?.secretKeyRef) out.push({ kind: 'Secret', name: e.valueFrom.secretKeyRef.name, optional: e.valueFrom.secretKeyRef.optional === true, from });
        if (e.valueFrom?.configMapKeyRef) out.push({ kind: 'ConfigMap', name: e.valueFrom.configMapKeyRef.name, optional: false, from });
      }
    }
    for (const v of pod.volumes ?? []) {
      if (v.secret) out.push({ kind: 'Secret', name: v.secret.secretName, optional: v.secret.optional === true, from });
      if (v.configMap) out.push({ kind: 'ConfigMap', name: v.configMap.name, optional: false, from });
      if (v.persistentVolumeClaim) out.push({ kind: 'PersistentVolumeClaim', name: v.persistentVolumeClaim.claimName, optional: false, from });
      for (const s of v.projected?.sources ?? []) {
        if (s.secret) out.push({ kind: 'Secret', name: s.secret.name, optional: false, from });
        if (s.configMap) out.push({ kind: 'ConfigMap', name: s.configMap.name, optional: false, from });
      }
    }
  }
  return out;
}

/** References that no object of `available` satisfies (optional ones count too: the test renders CRIC-free). */
export function missingReferences(refs: Reference[], available: K8sObject[]): string[] {
  const have = new Set(available.map((o) => `${o.kind}/${o.metadata.name}`));
  return refs.filter((r) => !have.has(`${r.kind}/${r.name}`)).map((r) => `${r.from} references ${r.kind} ${r.name}, which nothing renders`);
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, postgresql: 5432, postgres: 5432, mysql: 3306 };

function internal(host: string): boolean {
  return host !== '' && !host.includes('.') && host !== 'localhost' && !/fixme/i.test(host);
}

/** Text values a component is configured with: Secret/ConfigMap data and container env values, by source. */
export function configuredValues(objs: K8sObject[]): Array<{ from: string; env: Record<string, string> }> {
  const out: Array<{ from: string; env: Record<string, string> }> = [];
  for (const o of objs) {
    if (o.kind === 'Secret' || o.kind === 'ConfigMap') {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries((o.stringData ?? {}) as Record<string, string>)) env[k] = String(v);
      for (const [k, v] of Object.entries((o.data ?? {}) as Record<string, string>)) {
        env[k] = o.kind === 'Secret' ? Buffer.from(String(v), 'base64').toString('utf8') : String(v);
      }
      out.push({ from: `${o.kind} ${o.metadata.name}`, env });
    }
  }
  for (const { from, spec } of podSpecs(objs)) {
    for (const c of spec.containers) {
      const env: Record<string, string> = {};
      for (const e of c.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
      out.push({ from: `${from}/${c.name}`, env });
    }
  }
  return out;
}

/** Every in-cluster host:port (or bare host) the values point at. */
export function endpoints(values: Array<{ from: string; env: Record<string, string> }>): Array<{ from: string; host: string; port?: number }> {
  const out: Array<{ from: string; host: string; port?: number }> = [];
  for (const { from, env } of values) {
    for (const [key, value] of Object.entries(env)) {
      const where = `${from} ${key}`;
      for (const m of value.matchAll(/\b([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s"]*@)?([A-Za-z0-9.-]*)(?::(\d+))?/g)) {
        const host = m[2]!;
        if (!internal(host)) continue;
        const port = m[3] ? Number(m[3]) : DEFAULT_PORTS[m[1]!.split('+')[0]!];
        out.push({ from: where, host, port });
      }
      const bare = value.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/g, '');
      // host:port, not a field of a colon-separated spec (JEDI's plugin lists read vo:workers:module:…).
      for (const m of bare.matchAll(/(?<![\w.@/:|-])([a-z0-9][a-z0-9-]*):(\d+)\b(?![:.\w])/g)) {
        if (internal(m[1]!)) out.push({ from: where, host: m[1]!, port: Number(m[2]) });
      }
      // FOO_HOST + FOO_PORT pairs (PANDA_DB_HOST/PANDA_DB_PORT …); a lone *_DB_HOST names a Service too.
      const port = env[key.replace(/_HOST$/, '_PORT')];
      if (key.endsWith('_HOST') && internal(value) && !value.includes(':') && (port !== undefined || /DB_HOST$/.test(key))) {
        out.push({ from: where, host: value, port: port !== undefined ? Number(port) : undefined });
      }
    }
  }
  return out;
}

/** Endpoints no rendered Service offers (by name, and by port when one is given). */
export function unreachable(eps: Array<{ from: string; host: string; port?: number }>, services: K8sObject[]): string[] {
  const ports = new Map<string, number[]>();
  for (const s of services.filter((o) => o.kind === 'Service')) {
    const spec = s.spec as { ports?: Array<{ port: number }> };
    ports.set(s.metadata.name, (spec.ports ?? []).map((p) => p.port));
  }
  const problems: string[] = [];
  for (const e of eps) {
    const offered = ports.get(e.host);
    if (!offered) problems.push(`${e.from}: ${e.host}${e.port ? `:${e.port}` : ''} is no rendered Service`);
    else if (e.port !== undefined && !offered.includes(e.port)) problems.push(`${e.from}: ${e.host} has no port ${e.port} (offers ${offered.join(', ')})`);
  }
  return problems;
}

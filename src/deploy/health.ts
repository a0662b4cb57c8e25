// The services' health probes, as data: reached through the API server's service proxy (`kubectl get --raw`),
// so they need no ingress, DNS or certificate outside the cluster.

import type { ComponentName } from './components.js';
import { workloadName } from './names.js';

export interface HealthProbe {
  component: ComponentName;
  /** The sub-component whose Service answers (it must be enabled). */
  sub: string;
  title: string;
  /** The API path to ask. */
  path(namespace: string, affix: string): string;
  /** Whether the answer means healthy; else a sentence saying what was wrong. */
  judge(body: string): string | undefined;
}

function proxy(namespace: string, scheme: 'http' | 'https', service: string, port: number, path: string): string {
  return `/api/v1/namespaces/${namespace}/services/${scheme}:${service}:${port}/proxy${path}`;
}

export const HEALTH_PROBES: readonly HealthProbe[] = [
  {
    component: 'msgsvc', sub: 'activemq', title: 'ActiveMQ STOMP port 61613 has a ready endpoint',
    path: (ns, affix) => `/api/v1/namespaces/${ns}/endpoints/${workloadName(affix, 'msgsvc', 'activemq')}`,
    judge(body) {
      try {
        const ep = JSON.parse(body) as { subsets?: { addresses?: unknown[]; ports?: { port: number }[] }[] };
        const ok = (ep.subsets ?? []).some((s) => (s.addresses?.length ?? 0) > 0 && (s.ports ?? []).some((p) => p.port === 61613));
        return ok ? undefined : 'no ready address serves port 61613';
      } catch {
        return 'the endpoints object is not JSON';
      }
    },
  },
  {
    component: 'iam', sub: 'main', title: 'IAM serves its OIDC discovery document',
    path: (ns, affix) => proxy(ns, 'http', workloadName(affix, 'iam', 'main'), 8443, '/.well-known/openid-configuration'),
    judge(body) {
      try {
        const doc = JSON.parse(body) as { issuer?: string };
        return doc.issuer ? undefined : 'the discovery document has no issuer';
      } catch {
        return 'the discovery document is not JSON';
      }
    },
  },
  {
    component: 'panda', sub: 'server', title: 'PanDA server is alive',
    path: (ns, affix) => proxy(ns, 'http', workloadName(affix, 'panda', 'server'), 80, '/server/panda/isAlive'),
    judge: (body) => (/alive=yes/.test(body) ? undefined : `isAlive answered "${body.trim().slice(0, 80)}"`),
  },
  {
    component: 'idds', sub: 'rest', title: 'iDDS answers ping',
    path: (ns, affix) => proxy(ns, 'https', workloadName(affix, 'idds', 'rest'), 8443, '/idds/ping'),
    judge: (body) => (body.trim() !== '' ? undefined : 'ping answered nothing'),
  },
  {
    component: 'bigmon', sub: 'main', title: 'BigMon serves its front page',
    path: (ns, affix) => proxy(ns, 'https', workloadName(affix, 'bigmon', 'main'), 443, '/'),
    judge: (body) => (body.trim() !== '' ? undefined : 'the front page is empty'),
  },
];

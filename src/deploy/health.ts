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
  /** An error text that still proves the port answers (a non-HTTP service behind the HTTP proxy). */
  answeredIf?: RegExp;
}

function proxy(namespace: string, scheme: 'http' | 'https', service: string, port: number, path: string): string {
  return `/api/v1/namespaces/${namespace}/services/${scheme}:${service}:${port}/proxy${path}`;
}

export const HEALTH_PROBES: readonly HealthProbe[] = [
  {
    // The API server's proxy speaks HTTP; the broker answers with a STOMP frame, which the proxy
    // reports as a malformed HTTP response: that proves a Ready pod listens on 61613.
    component: 'msgsvc', sub: 'activemq', title: 'ActiveMQ answers on its STOMP port 61613',
    path: (ns, affix) => proxy(ns, 'http', workloadName(affix, 'msgsvc', 'activemq'), 61613, '/'),
    judge: () => undefined,
    answeredIf: /malformed HTTP response|transport connection broken/,
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

/** The probes of a deployment: those whose component is planned with the answering sub-component on. */
export function probesOf(releases: readonly { kind: string; disabledSubs: readonly string[] }[]): HealthProbe[] {
  return HEALTH_PROBES.filter((h) => releases.some((r) => r.kind === h.component && !r.disabledSubs.includes(h.sub)));
}

export interface ProbeIo {
  getRaw(path: string, signal?: AbortSignal, options?: { timeoutSeconds?: number; quiet?: boolean }): Promise<string>;
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter((l) => l.trim() !== '').pop() ?? '';
}

/**
 * Asks one probe once. Resolves to undefined when the service answered as it should, else to what was wrong
 * (the judge's sentence, or the last line kubectl said). Never rejects.
 */
export async function runProbe(io: ProbeIo, h: HealthProbe, namespace: string, affix: string, options: { signal?: AbortSignal; timeoutSeconds?: number } = {}): Promise<string | undefined> {
  try {
    // A probe whose answer is an error (answeredIf) keeps that error off the screen: it is not news.
    const body = await io.getRaw(h.path(namespace, affix), options.signal, {
      quiet: h.answeredIf !== undefined,
      ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
    });
    return h.judge(body);
  } catch (error) {
    const said = (error as { result?: { stderr?: string } }).result?.stderr || (error as Error).message;
    if (h.answeredIf?.test(said)) return undefined;
    return lastLine(said) || 'no answer';
  }
}

// A loopback HTTP or HTTPS stand-in for a service: each request goes to a handler that answers the way
// the real service would (or, for the failing cases, the ways it goes wrong); requests are recorded.

import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { issueCertificate } from '../../src/app/x509-issue.js';

export interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

export type Handler = (req: Seen) => Answer;

export interface HttpStandIn {
  url: string;
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}

let tlsCache: { key: string; cert: string } | undefined;

/** A self-signed certificate for some other name: the test Pod does not verify the Service's TLS. */
function tls(): { key: string; cert: string } {
  tlsCache ??= (() => {
    const c = issueCertificate({ subject: { CN: 'service.example.org' }, dnsNames: ['service.example.org'] });
    return { key: c.keyPem, cert: c.certPem };
  })();
  return tlsCache;
}

export async function startHttpStandIn(handler: Handler, options: { tls?: boolean } = {}): Promise<HttpStandIn> {
  const seen: Seen[] = [];
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const s: Seen = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
      seen.push(s);
      const a = handler(s);
      res.writeHead(a.status ?? 200, a.headers ?? {});
      res.end(a.body ?? '');
    });
  };
  const server = options.tls ? https.createServer(tls(), listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export const json = (status: number, doc: unknown): Answer => ({ status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(doc) });
export const text = (status: number, body: string, type = 'text/plain'): Answer => ({ status, headers: { 'Content-Type': type }, body });

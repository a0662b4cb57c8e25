// Host certificates: read hostkey/hostcert/chain PEM files, validate them, and place them where the secrets chart reads them.
// Validation uses node:crypto's X509Certificate; nothing here starts a process.

import { X509Certificate, createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../engine/atomic-write.js';

/** The files the charts read, by their fixed names (secrets chart `.Files.Get files/<comp>_certs/…`). */
export const CERT_FILES = { key: 'hostkey.pem', cert: 'hostcert.pem', chain: 'chain.pem' } as const;
export type CertRole = keyof typeof CERT_FILES;

/** Components whose chart consumes `secrets/files/<comp>_certs/` (the seed names only the first three; idds and iam TLS need theirs too). */
export const CERT_COMPONENTS = ['panda', 'harvester', 'bigmon', 'idds', 'iam'] as const;
export type CertComponent = (typeof CERT_COMPONENTS)[number];

/** Warn when a certificate expires sooner than this. */
export const EXPIRY_WARNING_DAYS = 30;

/**
 * Marks certificates issued by the rehearsal CA. Such a certificate is accepted only for target sim:
 * a rehearsal certificate reaching a real cluster would be a silent security hole.
 */
export const REHEARSAL_CA_MARK = 'panda-k8s rehearsal CA (sim only)';

export interface CertPaths {
  key: string;
  cert: string;
  chain: string;
}

export interface CertProblem {
  /** The file (or answers key) the problem is about. */
  file: string;
  message: string;
}

export interface CertReport {
  errors: CertProblem[];
  warnings: CertProblem[];
  /** SHA-256 fingerprints of the three files' contents: the same files give the same fingerprints. */
  fingerprints: Record<CertRole, string>;
  subject?: string;
  notAfter?: string;
  sans: string[];
  rehearsal: boolean;
}

export interface ValidateOptions {
  /** Host names the certificate must cover (wildcards in the certificate count). @default none */
  hosts?: readonly string[];
  /** @default now */
  now?: Date;
  /** Accept certificates of the rehearsal CA (target sim only). @default false */
  allowRehearsal?: boolean;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

/** The PEM blocks of a text, with their type (`CERTIFICATE`, `PRIVATE KEY`, `RSA PRIVATE KEY` …). */
export function pemBlocks(text: string): { type: string; pem: string }[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ type: m[1]!, pem: m[0] }));
}

/** Resolves the three paths from `certificates.{dir,key,cert,chain}` answers; explicit paths win over the directory. */
export function certPathsFrom(answers: { dir?: string; key?: string; cert?: string; chain?: string } | undefined, base: string): CertPaths | undefined {
  if (!answers) return undefined;
  const { dir, key, cert, chain } = answers;
  if (!dir && !(key && cert && chain)) return undefined;
  const at = (explicit: string | undefined, role: CertRole) =>
    path.resolve(base, explicit ?? path.join(dir ?? '', CERT_FILES[role]));
  return { key: at(key, 'key'), cert: at(cert, 'cert'), chain: at(chain, 'chain') };
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `DNS:a, DNS:b, IP Address:1.2.3.4` → host names. */
export function subjectAltNames(cert: X509Certificate): string[] {
  const raw = cert.subjectAltName;
  if (!raw) return [];
  return raw.split(/,\s*/).filter((p) => p.startsWith('DNS:')).map((p) => p.slice(4).toLowerCase());
}

/** Does a certificate name (possibly `*.example.org`) cover `host`? A wildcard covers exactly one label. */
export function nameCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h) return true;
  if (!p.startsWith('*.')) return false;
  const rest = p.slice(1); // ".example.org"
  return h.endsWith(rest) && !h.slice(0, -rest.length).includes('.') && h.length > rest.length;
}

function isRehearsalCert(cert: X509Certificate): boolean {
  return cert.issuer.includes(REHEARSAL_CA_MARK) || cert.subject.includes(REHEARSAL_CA_MARK);
}

/** Reads and checks a certificate set. Never throws for bad content: every problem is reported with its file. */
export function validateCertificates(paths: CertPaths, options: ValidateOptions = {}): CertReport {
  const now = options.now ?? new Date();
  const errors: CertProblem[] = [];
  const warnings: CertProblem[] = [];
  const fingerprints = { key: '', cert: '', chain: '' } as Record<CertRole, string>;
  const texts: Partial<Record<CertRole, string>> = {};
  for (const role of ['key', 'cert', 'chain'] as const) {
    const file = paths[role];
    try {
      const text = fs.readFileSync(file, 'utf8');
      texts[role] = text;
      fingerprints[role] = sha256(text);
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`;
      errors.push({ file, message: `${role === 'key' ? 'host key' : role === 'cert' ? 'host certificate' : 'CA chain'} ${file} ${why}` });
    }
  }
  const report: CertReport = { errors, warnings, fingerprints, sans: [], rehearsal: false };

  let key: KeyObject | undefined;
  if (texts.key !== undefined) {
    const blocks = pemBlocks(texts.key);
    const keyBlock = blocks.find((b) => /PRIVATE KEY$/.test(b.type));
    if (!keyBlock) {
      const found = blocks.length ? `a PEM "${blocks[0]!.type}" block` : 'no PEM block';
      errors.push({ file: paths.key, message: `${paths.key} must hold a PEM private key ("-----BEGIN PRIVATE KEY-----" or "RSA PRIVATE KEY"), found ${found}` });
    } else if (/ENCRYPTED/.test(keyBlock.type) || /Proc-Type: 4,ENCRYPTED/.test(keyBlock.pem)) {
      errors.push({ file: paths.key, message: `${paths.key} is an encrypted private key; the services need it without a passphrase (openssl pkey -in ${paths.key} -out hostkey.pem)` });
    } else {
      try {
        key = createPrivateKey(keyBlock.pem);
      } catch (error) {
        errors.push({ file: paths.key, message: `${paths.key} does not parse as a private key: ${(error as Error).message}` });
      }
    }
  }

  let leaf: X509Certificate | undefined;
  if (texts.cert !== undefined) {
    const blocks = pemBlocks(texts.cert).filter((b) => b.type === 'CERTIFICATE');
    if (blocks.length === 0) {
      errors.push({ file: paths.cert, message: `${paths.cert} must hold a PEM certificate ("-----BEGIN CERTIFICATE-----"), found none` });
    } else {
      try {
        leaf = new X509Certificate(blocks[0]!.pem);
      } catch (error) {
        errors.push({ file: paths.cert, message: `${paths.cert} does not parse as an X.509 certificate: ${(error as Error).message}` });
      }
    }
  }

  const chain: X509Certificate[] = [];
  if (texts.chain !== undefined) {
    const blocks = pemBlocks(texts.chain).filter((b) => b.type === 'CERTIFICATE');
    if (blocks.length === 0) errors.push({ file: paths.chain, message: `${paths.chain} must hold the CA chain as PEM certificates, found none` });
    for (const [i, b] of blocks.entries()) {
      try {
        chain.push(new X509Certificate(b.pem));
      } catch (error) {
        errors.push({ file: paths.chain, message: `${paths.chain}: certificate #${i + 1} does not parse: ${(error as Error).message}` });
      }
    }
  }

  if (leaf) {
    report.subject = leaf.subject.replace(/\n/g, ', ');
    report.notAfter = new Date(leaf.validTo).toISOString();
    report.sans = subjectAltNames(leaf);
    report.rehearsal = isRehearsalCert(leaf) || chain.some(isRehearsalCert);
    if (report.rehearsal && !options.allowRehearsal) {
      errors.push({ file: paths.cert, message: `${paths.cert} was issued by the ${REHEARSAL_CA_MARK}: it is only valid for --target sim; use your site's host certificate (at CERN: "New CERN Host Certificate")` });
    }
    if (key && !leaf.checkPrivateKey(key)) {
      errors.push({ file: paths.key, message: `${paths.key} does not match the certificate ${paths.cert} (different key pair); take the key that was used to request this certificate` });
    }
    const notBefore = new Date(leaf.validFrom);
    const notAfter = new Date(leaf.validTo);
    if (notAfter.getTime() <= now.getTime()) {
      errors.push({ file: paths.cert, message: `${paths.cert} expired on ${notAfter.toISOString().slice(0, 10)}; request a new host certificate` });
    } else if (notBefore.getTime() > now.getTime()) {
      errors.push({ file: paths.cert, message: `${paths.cert} is not valid before ${notBefore.toISOString()}; check the clock or wait` });
    } else {
      const days = Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
      if (days < EXPIRY_WARNING_DAYS) {
        warnings.push({ file: paths.cert, message: `${paths.cert} expires in ${days} day(s), on ${notAfter.toISOString().slice(0, 10)}; renew it soon` });
      }
    }
    const hosts = options.hosts ?? [];
    const missing = hosts.filter((h) => !report.sans.some((san) => nameCovers(san, h)));
    if (missing.length > 0) {
      const has = report.sans.length ? report.sans.join(', ') : 'none';
      errors.push({ file: paths.cert, message: `${paths.cert} does not cover ${missing.join(', ')} (its subject alternative names: ${has}); request a certificate with these names as aliases` });
    }
    if (chain.length > 0) {
      const why = chainProblem(leaf, chain, now);
      if (why) errors.push({ file: paths.chain, message: `${paths.chain} does not verify ${paths.cert}: ${why}` });
    }
  }
  return report;
}

/** Walks issuer links from the leaf through the chain: each link must name and be signed by the next. */
function chainProblem(leaf: X509Certificate, chain: X509Certificate[], now: Date): string | undefined {
  let current = leaf;
  const used = new Set<X509Certificate>();
  for (let depth = 0; depth < chain.length + 1; depth++) {
    const issuer = chain.find((c) => !used.has(c) && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) {
      if (depth === 0) {
        const named = chain.find((c) => current.checkIssued(c));
        return named
          ? `the signature of the certificate does not verify with "${oneLine(named.subject)}"`
          : `no certificate in the chain issued it (its issuer is "${oneLine(leaf.issuer)}")`;
      }
      return undefined; // intermediates up to a root the system trusts: the link from the leaf is what matters here
    }
    if (!issuer.ca) return `"${oneLine(issuer.subject)}" is not a CA certificate`;
    if (new Date(issuer.validTo).getTime() <= now.getTime()) return `CA certificate "${oneLine(issuer.subject)}" expired on ${new Date(issuer.validTo).toISOString().slice(0, 10)}`;
    used.add(issuer);
    if (issuer.checkIssued(issuer)) return undefined; // self-signed root reached
    current = issuer;
  }
  return undefined;
}

function oneLine(dn: string): string {
  return dn.replace(/\n/g, ', ');
}

/** Where a component's certificates go in a (workspace's) secrets chart. */
export function certDir(secretsChart: string, comp: CertComponent): string {
  return path.join(secretsChart, 'files', `${comp}_certs`);
}

/** True when every component directory already holds files with these fingerprints. */
export function certsInPlace(secretsChart: string, comps: readonly CertComponent[], fingerprints: Record<CertRole, string>): { done: boolean; differ: string[]; missing: string[] } {
  const differ: string[] = [];
  const missing: string[] = [];
  for (const comp of comps) {
    for (const role of ['key', 'cert', 'chain'] as const) {
      const file = path.join(certDir(secretsChart, comp), CERT_FILES[role]);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        missing.push(file);
        continue;
      }
      if (sha256(text) !== fingerprints[role]) differ.push(file);
      else if (role === 'key' && (fs.statSync(file).mode & 0o077) !== 0) differ.push(file);
    }
  }
  return { done: differ.length === 0 && missing.length === 0, differ, missing };
}

/** Copies the three files into each component's directory; the key with mode 0600. */
export function placeCertificates(secretsChart: string, comps: readonly CertComponent[], paths: CertPaths): string[] {
  const written: string[] = [];
  const texts = {
    key: fs.readFileSync(paths.key, 'utf8'),
    cert: fs.readFileSync(paths.cert, 'utf8'),
    chain: fs.readFileSync(paths.chain, 'utf8'),
  };
  for (const comp of comps) {
    const dir = certDir(secretsChart, comp);
    fs.mkdirSync(dir, { recursive: true });
    for (const role of ['key', 'cert', 'chain'] as const) {
      const file = path.join(dir, CERT_FILES[role]);
      writeFileAtomic(file, texts[role], role === 'key' ? 0o600 : 0o644);
      if (role === 'key') fs.chmodSync(file, 0o600);
      written.push(file);
    }
  }
  return written;
}

// Test certificates made in the test with node:crypto (through the product's small DER issuer): a CA, a host
// certificate for given names, and the bad variants the validation must catch.

import fs from 'node:fs';
import path from 'node:path';
import { issueCertificate, newKeyPair } from '../../src/app/x509-issue.js';

export interface CertSetOptions {
  hosts: string[];
  /** Days from now; negative for an expired certificate. @default 365 */
  days?: number;
  /** Sign the host certificate with this CA but ship another CA as chain. @default false */
  wrongChain?: boolean;
  /** Ship a key that does not belong to the certificate. @default false */
  wrongKey?: boolean;
  /** CA organisation (the rehearsal mark makes a sim-only certificate). */
  caOrg?: string;
}

/** Writes hostkey.pem, hostcert.pem and chain.pem into `dir`; returns `dir`. */
export function writeCertSet(dir: string, options: CertSetOptions): string {
  fs.mkdirSync(dir, { recursive: true });
  const caSubject = { O: options.caOrg ?? 'Test Grid CA', CN: 'Test Grid Certification Authority' };
  const ca = issueCertificate({ subject: caSubject, ca: true, notAfter: new Date(Date.now() + 3650 * 86_400_000) });
  const days = options.days ?? 365;
  const notAfter = new Date(Date.now() + days * 86_400_000);
  const notBefore = new Date(Math.min(Date.now() - 86_400_000, notAfter.getTime() - 86_400_000));
  const leaf = issueCertificate({
    subject: { CN: options.hosts[0] ?? 'host.example.org' },
    dnsNames: options.hosts,
    notBefore,
    notAfter,
    issuer: { subject: caSubject, privateKey: ca.privateKey },
  });
  const otherCa = options.wrongChain ? issueCertificate({ subject: caSubject, ca: true }) : undefined;
  const keyPem = options.wrongKey ? newKeyPair().privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() : leaf.keyPem;
  fs.writeFileSync(path.join(dir, 'hostkey.pem'), keyPem, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'hostcert.pem'), leaf.certPem);
  fs.writeFileSync(path.join(dir, 'chain.pem'), (otherCa ?? ca).certPem);
  return dir;
}

/** The names the cern profile's aliases give cluster `name`. */
export function cernHosts(name: string): string[] {
  return ['', '-harvester', '-panda', '-idds', '-bigmon', '-server'].map((s) => `${name}${s}.cern.ch`);
}

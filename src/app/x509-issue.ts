// Issues X.509 certificates with node:crypto alone (a minimal DER encoder): the rehearsal CA and test fixtures.
// node:crypto can read and verify certificates but not make them; this fills that gap without an openssl binary.

import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n >>= 8;
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), len(body.length), body]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, body: Buffer) => tlv(0xa0 + n, body);

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    let v = p >> 7;
    while (v > 0) {
      chunk.unshift((v & 0x7f) | 0x80);
      v >>= 7;
    }
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && (b[1]! & 0x80) === 0) b = b.subarray(1);
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const bitString = (b: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
const octets = (b: Buffer) => tlv(0x04, b);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));

function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  const year = d.getUTCFullYear();
  return year >= 1950 && year < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

export interface DistinguishedName {
  CN: string;
  O?: string;
}

function name(dn: DistinguishedName): Buffer {
  const rdns = [];
  if (dn.O) rdns.push(set(seq(oid('2.5.4.10'), utf8(dn.O))));
  rdns.push(set(seq(oid('2.5.4.3'), utf8(dn.CN))));
  return seq(...rdns);
}

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const RSA_SHA256 = seq(oid('1.2.840.113549.1.1.11'), tlv(0x05, Buffer.alloc(0)));

export interface IssueOptions {
  subject: DistinguishedName;
  /** DNS subject alternative names. @default none */
  dnsNames?: string[];
  notBefore?: Date;
  notAfter?: Date;
  /** A CA certificate (basicConstraints CA:TRUE, keyCertSign). @default false */
  ca?: boolean;
  /** The subject's key pair. @default a new P-256 key */
  keyPair?: { privateKey: KeyObject; publicKey: KeyObject };
  /** The issuer; absent for a self-signed certificate. */
  issuer?: { subject: DistinguishedName; privateKey: KeyObject };
}

export interface Issued {
  certPem: string;
  keyPem: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  subject: DistinguishedName;
}

export function newKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** Issues one certificate (self-signed when no issuer is given). */
export function issueCertificate(options: IssueOptions): Issued {
  const keyPair = options.keyPair ?? newKeyPair();
  const signer = options.issuer ?? { subject: options.subject, privateKey: keyPair.privateKey };
  const signerIsRsa = signer.privateKey.asymmetricKeyType === 'rsa';
  const sigAlg = signerIsRsa ? RSA_SHA256 : ECDSA_SHA256;
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = options.notAfter ?? new Date(Date.now() + 90 * 86_400_000);
  const extensions: Buffer[] = [
    seq(oid('2.5.29.19'), bool(true), octets(options.ca ? seq(bool(true)) : seq())),
    // keyUsage: CA → keyCertSign|cRLSign (bits 5,6); leaf → digitalSignature|keyEncipherment (bits 0,2)
    seq(oid('2.5.29.15'), bool(true), octets(options.ca ? tlv(0x03, Buffer.from([1, 0x06])) : tlv(0x03, Buffer.from([5, 0xa0])))),
  ];
  if (options.dnsNames && options.dnsNames.length > 0) {
    const names = options.dnsNames.map((n) => tlv(0x82, Buffer.from(n, 'ascii')));
    extensions.push(seq(oid('2.5.29.17'), octets(seq(...names))));
  }
  const spki = keyPair.publicKey.export({ type: 'spki', format: 'der' });
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(randomBytes(16)),
    sigAlg,
    name(signer.subject),
    seq(time(notBefore), time(notAfter)),
    name(options.subject),
    spki,
    explicit(3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, signer.privateKey);
  const der = seq(tbs, sigAlg, bitString(signature));
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  const keyPem = keyPair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { certPem, keyPem, privateKey: keyPair.privateKey, publicKey: keyPair.publicKey, subject: options.subject };
}

/** Reads a key PEM back into a key object (for re-issuing with a kept CA key). */
export function keyFromPem(pem: string): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

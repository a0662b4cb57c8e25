// Rehearsal defaults for `--target sim` in an empty folder: CERN profile answers, a throw-away SSH key, host
// certificates from a rehearsal CA (refused for any real target), and the notice that says all of this is fake.

import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Answers, Target } from '../config/answers.js';
import { CERT_FILES, REHEARSAL_CA_MARK, subjectAltNames, type CertPaths } from '../deploy/certificates.js';
import { writeFileAtomic } from '../engine/atomic-write.js';
import { issueCertificate, keyFromPem } from './x509-issue.js';

export const REHEARSAL_NOTICE =
  'REHEARSAL on the simulated cloud: nothing real is touched. The SSH key, the host certificates (issued by the ' +
  `"${REHEARSAL_CA_MARK}") and the outside secret values are rehearsal stand-ins, valid for --target sim only.`;

/** Where rehearsal material lives in the workspace. */
export function rehearsalDir(workspace: string): string {
  return path.join(workspace, '.panda-k8s', 'rehearsal');
}

/** The answers a rehearsal starts from when there is no answers file: the cern profile's defaults plus these. */
export function rehearsalAnswers(workspace: string): Answers {
  const dir = path.relative(workspace, rehearsalDir(workspace));
  return {
    target: 'sim',
    profile: 'cern',
    rehearsal: true,
    cluster: { keypair: 'panda-k8s-rehearsal', publicKeyFile: path.join(dir, 'id_ed25519.pub') },
    certificates: { dir: path.join(dir, 'certs') },
  };
}

/**
 * What a run on the simulated cloud fills in for values the answers leave out, so that a real answers file can be
 * rehearsed as it is: the rehearsal SSH key, host certificates from the rehearsal CA, stand-ins for outside secret
 * values. Held beside the answers (RunData.standIns), never in them, so nothing is ever written back to the file.
 */
export interface RehearsalStandIns {
  /** The rehearsal public key, when cluster.publicKeyFile is not given. */
  publicKeyFile?: string;
  /** A folder of rehearsal certificates (issued on demand for the aliases), when no certificates.* is given. */
  certificatesDir?: string;
  /** Outside secret values nobody gave get clearly fake stand-ins. */
  secretValues: boolean;
}

/** The stand-ins of a run (none for a real target). Paths are absolute. */
export function rehearsalStandIns(answers: Answers, target: Target, workspace: string): RehearsalStandIns | undefined {
  if (target !== 'sim') return undefined;
  const dir = rehearsalDir(workspace);
  const out: RehearsalStandIns = { secretValues: true };
  if (!answers.cluster?.publicKeyFile) out.publicKeyFile = path.join(dir, 'id_ed25519.pub');
  const c = answers.certificates;
  if (!c || (!c.dir && !c.key && !c.cert && !c.chain)) out.certificatesDir = path.join(dir, 'certs');
  // A rehearsal answers file (written by an earlier version, `rehearsal: true`) names the rehearsal folder itself.
  else if (answers.rehearsal === true && c.dir && path.resolve(workspace, c.dir) === path.join(dir, 'certs')) out.certificatesDir = path.join(dir, 'certs');
  return out;
}

/** Whether rehearsal defaults apply: target sim and no answers file given or found. */
export function wantsRehearsal(target: Target, answersFileExists: boolean): boolean {
  return target === 'sim' && !answersFileExists;
}

/** The OpenSSH one-line form of an Ed25519 public key (`ssh-ed25519 AAAA… comment`), from node:crypto alone. */
export function opensshEd25519(publicKeyDer: Buffer, comment: string): string {
  const raw = publicKeyDer.subarray(publicKeyDer.length - 32);
  const str = (b: Buffer) => Buffer.concat([u32(b.length), b]);
  const blob = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]);
  return `ssh-ed25519 ${blob.toString('base64')} ${comment}`;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
}

/** Makes the rehearsal SSH public key file if it is missing (the private half is thrown away: nothing logs in to the sim). */
export function ensureRehearsalPublicKey(file: string): boolean {
  if (fs.existsSync(file)) return false;
  const { publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ type: 'spki', format: 'der' });
  writeFileAtomic(file, `${opensshEd25519(der, 'panda-k8s-rehearsal')}\n`, 0o644);
  return true;
}

/**
 * Makes (or keeps) rehearsal host certificates for `hosts` in `dir`: a rehearsal CA, and a host certificate
 * it signed. Existing files are kept while they still cover the hosts, so a re-run changes nothing.
 */
export function ensureRehearsalCertificates(dir: string, hosts: readonly string[]): { paths: CertPaths; created: boolean } {
  const paths: CertPaths = {
    key: path.join(dir, CERT_FILES.key),
    cert: path.join(dir, CERT_FILES.cert),
    chain: path.join(dir, CERT_FILES.chain),
  };
  if (coversAll(paths.cert, hosts) && fs.existsSync(paths.key) && fs.existsSync(paths.chain)) return { paths, created: false };
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caKeyFile = path.join(dir, 'rehearsal-ca.key');
  const caSubject = { O: REHEARSAL_CA_MARK, CN: REHEARSAL_CA_MARK };
  let ca: { certPem: string; privateKey: import('node:crypto').KeyObject };
  if (fs.existsSync(caKeyFile) && fs.existsSync(paths.chain)) {
    ca = { certPem: fs.readFileSync(paths.chain, 'utf8'), privateKey: keyFromPem(fs.readFileSync(caKeyFile, 'utf8')).privateKey };
  } else {
    const issued = issueCertificate({ subject: caSubject, ca: true, notAfter: new Date(Date.now() + 365 * 86_400_000) });
    writeFileAtomic(caKeyFile, issued.keyPem, 0o600);
    writeFileAtomic(paths.chain, issued.certPem, 0o644);
    ca = issued;
  }
  const leaf = issueCertificate({
    subject: { CN: hosts[0] ?? 'panda-k8s.rehearsal.invalid', O: REHEARSAL_CA_MARK },
    dnsNames: hosts.length ? [...hosts] : ['panda-k8s.rehearsal.invalid'],
    issuer: { subject: caSubject, privateKey: ca.privateKey },
  });
  writeFileAtomic(paths.key, leaf.keyPem, 0o600);
  writeFileAtomic(paths.cert, leaf.certPem, 0o644);
  return { paths, created: true };
}

function coversAll(certFile: string, hosts: readonly string[]): boolean {
  try {
    const cert = new X509Certificate(fs.readFileSync(certFile));
    const sans = subjectAltNames(cert);
    return new Date(cert.validTo).getTime() > Date.now() + 31 * 86_400_000 && hosts.every((h) => sans.includes(h.toLowerCase()));
  } catch {
    return false;
  }
}

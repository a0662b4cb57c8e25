// The JWK set INDIGO IAM signs its tokens with: made here with node:crypto when the secret values are
// filled (kept in the filled values file, mode 0600, never in git), and checked before anything is
// deployed, so a fresh IAM starts instead of crash-looping on a missing or public-only key.

import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';

/** What IAM's JWK set loader needs of one key: an RSA signing key with its private parts. */
export interface PrivateJwk {
  kty: 'RSA';
  kid: string;
  use: 'sig';
  alg: 'RS256';
  n: string;
  e: string;
  d: string;
  p: string;
  q: string;
  dp: string;
  dq: string;
  qi: string;
}

/** A new JWK set of one RSA 2048 signing key, as the JSON text IAM reads from IAM_KEY_STORE_LOCATION. */
export function generateKeystore(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as Omit<PrivateJwk, 'kid' | 'use' | 'alg'>;
  const key: PrivateJwk = { ...jwk, kty: 'RSA', kid: `panda-k8s-${randomBytes(4).toString('hex')}`, use: 'sig', alg: 'RS256' };
  return JSON.stringify({ keys: [key] });
}

/** Why `text` cannot serve as IAM's keystore, or undefined when it can (a JWK set with a usable private RSA key). */
export function keystoreProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `it is not JSON (${(error as Error).message})`;
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) return 'it is not a JWK set: no "keys" list';
  const key = keys[0] as Record<string, unknown>;
  if (key['kty'] !== 'RSA') return `its first key is ${String(key['kty'])}, not RSA`;
  if (typeof key['d'] !== 'string') return 'its first key has no private part ("d"): IAM cannot sign with a public key';
  try {
    const priv = createPrivateKey({ key: key as never, format: 'jwk' });
    createPublicKey(priv);
  } catch (error) {
    return `its first key does not load (${(error as Error).message})`;
  }
  return undefined;
}

/**
 * The deploy preflight's keystore check for the filled secret values: the file the secrets chart
 * would take (`<secrets chart>/files/iam_conf/iam-keystore.jwks`) when it exists, else `iam.keystore`.
 * Returns one line per problem, naming the key or file and what to do.
 */
export function iamKeystoreProblems(values: unknown, keystoreFile: string, readFile: (file: string) => string | undefined): string[] {
  const fromFile = readFile(keystoreFile);
  const where = fromFile !== undefined ? keystoreFile : 'iam.keystore';
  const text = fromFile ?? (values as { iam?: { keystore?: unknown } } | undefined)?.iam?.keystore;
  if (typeof text !== 'string' || text.trim() === '' || text.includes('FIXME')) {
    return [`iam.keystore (iam): no JWK set for IAM to sign tokens with; run panda-k8s bootstrap, which generates one into the filled secret values, or put one in ${keystoreFile}`];
  }
  const problem = keystoreProblem(text);
  return problem ? [`${where} (iam) cannot be IAM's keystore: ${problem}; remove it and run panda-k8s bootstrap to generate a new one`] : [];
}

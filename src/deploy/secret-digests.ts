// Digests of the Secrets the secrets release renders, so a changed Secret restarts exactly the pods
// that read it. The Secrets live in another release (panda-secrets) than their readers, so no chart
// can hash them itself: the installer renders the secrets chart, hashes each Secret here, and hands
// each component chart the digests of the Secrets it reads (`global.secretDigests.<suffix>`), which
// the pod templates carry as `checksum/secret-<suffix>` annotations. Pure: parsing and hashing only.

import { createHash } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { component, type ComponentName } from './components.js';
import { SECRETS_RELEASE } from './names.js';

/** Digest of each Secret, by suffix (`panda-envs` for `panda-secrets-panda-envs`). */
export type SecretDigests = Record<string, string>;

interface SecretDoc {
  kind?: string;
  type?: string;
  metadata?: { name?: string };
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
}

/**
 * The content a pod sees of one Secret: `data` decoded, `stringData` over it (as the API server merges
 * them), keys sorted. Two renders with the same content give the same digest whatever the encoding.
 */
function contentOf(doc: SecretDoc): Array<[string, string]> {
  const merged = new Map<string, string>();
  for (const [k, v] of Object.entries(doc.data ?? {})) merged.set(k, Buffer.from(String(v ?? ''), 'base64').toString('utf8'));
  for (const [k, v] of Object.entries(doc.stringData ?? {})) merged.set(k, String(v ?? ''));
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** sha256 of a Secret's type and content, 16 hex digits (what an annotation needs, and nothing to invert). */
export function secretDigest(doc: SecretDoc): string {
  return createHash('sha256').update(JSON.stringify([doc.type ?? 'Opaque', contentOf(doc)])).digest('hex').slice(0, 16);
}

/** The digests of every Secret named `<release>-<suffix>` in a rendered manifest (`helm template` output). */
export function secretDigestsOf(manifest: string, release = SECRETS_RELEASE): SecretDigests {
  const out: SecretDigests = {};
  for (const d of parseAllDocuments(manifest)) {
    const doc = d.toJS() as SecretDoc | null;
    const name = doc?.metadata?.name;
    if (!doc || doc.kind !== 'Secret' || !name?.startsWith(`${release}-`)) continue;
    out[name.slice(release.length + 1)] = secretDigest(doc);
  }
  return out;
}

/**
 * `--set-string` pairs that give one component's chart the digests of the Secrets it reads (and only
 * those: a changed Secret then changes the values of exactly its readers' releases). A Secret the
 * secrets release does not render (its component disabled, no certificate files) gets no pair: the
 * chart then annotates "unset", which stays stable until the Secret appears.
 */
export function digestSets(comp: ComponentName, digests: SecretDigests): string[] {
  return component(comp).readsSecrets.filter((s) => digests[s] !== undefined).map((s) => `global.secretDigests.${s}=${digests[s]}`);
}

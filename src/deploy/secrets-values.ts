// Secret values: find the FIXME placeholders of secrets/values.yaml, decide where each value comes from,
// and build the filled values file (a workspace file, mode 0600) that `helm -f` gets. Pure, except reading files.

import { randomBytes } from 'node:crypto';
import YAML, { isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type { ComponentName } from './components.js';
import { COMPONENT_NAMES } from './components.js';
import { generateKeystore } from './iam-keystore.js';

/** What marks a value the operator still has to provide (the chart keeps these; git never holds a secret). */
export const PLACEHOLDER = 'FIXME';

export type PathPart = string | number;

export interface Placeholder {
  /** Key path into the values, e.g. ['auth', 'oidc', 'clients', 0, 'client_secret']. */
  path: PathPart[];
  /** The path as people read it: `auth.oidc.clients[0].client_secret`. */
  key: string;
  /** The placeholder text found there (e.g. "FIXME", "-FIXME"). */
  template: string;
  /** The components that read this value; a FIXME matters only when one of them is enabled. */
  components: readonly ComponentName[];
  /** generated: ours to choose (a crypto-random password); outside: must come from the operator. */
  kind: 'generated' | 'outside';
  /** Whether the value is a secret (masked in every output, never put in the answers file). */
  secret: boolean;
  /** How a generated value is made: a password (default) or IAM's JWK set. */
  generator?: 'password' | 'keystore';
}

/** Top-level sections of the secrets values shared by several components (facts §2.4: who reads what). */
const SECTION_READERS: Record<string, readonly ComponentName[]> = {
  auth: ['panda', 'harvester', 'idds', 'bigmon'],
  rucio: ['panda', 'idds', 'bigmon'],
  object_store: ['bigmon'],
  objectStore: ['bigmon'],
  cric: ['panda', 'harvester', 'bigmon'],
  ui: [],
};

/** Last key names whose value is ours to choose: a strong random password nobody outside needs to know in advance. */
const OURS_TO_CHOOSE = /(password|passwd|secretkey|secret_key)$/i;
/** Sections whose passwords belong to someone else's system (an external Rucio, an object store). */
const EXTERNAL_SECTIONS = new Set(['rucio', 'object_store', 'objectStore', 'auth', 'cilogon', 'providers']);
/** Last key names that hold a secret (masked, env only); host names, URLs and client ids are not. */
const SECRET_KEY = /secret|token|passw|(^|_)key$/i;

export function keyOf(path: readonly PathPart[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/** The environment variable that may carry a value: `auth.oidc.clients[0].client_secret` → PANDA_K8S_SECRET_AUTH_OIDC_CLIENTS_0_CLIENT_SECRET. */
export function envNameOf(key: string): string {
  return 'PANDA_K8S_SECRET_' + key.replace(/[^A-Za-z0-9]+/g, '_').replace(/_+$/, '').toUpperCase();
}

function componentsOf(path: readonly PathPart[]): readonly ComponentName[] {
  const top = String(path[0]);
  if ((COMPONENT_NAMES as readonly string[]).includes(top)) return [top as ComponentName];
  return SECTION_READERS[top] ?? COMPONENT_NAMES;
}

function classify(path: readonly PathPart[]): Pick<Placeholder, 'kind' | 'secret' | 'generator'> {
  const last = String([...path].reverse().find((p) => typeof p === 'string') ?? '');
  // IAM's signing keys are ours to make (iam-keystore.ts), like a password.
  if (last === 'keystore') return { kind: 'generated', secret: true, generator: 'keystore' };
  const external = path.some((p) => typeof p === 'string' && EXTERNAL_SECTIONS.has(p));
  if (OURS_TO_CHOOSE.test(last) && !external) return { kind: 'generated', secret: true };
  return { kind: 'outside', secret: SECRET_KEY.test(last) };
}

export function isPlaceholder(value: unknown): value is string {
  return typeof value === 'string' && value.includes(PLACEHOLDER);
}

/** Every FIXME leaf of a values tree, in document order. `affix` is not a secret and is filled from the answers, so it is left out. */
export function findPlaceholders(values: unknown): Placeholder[] {
  const out: Placeholder[] = [];
  const walk = (node: unknown, path: PathPart[]) => {
    if (Array.isArray(node)) node.forEach((v, i) => walk(v, [...path, i]));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    else if (isPlaceholder(node) && !(path.length === 1 && path[0] === 'affix')) {
      out.push({ path, key: keyOf(path), template: node, components: componentsOf(path), ...classify(path) });
    }
  };
  walk(values, []);
  return out;
}

/** The placeholders still present for the enabled components (what the deploy preflight refuses). */
export function remainingFixmes(values: unknown, enabled: readonly ComponentName[]): Placeholder[] {
  return findPlaceholders(values).filter((p) => p.components.some((c) => enabled.includes(c)));
}

export function getIn(values: unknown, path: readonly PathPart[]): unknown {
  let node = values;
  for (const p of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[p as string];
  }
  return node;
}

/** A strong password: 24 random bytes, URL-safe base64 (32 characters, no quoting trouble in YAML, SQL or URLs). */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

/** A clearly fake value for an outside secret in a rehearsal (target sim only). */
export function rehearsalValue(p: Placeholder): string {
  const last = String([...p.path].reverse().find((x) => typeof x === 'string') ?? 'value');
  if (/url|endpoint/i.test(last)) return `https://rehearsal.invalid/${last}`;
  if (/host/i.test(last)) return `rehearsal-${last.toLowerCase()}.invalid`;
  return `rehearsal-not-a-secret-${last}`;
}

export type ValueSource = 'answers' | 'env' | 'kept' | 'generated' | 'rehearsal' | 'asked';

export interface FillInput {
  /** The text of secrets/values.yaml (the template with placeholders). */
  template: string;
  /** The current filled file's text, if it exists: its real values are kept (passwords stay stable). */
  existing?: string;
  enabled: readonly ComponentName[];
  /** Plain settings written over the template (affix, `<comp>.enabled`, `cric.real` …). */
  settings: { path: PathPart[]; value: unknown }[];
  /** Values given in the answers file (non-secret ones), by key. */
  given: Record<string, string>;
  /** The environment to read PANDA_K8S_SECRET_* from. */
  env: Record<string, string | undefined>;
  /** Use rehearsal values for outside placeholders nobody gave. */
  rehearsal: boolean;
  /** Make a password (injected in tests). @default generatePassword */
  generate?: () => string;
  /** Make IAM's JWK set (injected in tests). @default generateKeystore */
  generateKeystore?: () => string;
  /** Ask the operator for an outside value; undefined leaves the FIXME. */
  ask?: (p: Placeholder) => Promise<string | undefined>;
  /** When false, nothing is generated or asked: the result tells whether the existing file is already complete. */
  create?: boolean;
}

export interface FillResult {
  text: string;
  /** The filled values as an object. */
  values: unknown;
  sources: { key: string; source: ValueSource; secret: boolean }[];
  /** Placeholders of enabled components no source could fill. */
  missing: Placeholder[];
  /** Values that need generating or asking (create: false only). */
  pending: Placeholder[];
  /** The secret values that went in (to register with the exec masker). */
  secrets: string[];
}

/** Fills the template: answers/env first, then values already in the workspace file, then generated, rehearsal or asked ones. */
export async function fillValues(input: FillInput): Promise<FillResult> {
  const doc: Document = YAML.parseDocument(input.template);
  const template = doc.toJS() as unknown;
  const existing = input.existing ? (YAML.parse(input.existing) as unknown) : undefined;
  const generate = input.generate ?? generatePassword;
  const create = input.create ?? true;
  for (const s of input.settings) setIn(doc, s.path, s.value);
  const sources: FillResult['sources'] = [];
  const missing: Placeholder[] = [];
  const pending: Placeholder[] = [];
  const secrets: string[] = [];
  for (const p of findPlaceholders(template)) {
    const relevant = p.components.some((c) => input.enabled.includes(c));
    const kept = getIn(existing, p.path);
    let value: string | undefined;
    let source: ValueSource | undefined;
    const fromAnswers = input.given[p.key];
    const fromEnv = input.env[envNameOf(p.key)];
    if (fromEnv !== undefined && fromEnv !== '') [value, source] = [fromEnv, 'env'];
    else if (fromAnswers !== undefined && fromAnswers !== '') [value, source] = [fromAnswers, 'answers'];
    else if (typeof kept === 'string' && kept !== '' && !isPlaceholder(kept)) [value, source] = [kept, 'kept'];
    else if (typeof kept === 'number' || typeof kept === 'boolean') [value, source] = [String(kept), 'kept'];
    else if (!relevant) continue;
    else if (!create) {
      pending.push(p);
      continue;
    } else if (p.kind === 'generated') [value, source] = [p.generator === 'keystore' ? (input.generateKeystore ?? generateKeystore)() : generate(), 'generated'];
    else if (input.rehearsal) [value, source] = [rehearsalValue(p), 'rehearsal'];
    else if (input.ask) {
      const answer = await input.ask(p);
      if (answer !== undefined && answer !== '') [value, source] = [answer, 'asked'];
    }
    if (value === undefined || source === undefined) {
      missing.push(p);
      continue;
    }
    setIn(doc, p.path, value);
    if (p.secret) secrets.push(value);
    sources.push({ key: p.key, source, secret: p.secret });
  }
  const text = doc.toString({ lineWidth: 0 });
  return { text, values: doc.toJS() as unknown, sources, missing, pending, secrets };
}

function setIn(doc: Document, path: readonly PathPart[], value: unknown): void {
  // Keep the template's comments and layout: change the scalar in place when it exists.
  const node = doc.getIn(path, true) as YamlNode | undefined;
  if (node && isScalar(node)) {
    node.value = value;
    return;
  }
  if (node && (isMap(node) || isSeq(node))) {
    doc.setIn(path, doc.createNode(value));
    return;
  }
  doc.setIn(path, value);
}

/** One line per missing value, saying how to give it. */
export function describeMissing(missing: readonly Placeholder[], valuesFile: string): string[] {
  return missing.map((p) => {
    if (p.kind === 'generated') {
      return `${p.key} (${p.components.join(', ')}): not generated yet (${JSON.stringify(p.template)} in ${valuesFile}); run panda-k8s bootstrap, which generates it when it fills the secret values, or give it with export ${envNameOf(p.key)}=…`;
    }
    const how = p.secret
      ? `export ${envNameOf(p.key)}=…`
      : `secrets.values["${p.key}"] in the answers file, or export ${envNameOf(p.key)}=…`;
    return `${p.key} (${p.components.join(', ')}): no value yet (${JSON.stringify(p.template)} in ${valuesFile}); give it with ${how}`;
  });
}

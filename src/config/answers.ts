// The answers file (`<workspace>/panda-k8s.yaml`): every choice the wizard asks for, never a secret.
// Load → validate (errors name the key and why) → use; save writes it back atomically.

import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { COMPONENT_NAMES, COMPONENTS, EXPERIMENTS } from '../deploy/components.js';
import { validateAffix } from '../deploy/names.js';
import { UsageError } from '../engine/errors.js';
import { writeFileAtomic } from '../engine/atomic-write.js';
import { suggest } from '../engine/plan.js';
import { validateClusterName } from './cloud-names.js';

export const ANSWERS_FILE = 'panda-k8s.yaml';
export const TARGETS = ['sim', 'openstack', 'existing'] as const;
export type Target = (typeof TARGETS)[number];

/** Cluster names: Magnum's own rule (src/config/cloud-names.ts cites it); the derived names' limits need the profile and are checked with it. */
export { validateClusterName } from './cloud-names.js';

const SUBCOMPONENT_TOKENS = COMPONENTS.flatMap((c) => c.subcomponents.map((s) => `${c.name}.${s}`));

const clusterSchema = z.object({
  /** As Magnum takes it (upper case allowed, e.g. PanDA-DOMA-k8s); node names, aliases and URLs use its lower-case form. @default 'panda-k8s' */
  name: z.string().superRefine((v, ctx) => {
    const why = validateClusterName(v);
    if (why) ctx.addIssue({ code: z.ZodIssueCode.custom, message: why });
  }).optional(),
  nodeCount: z.number({ invalid_type_error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
  flavor: z.string().min(1).optional(),
  masterFlavor: z.string().min(1).optional(),
  /** Cluster template; the newest kubernetes-X.Y.Z-N when absent. */
  template: z.string().min(1).optional(),
  keypair: z.string().min(1).optional(),
  publicKeyFile: z.string().min(1).optional(),
  /** Overall wait for CREATE_COMPLETE, e.g. "60m". */
  createTimeout: z.string().regex(/^\d+[smh]$/, 'must be a duration like 45m or 2h').optional(),
  /** Wait for every node to be Ready, e.g. "15m". @default 15m */
  nodesTimeout: z.string().regex(/^\d+[smh]$/, 'must be a duration like 15m').optional(),
  /** Check that the LanDB aliases resolve in DNS (propagation takes up to ~15 minutes). @default false */
  dnsCheck: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
}).strict();

const kubeSchema = z.object({
  kubeconfig: z.string().min(1).optional(),
  context: z.string().min(1).optional(),
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label (lower-case letters, digits, "-")').optional(),
}).strict();

const deploySchema = z.object({
  experiment: z.string().superRefine((v, ctx) => {
    if (v !== 'none' && !(EXPERIMENTS as readonly string[]).includes(v)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `unknown experiment "${v}"${suggest(v, EXPERIMENTS)}; valid: none, ${EXPERIMENTS.join(', ')}` });
    }
  }).optional(),
  affix: z.string().superRefine((v, ctx) => {
    const why = validateAffix(v);
    if (why) ctx.addIssue({ code: z.ZodIssueCode.custom, message: why });
  }).optional(),
  enable: z.array(z.string().superRefine((v, ctx) => {
    if (!(COMPONENT_NAMES as readonly string[]).includes(v)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `unknown component "${v}"${suggest(v, COMPONENT_NAMES)}; valid: ${COMPONENT_NAMES.join(', ')}` });
    }
  })).optional(),
  disable: z.array(z.string().superRefine((v, ctx) => {
    const valid = [...COMPONENT_NAMES, ...SUBCOMPONENT_TOKENS];
    if (!valid.includes(v)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `unknown component or sub-component "${v}"${suggest(v, valid)}; valid: ${valid.join(', ')}` });
    }
  })).optional(),
  /** helm --timeout per release, e.g. "10m". */
  timeout: z.string().regex(/^\d+[smh]$/, 'must be a duration like 10m').optional(),
}).strict();

const certificatesSchema = z.object({
  /** A directory holding hostkey.pem, hostcert.pem and chain.pem. */
  dir: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  cert: z.string().min(1).optional(),
  chain: z.string().min(1).optional(),
  /** Host names the certificate must cover. @default the profile's LanDB alias names (e.g. <cluster>-panda.cern.ch) */
  hosts: z.array(z.string().regex(/^(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i, 'must be a DNS name')).optional(),
}).strict();

const cricSchema = z.object({
  /** real: the services ask a CRIC instance; files: JSON files in secrets/files/cric_jsons. */
  mode: z.enum(['real', 'files']).optional(),
  /** A CRIC instance to download the JSON files from (files mode). */
  url: z.string().url('must be a URL like https://datalake-cric.cern.ch').optional(),
  /** Where the JSON files are. @default secrets/files/cric_jsons */
  dir: z.string().min(1).optional(),
}).strict();

const secretsSchema = z.object({
  /** Workspace file with the filled secret values (mode 0600). @default .panda-k8s/secrets.values.yaml */
  valuesFile: z.string().min(1).optional(),
  /** Outside values that are not secret (host names, client ids), by key path of secrets/values.yaml, e.g. {"panda.hostName": "pandaserver.cern.ch"}. Secrets go in PANDA_K8S_SECRET_* variables, never here. */
  values: z.record(z.string()).optional(),
}).strict();

export const answersSchema = z.object({
  target: z.enum(TARGETS).optional(),
  /** Site profile from bootstrap/profiles: cern, existing, lsst, sphenix. */
  profile: z.string().min(1).optional(),
  /** Set when rehearsal defaults (sim certificates, sample secrets) were used: never valid for a real target. */
  rehearsal: z.boolean().optional(),
  cluster: clusterSchema.optional(),
  kube: kubeSchema.optional(),
  deploy: deploySchema.optional(),
  certificates: certificatesSchema.optional(),
  cric: cricSchema.optional(),
  secrets: secretsSchema.optional(),
}).strict();

export type Answers = z.infer<typeof answersSchema>;

function knownKeys(schema: z.ZodTypeAny): string[] {
  const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

function schemaAt(pathParts: (string | number)[]): z.ZodTypeAny {
  let schema: z.ZodTypeAny = answersSchema;
  for (const part of pathParts) {
    const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
    if (inner instanceof z.ZodObject && typeof part === 'string') schema = inner.shape[part];
    else if (inner instanceof z.ZodArray) schema = inner.element;
    else break;
  }
  return schema;
}

/** Turns zod issues into one message per bad key: `cluster.nodeCount: must be at least 1 (got 0)`. */
export function describeIssues(issues: z.ZodIssue[], source: unknown): string[] {
  return issues.flatMap((issue) => {
    const where = issue.path.join('.') || '(top level)';
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      const valid = knownKeys(schemaAt(issue.path));
      return issue.keys.map((k) => {
        const key = [...issue.path, k].join('.');
        return `${key}: unknown key${suggest(k, valid)}; valid keys here: ${valid.join(', ')}`;
      });
    }
    let got = '';
    let value: unknown = source;
    for (const p of issue.path) value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[p] : undefined;
    if (value !== undefined && issue.code !== z.ZodIssueCode.custom) got = ` (got ${JSON.stringify(value)})`;
    let message = issue.message;
    if (issue.code === z.ZodIssueCode.invalid_type) message = `must be ${issue.expected}${issue.received === 'undefined' ? '' : `, not ${issue.received}`}`;
    if (issue.code === z.ZodIssueCode.invalid_enum_value) message = `must be one of ${issue.options.join(', ')}`;
    return [`${where}: ${message}${got}`];
  });
}

/** Validates a parsed answers object; `origin` names the file or flag in the error. */
export function validateAnswers(value: unknown, origin: string): Answers {
  const parsed = answersSchema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const lines = describeIssues(parsed.error.issues, value);
  throw new UsageError(`${origin} is not valid:\n${lines.map((l) => `  - ${l}`).join('\n')}`, `Fix the key(s) above in ${origin} and run again.`);
}

export function answersPath(workspace: string): string {
  return path.join(workspace, ANSWERS_FILE);
}

/** Loads and validates an answers file; a missing file gives {} only when `optional`. */
export function loadAnswers(file: string, options: { optional?: boolean } = {}): Answers {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && options.optional) return {};
    throw new UsageError(`Cannot read the answers file ${file}: ${(error as Error).message}`, 'Pass an existing file with --config, or omit --config to use the workspace one.');
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0];
    throw new UsageError(`${file}${line ? `:${line.line}:${line.col}` : ''}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  return validateAnswers(doc.toJS() ?? {}, file);
}

/** Writes the answers (validated first, so a bad answer is never saved). */
export function saveAnswers(file: string, answers: Answers, header?: string): void {
  const valid = validateAnswers(answers, file);
  const body = YAML.stringify(valid, { lineWidth: 0 });
  const intro = header ?? '# panda-k8s answers: every choice of the wizard, no secrets.\n# Replay with: panda-k8s bootstrap --config panda-k8s.yaml --yes\n';
  writeFileAtomic(file, intro + body, 0o644);
}

/** Deep merge: later layers win, arrays are replaced, undefined never overrides. */
export function mergeAnswers(...layers: (Answers | undefined)[]): Answers {
  const merge = (a: unknown, b: unknown): unknown => {
    if (b === undefined) return a;
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
      for (const [k, v] of Object.entries(b as Record<string, unknown>)) {
        const m = merge(out[k], v);
        if (m !== undefined) out[k] = m;
      }
      return out;
    }
    return b;
  };
  return layers.reduce<unknown>((acc, layer) => merge(acc, layer), {}) as Answers;
}

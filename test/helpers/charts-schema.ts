// Generates each chart's values.schema.json from its values.yaml and `## @param` comments (types
// from the defaults, descriptions from the comments), then tightens the values that must be exact.
// `node --import tsx test/helpers/charts-schema.ts --write` rewrites the files; a chart test checks
// the committed ones are what this produces, so values.yaml and the schema cannot drift apart.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { EXPERIMENTS } from '../../src/deploy/components.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CHART_DIRS = ['msgsvc', 'iam', 'panda', 'harvester', 'idds', 'bigmon'].map((c) => join(REPO, 'charts', c));
export const SECRETS_DIR = join(REPO, 'secrets');

type Schema = Record<string, unknown>;

/** Keys whose content is free-form (Kubernetes objects, JSON documents, maps chosen by the user). */
const FREE_FORM = new Set([
  'resources', 'podSecurityContext', 'securityContext', 'nodeSelector', 'affinity', 'extraEnv', 'annotations',
  'config', 'configMap', 'queueConfig', 'providers', 'objectStore', 'secretDigests', 'experimentIds', 'rucioRseUsage',
]);

const AFFIX = '^(|[a-z0-9]([a-z0-9-]*[a-z0-9])?-|-[a-z0-9]([a-z0-9-]*[a-z0-9])?)$';
const DNS_OR_EMPTY = '^(|[a-z0-9]([a-z0-9-]*[a-z0-9])?)$';

function descriptions(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^\s*## @param (\S+) (.*)$/gm)) out.set(m[1]!, m[2]!.trim());
  return out;
}

/** Extra constraints by key path; `*` matches one path segment. */
const TIGHTEN: Array<[RegExp, Schema]> = [
  [/^(global\.)?affix$/, { pattern: AFFIX, maxLength: 20 }],
  [/^global\.deploymentName$/, { pattern: DNS_OR_EMPTY, maxLength: 63 }],
  [/^global\.experiment$/, { enum: ['', ...EXPERIMENTS] }],
  [/^[^.]+\.image\.tag$/, { minLength: 1, not: { enum: ['latest', 'master'] } }],
  [/^[^.]+\.image\.pullPolicy$/, { enum: ['Always', 'IfNotPresent', 'Never'] }],
  [/\.replicaCount$/, { minimum: 1 }],
  [/\.database\.backend$/, { enum: ['postgres', 'oracle'] }],
  [/^bigmon\.logsProvider$/, { enum: ['rucio', 'cric'] }],
  [/^sharedLogs\.accessMode$/, { enum: ['ReadWriteMany', 'ReadWriteOnce'] }],
  [/^rucio\.authType$/, { enum: ['userpass', 'x509_proxy', 'oidc'] }],
  [/^iam\.registration\.clientRegistrationAllowFor$/, { enum: ['ANYONE', 'REGISTERED_USERS', 'ADMINISTRATORS'] }],
  [/^iam\.registration\.localAuthnEnabledFor$/, { enum: ['all', 'vo-admins', 'none'] }],
  [/^iam\.registration\.loginPageVisibility$/, { enum: ['visible', 'hidden'] }],
  [/\.(size)$/, { pattern: '^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T)?$' }],
];

function infer(value: unknown, path: string, docs: Map<string, string>): Schema {
  const s: Schema = {};
  const key = path.split('.').pop() ?? '';
  if (Array.isArray(value)) s.type = 'array';
  else if (value !== null && typeof value === 'object') {
    s.type = 'object';
    const entries = Object.entries(value as Record<string, unknown>);
    if (!FREE_FORM.has(key) && entries.length > 0) {
      s.properties = Object.fromEntries(entries.map(([k, v]) => [k, infer(v, path ? `${path}.${k}` : k, docs)]));
      s.additionalProperties = false;
    }
  } else if (typeof value === 'boolean') s.type = 'boolean';
  else if (typeof value === 'number') s.type = Number.isInteger(value) ? 'integer' : 'number';
  else s.type = 'string';
  const doc = docs.get(path);
  if (doc) s.description = doc;
  for (const [re, extra] of TIGHTEN) if (re.test(path)) Object.assign(s, extra);
  return s;
}

export function schemaFor(chartDir: string): Schema {
  const text = readFileSync(join(chartDir, 'values.yaml'), 'utf8');
  const values = parse(text) as Record<string, unknown>;
  const root = infer(values, '', descriptions(text));
  const props = root.properties as Record<string, Schema>;
  // helm always passes `global`, also to a chart that declares none (the secrets chart).
  if (!props.global) props.global = { type: 'object' };
  return { $schema: 'http://json-schema.org/draft-07/schema#', title: `${chartDir.split('/').pop()} values`, ...root };
}

export function schemaText(chartDir: string): string {
  return `${JSON.stringify(schemaFor(chartDir), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  for (const dir of [...CHART_DIRS, SECRETS_DIR]) {
    writeFileSync(join(dir, 'values.schema.json'), schemaText(dir));
    console.log(`wrote ${join(dir, 'values.schema.json')}`);
  }
}

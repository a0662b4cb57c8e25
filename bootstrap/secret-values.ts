// secret-values: the filled values file in the workspace (mode 0600), derived from secrets/values.yaml —
// passwords that are ours to choose generated (crypto-random, kept on later runs), outside values from the
// environment, the answers file (non-secret ones) or the operator; refuses while a FIXME of an enabled component remains.

import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Step, StepContext } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { ActionableError, UsageError } from '../src/engine/errors.js';
import { writeFileAtomic } from '../src/engine/atomic-write.js';
import { COMPONENT_NAMES, type ComponentName } from '../src/deploy/components.js';
import {
  describeMissing, envNameOf, fillValues, findPlaceholders, getIn, remainingFixmes, type FillResult, type PathPart,
} from '../src/deploy/secrets-values.js';
import { affixOf, enabledComponents, valuesFile } from './settings.js';

export function templateFile(data: RunData): string {
  return path.join(data.projectRoot, 'secrets', 'values.yaml');
}

function readTemplate(data: RunData): string {
  const file = templateFile(data);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ActionableError(`Cannot read the secrets chart values ${file}: ${(error as Error).message}`, { nextSteps: ['Run panda-k8s from the project folder (the one with charts/ and secrets/).'] });
  }
}

/** The plain settings the answers decide (affix, which components, CRIC mode), where the template has those keys. */
export function settingsFor(data: RunData, template: unknown): { path: PathPart[]; value: unknown }[] {
  const enabled = enabledComponents(data);
  const out: { path: PathPart[]; value: unknown }[] = [];
  if (getIn(template, ['affix']) !== undefined) out.push({ path: ['affix'], value: affixOf(data) });
  for (const c of COMPONENT_NAMES) {
    if (getIn(template, [c, 'enabled']) !== undefined) out.push({ path: [c, 'enabled'], value: enabled.includes(c) });
  }
  const real = (data.answers.cric?.mode ?? 'real') === 'real';
  if (getIn(template, ['cric', 'real']) !== undefined) out.push({ path: ['cric', 'real'], value: real });
  // CRIC-free: the chart then refuses to render without the mandatory files, instead of mounting an empty Secret.
  if (getIn(template, ['cric', 'requireFiles']) !== undefined) out.push({ path: ['cric', 'requireFiles'], value: !real });
  return out;
}

/** Secrets never go in the answers file: a secret key under secrets.values is refused, naming it. */
function givenValues(data: RunData, template: unknown): Record<string, string> {
  const given = data.answers.secrets?.values ?? {};
  const byKey = new Map(findPlaceholders(template).map((p) => [p.key, p]));
  for (const key of Object.keys(given)) {
    const p = byKey.get(key);
    if (!p) throw new UsageError(`secrets.values["${key}"]: secrets/values.yaml has no placeholder at ${key}`, `Placeholders: ${[...byKey.keys()].join(', ')}`);
    if (p.secret) throw new UsageError(`secrets.values["${key}"]: ${key} is a secret and never goes in the answers file`, `Remove it there and export ${envNameOf(key)}=… instead.`);
  }
  return given;
}

/** Target sim: outside values nobody gave are filled with clearly fake stand-ins (never written to the answers). */
function isRehearsal(data: RunData): boolean {
  return data.target === 'sim' && data.standIns?.secretValues === true;
}

/** Fills the values; create: false only reports what is there and what is still needed. */
export async function planValues(data: RunData, create: boolean): Promise<{ result: FillResult; file: string; existing: string | undefined; enabled: ComponentName[] }> {
  const templateText = readTemplate(data);
  const template = YAML.parse(templateText) as unknown;
  const file = valuesFile(data);
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  const enabled = enabledComponents(data);
  const ask = !data.unattended && data.askValue
    ? (p: { key: string; secret: boolean; components: readonly string[] }) => data.askValue!({ key: p.key, secret: p.secret, description: `${p.key} (for ${p.components.join(', ')})` })
    : undefined;
  const result = await fillValues({
    template: templateText, existing, enabled, settings: settingsFor(data, template), given: givenValues(data, template),
    env: data.env, rehearsal: isRehearsal(data), ask, create,
  });
  for (const s of result.secrets) data.exec.addSecret(s);
  return { result, file, existing, enabled };
}

export function fixmeError(missing: FillResult['missing'], file: string): ActionableError {
  return new ActionableError(`secret values: ${missing.length} FIXME placeholder(s) of enabled components have no value:\n${describeMissing(missing, file).map((l) => `  - ${l}`).join('\n')}`, {
    hint: 'Nothing is deployed while a FIXME remains in an enabled component. Passwords that are ours to choose are generated; these come from outside.',
    nextSteps: ['Give each value as shown, or run without --yes to be asked, or disable the component (deploy.disable).'],
  });
}

/** The deploy preflight: refuses while any FIXME of an enabled component remains in the filled values file, listing each key path. */
export function assertNoFixmes(data: RunData): void {
  const file = valuesFile(data);
  let values: unknown;
  try {
    values = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ActionableError(`The filled secret values ${file} cannot be read: ${(error as Error).message}`, { nextSteps: ['Run panda-k8s bootstrap to create it.'] });
  }
  const left = remainingFixmes(values, enabledComponents(data));
  if (left.length > 0) throw fixmeError(left, file);
}

function privateEnough(file: string): boolean {
  return (fs.statSync(file).mode & 0o077) === 0;
}

async function report(ctx: StepContext<RunData>, result: FillResult): Promise<void> {
  const rehearsal = result.sources.filter((s) => s.source === 'rehearsal').map((s) => s.key);
  if (rehearsal.length > 0) ctx.data.notice(`REHEARSAL values (not real, --target sim only) for: ${rehearsal.join(', ')}`);
  const generated = result.sources.filter((s) => s.source === 'generated').length;
  if (generated > 0) ctx.log(`generated ${generated} password(s)`);
}

export const secretValuesStep = {
  id: 'secret-values',
  title: 'Secret values (filled, mode 0600)',
  needs: ['components', 'cric'],
  inputs: (data) => ({ deploy: data.answers.deploy, cric: data.answers.cric?.mode, given: data.answers.secrets?.values, file: data.answers.secrets?.valuesFile }),
  async check(ctx) {
    const { result, file, existing } = await planValues(ctx.data, false);
    // Outside values nobody can give in this run: refuse now, before anything is written.
    const cannotAsk = ctx.data.unattended || !ctx.data.askValue;
    const unfillable = result.pending.filter((p) => p.kind === 'outside' && !isRehearsal(ctx.data));
    if (cannotAsk && (unfillable.length > 0 || result.missing.length > 0)) throw fixmeError([...result.missing, ...unfillable], existing === undefined ? templateFile(ctx.data) : file);
    if (existing === undefined) return { done: false, reason: `${file} does not exist yet` };
    if (result.pending.length > 0) return { done: false, reason: `${result.pending.length} value(s) to fill` };
    if (result.text !== existing) return { done: false, reason: `${file} differs from what the answers make` };
    if (!privateEnough(file)) return { done: false, reason: `${file} is readable by others` };
    return { done: true, reason: `${file} is complete`, outputs: { valuesFile: file } };
  },
  async apply(ctx) {
    if (ctx.data.dryRun) {
      ctx.log(`would fill ${valuesFile(ctx.data)} (mode 0600) for the enabled components`);
      return;
    }
    const { result, file, existing } = await planValues(ctx.data, true);
    if (result.missing.length > 0) throw fixmeError(result.missing, file);
    if (result.text !== existing) writeFileAtomic(file, result.text, 0o600);
    fs.chmodSync(file, 0o600);
    await report(ctx, result);
    ctx.log(`${file} (mode 0600)`);
    return { valuesFile: file };
  },
  async verify(ctx) {
    assertNoFixmes(ctx.data);
    return privateEnough(valuesFile(ctx.data));
  },
} satisfies Step<RunData>;

// Site profiles (bootstrap/profiles/*.yaml): defaults the wizard offers and site facts the steps read,
// applied under the answers so that every answer overrides its profile default.

import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { answersSchema, describeIssues, mergeAnswers, TARGETS, type Answers, type Target } from '../src/config/answers.js';
import { UsageError } from '../src/engine/errors.js';
import { COMPONENT_NAMES } from '../src/deploy/components.js';
import { aliasHosts, cloudNameProblems, expandAliases, landbAliasValue } from '../src/config/cloud-names.js';
import { suggest } from '../src/engine/plan.js';
import { projectRoot } from '../src/app/project-root.js';

const siteSchema = z.object({
  /** Cluster template names offered, with the version as four capture groups. */
  templatePattern: z.string().optional(),
  /** `--labels` of `coe cluster create` (always with `--merge-labels`). */
  labels: z.record(z.string()).default({}),
  ingress: z.object({
    /** `namespace/name` of the ingress-nginx controller ConfigMap the snippet settings go into. */
    configMap: z.string().regex(/^[a-z0-9-]+\/[a-z0-9.-]+$/, 'must be namespace/name').optional(),
    controllerNamespace: z.string().optional(),
    /** Label selector of the controller DaemonSet/Deployment (version and ssl-passthrough check). */
    controllerSelector: z.string().optional(),
    /** `key=value` put on every worker node. */
    nodeLabel: z.string().regex(/^[a-z0-9./-]+=[a-zA-Z0-9._-]*$/, 'must be key=value').optional(),
  }).strict().default({}),
  landb: z.object({
    /** Alias stems, `{cluster}` replaced by the cluster name; node i gets `<stem>--load-<i>-`. */
    aliases: z.array(z.string()).default([]),
    /** DNS domain of the aliases (the names certificates must cover). */
    domain: z.string().optional(),
    /**
     * Which alias is each component's public name (`{cluster}` replaced), for the URLs the final screen and
     * `status` show; the component's outside host value (panda.hostName, bigmon.hostname, iam.baseUrl), when
     * given, wins. @default none
     */
    services: z.record(z.enum(COMPONENT_NAMES as unknown as [string, ...string[]]), z.string()).default({}),
  }).strict().default({}),
}).strict();

const profileSchema = z.object({
  name: z.string(),
  title: z.string(),
  target: z.enum(TARGETS),
  defaults: answersSchema.default({}),
  site: siteSchema,
}).strict();

export type SiteProfile = z.infer<typeof profileSchema>;
export type SiteFacts = SiteProfile['site'];

export function profilesDir(): string {
  return path.join(projectRoot(), 'bootstrap', 'profiles');
}

export function profileNames(dir = profilesDir()): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
}

export function loadProfile(name: string, dir = profilesDir()): SiteProfile {
  const names = profileNames(dir);
  if (!names.includes(name)) {
    throw new UsageError(`profile: unknown site profile "${name}"${suggest(name, names)}; valid: ${names.join(', ')}`, 'Set `profile:` in the answers file to one of these.');
  }
  const file = path.join(dir, `${name}.yaml`);
  const parsed = profileSchema.safeParse(YAML.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new UsageError(`${file} is not a valid profile:\n${describeIssues(parsed.error.issues, undefined).map((l) => `  - ${l}`).join('\n')}`);
  }
  return parsed.data;
}

/** The profile a target uses when the answers name none. */
export function defaultProfileName(target: Target): string {
  return target === 'existing' ? 'existing' : 'cern';
}

/** Loads the answers' profile (or the target's default) and applies its defaults under the answers. */
export function applyProfile(answers: Answers, target: Target): { profile: SiteProfile; answers: Answers } {
  const profile = loadProfile(answers.profile ?? defaultProfileName(target));
  if (target !== 'existing' && profile.target === 'existing') {
    throw new UsageError(`profile: "${profile.name}" is for an existing cluster, but the target is ${target}`, `Run with --target existing, or choose the cern profile.`);
  }
  const merged = mergeAnswers(profile.defaults, answers, { profile: profile.name, target });
  return { profile, answers: merged };
}

/** `{cluster}`-expanded alias stems of the profile, in the lower-case form the cloud derives (PanDA-DOMA-k8s → panda-doma-k8s). */
export function aliasStems(site: SiteFacts, clusterName: string): string[] {
  return expandAliases(site.landb.aliases, clusterName);
}

/** The LanDB alias list of node `index` (1-based): `c--load-1-,c-harvester--load-1-,…`. */
export function landbAliasesFor(site: SiteFacts, clusterName: string, index: number): string {
  return landbAliasValue(aliasStems(site, clusterName), index);
}

/** The DNS names the aliases make (the names host certificates must cover). */
export function aliasHostNames(site: SiteFacts, clusterName: string): string[] {
  return aliasHosts(site.landb.aliases, clusterName, site.landb.domain);
}

/** What the cloud would refuse later about the names derived from the cluster name (alias value length, DNS labels). */
export function clusterNameProblems(site: SiteFacts, name: string, nodeCount: number): string[] {
  return cloudNameProblems({ name, nodeCount, aliases: site.landb.aliases, domain: site.landb.domain });
}

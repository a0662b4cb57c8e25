// The single naming rule: affix + component → release, deployment, service and secret names.
// The charts implement the same rule in their _helpers.tpl from `global.affix`; a chart test
// renders them and compares with these functions, so the installer and the charts cannot drift
// apart the way the reference deployment's two schemes did.

import type { ComponentName } from './components.js';

/** The secrets release. Its name is fixed: every chart finds its Secrets through it. */
export const SECRETS_RELEASE = 'panda-secrets';

/** Kubernetes object names are DNS labels: 63 characters at most. */
const DNS_LABEL_MAX = 63;
const AFFIX_PATTERN = /^(?:|[a-z0-9]([a-z0-9-]*[a-z0-9])?-|-[a-z0-9]([a-z0-9-]*[a-z0-9])?)$/;

/** `blah-` is a prefix, `-blah` a suffix, '' means plain component names. */
export function validateAffix(affix: string): string | undefined {
  if (!AFFIX_PATTERN.test(affix)) {
    return `affix "${affix}" must be a prefix ending in "-" (e.g. "test-"), a suffix starting with "-" (e.g. "-dev") or empty, using lower-case letters, digits and "-"`;
  }
  if (affix.length > 20) return `affix "${affix}" is longer than 20 characters; object names would pass the 63-character limit`;
  return undefined;
}

export function releaseName(affix: string, comp: ComponentName): string {
  const name = affix.endsWith('-') ? `${affix}${comp}` : `${comp}${affix}`;
  return name.slice(0, DNS_LABEL_MAX);
}

/** Object name of a sub-component's workload and Service: `<release>-<sub>`. */
export function workloadName(affix: string, comp: ComponentName, sub: string): string {
  return `${releaseName(affix, comp)}-${sub}`.slice(0, DNS_LABEL_MAX);
}

/** Service name of a sub-component; the charts name a sub-component's Service like its workload. */
export function serviceName(affix: string, comp: ComponentName, sub: string): string {
  return workloadName(affix, comp, sub);
}

/** Name of a Secret the secrets release creates: `panda-secrets-<suffix>` (the charts' `global.secret`). */
export function secretName(suffix: string): string {
  return `${SECRETS_RELEASE}-${suffix}`.slice(0, DNS_LABEL_MAX);
}

/** The shared logs claim: created by the secrets release (tier 0) when `sharedLogs.create` is set. */
export const SHARED_LOGS_CLAIM = 'panda-shared-logs';

/**
 * Ports of the Services other components reach, by `component.sub` and port name. Fixed in the
 * charts' templates (not values), so this table and the rendered Services cannot disagree; a chart
 * test compares them. JEDI and the iDDS daemons have headless Services that nobody calls.
 */
export const SERVICE_PORTS = {
  'msgsvc.activemq': { stomp: 61613 },
  'iam.main': { http: 8443 },
  'iam.mariadb': { mysql: 3306 },
  'panda.server': { http: 80, https: 443 },
  'panda.postgres': { postgres: 5432 },
  'harvester.harvester': { http: 80, https: 443 },
  'harvester.mariadb': { mysql: 3306 },
  'idds.rest': { https: 8443, http: 8080 },
  'idds.postgres': { postgres: 5432 },
  'bigmon.main': { https: 443 },
} as const satisfies Record<string, Record<string, number>>;

export type ServiceKey = keyof typeof SERVICE_PORTS;

/**
 * Every host:port the components offer for an affix, keyed `component.sub.port`
 * (e.g. `msgsvc.activemq.stomp` → `test-msgsvc-activemq:61613`).
 */
export function serviceEndpoints(affix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, ports] of Object.entries(SERVICE_PORTS)) {
    const [comp, sub] = key.split('.') as [ComponentName, string];
    const host = serviceName(affix, comp, sub);
    for (const [portName, port] of Object.entries(ports)) out[`${key}.${portName}`] = `${host}:${port}`;
  }
  return out;
}

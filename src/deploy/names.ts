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

// What the cloud accepts as a cluster name and what it derives from it: Magnum's name rule, the lower-case stem
// Magnum builds host names from, and the limits the derived names meet later (Nova's 255-character property
// values, 63-character DNS labels), so that a name the cloud would refuse after the cluster is built is refused
// when it is answered.

/**
 * Magnum's own rule for a cluster name (magnum/api/controllers/v1/cluster.py, `Cluster.name`:
 * `wtypes.StringType(min_length=1, max_length=242, pattern='^[a-zA-Z][a-zA-Z0-9_.-]*$')`; 242 so that the
 * Heat stack name, the name plus a uuid, stays within 255). Upper case is accepted: `PanDA-DOMA-k8s` is fine.
 */
export const MAGNUM_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;
export const MAGNUM_NAME_MAX = 242;

/**
 * Nova's limit on a server property (metadata) value: nova/api/validation/parameter_types.py `metadata`,
 * `'^[a-zA-Z0-9-_:. ]{1,255}$': {'type': 'string', 'maxLength': 255}`. A longer value is refused with
 * HTTP 400 "Invalid input for field/attribute <key>. Value: …. '…' is too long".
 */
export const NOVA_PROPERTY_VALUE_MAX = 255;
export const NOVA_PROPERTY_KEY_PATTERN = /^[a-zA-Z0-9-_:. ]{1,255}$/;

/** RFC 1035: one label of a host name is at most 63 characters. */
export const DNS_LABEL_MAX = 63;

/** Why Magnum would refuse `name` as a cluster name, or undefined. */
export function validateClusterName(name: string): string | undefined {
  if (name.length === 0 || name.length > MAGNUM_NAME_MAX || !MAGNUM_NAME_PATTERN.test(name)) {
    return `cluster name "${name}" is not one Magnum accepts: 1-${MAGNUM_NAME_MAX} characters, letters (upper or lower case), digits, "_", "." and "-", starting with a letter`;
  }
  return undefined;
}

/**
 * The lower-case form of a cluster name the cloud builds host names from. Magnum's Heat driver names the stack
 * (and so every server, `<stack>-node-<i>`) `name[:30]` with "_" and "." turned into "-", other characters
 * dropped, a random 12-character id appended, all lower-cased (magnum/drivers/heat/driver.py `_create_stack`,
 * before the driver's removal in 31b84327). Host names we derive (LanDB aliases, certificate names, URLs) take
 * the same form without the 30-character cut and the random id: `PanDA-DOMA-k8s` → `panda-doma-k8s`.
 */
export function hostStem(clusterName: string): string {
  return clusterName.replace(/[_.]/g, '-').replace(/[^A-Za-z0-9-]/g, '').toLowerCase();
}

/** `{cluster}`-expanded alias stems, in the cloud's lower-case form. */
export function expandAliases(templates: readonly string[], clusterName: string): string[] {
  const stem = hostStem(clusterName);
  return templates.map((t) => t.replaceAll('{cluster}', stem).toLowerCase());
}

/** The `landb-alias` property value of node `index` (1-based): `<stem>--load-<index>-` for each stem, comma-joined. */
export function landbAliasValue(stems: readonly string[], index: number): string {
  return stems.map((stem) => `${stem}--load-${index}-`).join(',');
}

export interface CloudNameInput {
  name: string;
  /** Worker nodes: the last one carries the longest alias value (`--load-10-` is one character longer). */
  nodeCount: number;
  /** The profile's alias templates (`{cluster}`, `{cluster}-harvester` …); none when the site sets no aliases. */
  aliases: readonly string[];
  /** The aliases' DNS domain (cern.ch). */
  domain?: string;
  /** The answers key the name came from, for the message. @default 'cluster.name' */
  key?: string;
}

/**
 * What the cloud would refuse later about names derived from `name` (Magnum's own rule first): the landb-alias
 * value of the last node over Nova's 255 characters, an alias longer than a DNS label. Each message gives the
 * computed length and how much to shorten the name.
 */
export function cloudNameProblems(input: CloudNameInput): string[] {
  const key = input.key ?? 'cluster.name';
  const why = validateClusterName(input.name);
  if (why) return [`${key}: ${why}`];
  if (input.aliases.length === 0) return [];
  const problems: string[] = [];
  const stems = expandAliases(input.aliases, input.name);
  const last = Math.max(1, input.nodeCount);
  const value = landbAliasValue(stems, last);
  // Every alias holding {cluster} grows by one character per character of the name.
  const perChar = input.aliases.reduce((n, a) => n + (a.split('{cluster}').length - 1), 0);
  if (value.length > NOVA_PROPERTY_VALUE_MAX) {
    const excess = value.length - NOVA_PROPERTY_VALUE_MAX;
    const cut = perChar > 0 ? Math.ceil(excess / perChar) : excess;
    problems.push(
      `${key}: "${input.name}" makes a landb-alias value of ${value.length} characters on node ${last} (${stems.length} aliases ending in --load-${last}-); ` +
        `Nova refuses a server property longer than ${NOVA_PROPERTY_VALUE_MAX}. Shorten the name by ${cut} character${cut === 1 ? '' : 's'} (to at most ${Math.max(1, input.name.length - cut)})` +
        (perChar > 0 ? '' : ', or use fewer aliases'),
    );
  }
  const longest = Math.max(...stems.map((s) => `${s}--load-${last}-`.length));
  const tooLong = stems.filter((s) => `${s}--load-${last}-`.length > DNS_LABEL_MAX);
  if (tooLong.length > 0) {
    const cut = longest - DNS_LABEL_MAX;
    problems.push(
      `${key}: "${input.name}" makes the alias ${tooLong[0]}--load-${last}- ${longest} characters long; a DNS label holds at most ${DNS_LABEL_MAX}. ` +
        `Shorten the name by ${cut} character${cut === 1 ? '' : 's'} (to at most ${Math.max(1, input.name.length - cut)})`,
    );
  }
  return problems;
}

/** The DNS names the aliases make: `<stem>.<domain>`. */
export function aliasHosts(templates: readonly string[], clusterName: string, domain: string | undefined): string[] {
  return expandAliases(templates, clusterName).map((stem) => (domain ? `${stem}.${domain}` : stem));
}

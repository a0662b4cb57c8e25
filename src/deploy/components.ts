// The components catalogue: the one list of components, their sub-components, tiers and needs.
// Everything that orders, names, enables or disables a component reads it from here.

export const COMPONENT_NAMES = ['msgsvc', 'iam', 'panda', 'harvester', 'idds', 'bigmon'] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];

export interface Component {
  name: ComponentName;
  title: string;
  /** Deploy tier: 1 after the secrets, higher tiers wait for every lower one. */
  tier: 1 | 2 | 3;
  /** Components that must be deployed (and Ready) before this one starts. */
  needs: ComponentName[];
  /** Sub-charts that `--disable <component>.<sub>` switches off (`--set <sub>.enabled=false`). */
  subcomponents: string[];
  /** Sub-components that hold data on a PersistentVolumeClaim (reinstall warns about them). */
  stateful: string[];
  /**
   * Secrets of the secrets release (by suffix) this component's pods read at start, as environment or
   * files: a change to one must restart its readers, so the installer hands the chart their digests
   * (global.secretDigests) and the pod templates carry them as checksum annotations. `cric-jsons` is not
   * here on purpose: the kubelet refreshes that volume in place and the services re-read it. A chart test
   * checks this list against what the rendered workloads mount.
   */
  readsSecrets: string[];
}

export const COMPONENTS: readonly Component[] = [
  {
    name: 'msgsvc', title: 'ActiveMQ message broker', tier: 1, needs: [], subcomponents: ['activemq'], stateful: ['activemq'],
    readsSecrets: ['msgsvc-envs'],
  },
  {
    name: 'iam', title: 'INDIGO IAM (OIDC) + MariaDB', tier: 1, needs: [], subcomponents: ['main', 'mariadb'], stateful: ['mariadb'],
    readsSecrets: ['iam-envs', 'iam-conf', 'iam-certs', 'iam-db-envs', 'iam-initdb'],
  },
  {
    name: 'panda', title: 'PanDA server, JEDI and PostgreSQL', tier: 2, needs: ['msgsvc', 'iam'], subcomponents: ['server', 'jedi', 'postgres'], stateful: ['postgres'],
    readsSecrets: ['panda-envs', 'panda-auth', 'panda-token-cache', 'panda-certs'],
  },
  {
    name: 'harvester', title: 'Harvester + MariaDB', tier: 3, needs: ['panda'], subcomponents: ['harvester', 'mariadb'], stateful: ['mariadb'],
    readsSecrets: ['harvester-envs', 'harvester-auth', 'harvester-certs', 'harvester-initdb'],
  },
  {
    name: 'idds', title: 'iDDS rest, daemon and PostgreSQL', tier: 3, needs: ['panda'], subcomponents: ['rest', 'daemon', 'postgres'], stateful: ['postgres'],
    readsSecrets: ['idds-envs', 'idds-db-envs', 'idds-auth', 'idds-certs'],
  },
  {
    name: 'bigmon', title: 'BigMon monitor', tier: 3, needs: ['panda'], subcomponents: ['main'], stateful: [],
    readsSecrets: ['bigmon-envs', 'bigmon-certs'],
  },
];

/** Experiments that have values overlays; `none` means chart defaults only. */
export const EXPERIMENTS = ['lsst', 'lsst-prod', 'sphenix', 'doma', 'cern', 'dev', 'atlas_testbed'] as const;
export type Experiment = (typeof EXPERIMENTS)[number];

export function isComponentName(name: string): name is ComponentName {
  return (COMPONENT_NAMES as readonly string[]).includes(name);
}

export function isExperiment(name: string): name is Experiment {
  return (EXPERIMENTS as readonly string[]).includes(name);
}

export function component(name: ComponentName): Component {
  const found = COMPONENTS.find((c) => c.name === name);
  if (!found) throw new Error(`unknown component ${name}`);
  return found;
}

// The wizard's questions as data: what each asks, why, its default, when it applies and where its
// answer goes in the answers file. The screens read this list; nothing else knows the order.

import { TARGETS, validateClusterName, type Answers, type Target } from '../../config/answers.js';
import { COMPONENTS, EXPERIMENTS } from '../../deploy/components.js';
import { validateAffix } from '../../deploy/names.js';
import type { CertificatePaths, Choice, SecretSpec, WizardAction, WizardOptions } from '../types.js';

export interface QuestionContext {
  answers: Answers;
  secrets: Record<string, string>;
  options: WizardOptions;
  action: WizardAction;
}

interface Base {
  id: string;
  title: string;
  /** One line: why it is asked / what it changes. */
  why: string;
  /** @default always */
  applies?: (ctx: QuestionContext) => boolean;
}

export interface SelectQuestion extends Base {
  kind: 'select';
  choices: (ctx: QuestionContext) => Choice[];
  value: (ctx: QuestionContext) => string;
  set: (answers: Answers, value: string) => Answers;
}

export interface TextQuestion extends Base {
  kind: 'text';
  value: (ctx: QuestionContext) => string;
  /** An error message for a bad value (shown live, blocks Enter). */
  validate?: (value: string, ctx: QuestionContext) => string | undefined;
  set: (answers: Answers, value: string) => Answers;
  placeholder?: string;
}

export interface MultiQuestion extends Base {
  kind: 'multi';
  items: (ctx: QuestionContext) => { value: string; label: string; parent?: string }[];
  value: (ctx: QuestionContext) => string[];
  set: (answers: Answers, selected: string[]) => Answers;
  validate?: (selected: string[]) => string | undefined;
}

export interface CertificatesQuestion extends Base {
  kind: 'certificates';
}

export interface SecretQuestion extends Base {
  kind: 'secret';
  spec: SecretSpec;
}

export type Question = SelectQuestion | TextQuestion | MultiQuestion | CertificatesQuestion | SecretQuestion;

type Section = 'cluster' | 'kube' | 'deploy' | 'certificates' | 'cric';

/** Returns answers with `section.key` set (undefined removes it), leaving the input untouched. */
export function setAnswer<S extends Section>(answers: Answers, section: S, key: keyof NonNullable<Answers[S]>, value: unknown): Answers {
  const inner = { ...((answers[section] ?? {}) as Record<string, unknown>) };
  if (value === undefined || value === '') delete inner[key as string];
  else inner[key as string] = value;
  return { ...answers, [section]: inner };
}

export const targetOf = (ctx: QuestionContext): Target => ctx.options.fixedTarget ?? ctx.answers.target ?? ctx.options.workspace.target ?? 'openstack';
const makesCluster = (ctx: QuestionContext) => targetOf(ctx) !== 'existing';

/** The first thing Magnum, Nova or DNS would refuse about this cluster name and node count (shown under the question). */
function nameProblem(name: string, nodeCount: number, ctx: QuestionContext): string | undefined {
  const problems = ctx.options.clusterNameProblems?.(name, nodeCount, ctx.answers) ?? [validateClusterName(name)].filter((p): p is string => p !== undefined);
  return problems[0]?.replace(/^cluster\.name: /, '');
}

const templateVersion = (t: string) => /^kubernetes-(\d+)\.(\d+)\.(\d+)-(\d+)$/.exec(t)?.slice(1).map(Number);
const compareVersions = (a: number[], b: number[]) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
};

/** The newest `kubernetes-X.Y.Z-N` of a template list (by version, not by text). */
export function newestTemplate(templates: readonly string[]): string | undefined {
  let best: { name: string; v: number[] } | undefined;
  for (const name of templates) {
    const v = templateVersion(name);
    if (v && (!best || compareVersions(v, best.v) > 0)) best = { name, v };
  }
  return best?.name ?? templates[0];
}

/** Templates as the question lists them: kubernetes-X.Y.Z-N newest first (by version), then the others as the cloud gave them. */
export function templatesNewestFirst(templates: readonly string[]): string[] {
  const versioned = templates.flatMap((name) => {
    const v = templateVersion(name);
    return v ? [{ name, v }] : [];
  });
  versioned.sort((a, b) => compareVersions(b.v, a.v));
  return [...versioned.map((t) => t.name), ...templates.filter((t) => !templateVersion(t))];
}

const DEFAULT_PROFILES: Choice[] = [
  { value: 'cern', label: 'CERN OpenStack (Magnum, LanDB aliases, CERN CA)' },
  { value: 'existing', label: 'an existing cluster (SLAC, BNL, …)' },
  { value: 'lsst', label: 'Rubin/LSST' },
  { value: 'sphenix', label: 'sPHENIX (IAM disabled)' },
];

const TARGET_LABELS: Record<Target, string> = {
  openstack: 'create a Kubernetes cluster in an OpenStack project (CERN)',
  existing: 'use a Kubernetes cluster you already have (kubeconfig)',
  sim: 'rehearse on the simulated cloud: nothing real is touched',
};

const isWholeIn = (v: string, lo: number, hi: number) => /^\d+$/.test(v) && Number(v) >= lo && Number(v) <= hi;

/** The questions in order. Secret questions come last, one per value the CLI asks for. */
export function buildQuestions(options: WizardOptions): Question[] {
  const flavorQuestion = (id: 'flavor' | 'masterFlavor', title: string, why: string, fallback: string): Question =>
    options.flavors && options.flavors.length
      ? {
          id: `cluster.${id}`, kind: 'select', title, why, applies: makesCluster,
          choices: () => options.flavors!.map((f) => ({ value: f })),
          value: (ctx) => ctx.answers.cluster?.[id] ?? (options.flavors!.includes(fallback) ? fallback : options.flavors![0]!),
          set: (a, v) => setAnswer(a, 'cluster', id, v),
        }
      : {
          id: `cluster.${id}`, kind: 'text', title, why, applies: makesCluster,
          value: (ctx) => ctx.answers.cluster?.[id] ?? fallback,
          validate: (v) => (v.trim() ? undefined : 'a flavor name is needed (openstack flavor list)'),
          set: (a, v) => setAnswer(a, 'cluster', id, v.trim()),
        };

  const questions: Question[] = [
    {
      id: 'target', kind: 'select', title: 'Where should PanDA run?',
      why: 'OpenStack creates the cluster first; an existing cluster skips the cluster phase; the sim is a rehearsal.',
      applies: (ctx) => !ctx.options.fixedTarget,
      choices: () => TARGETS.map((t) => ({ value: t, label: TARGET_LABELS[t] })),
      value: targetOf,
      set: (a, v) => ({ ...a, target: v as Target }),
    },
    {
      id: 'profile', kind: 'select', title: 'Site profile',
      why: 'A profile brings the site defaults (flavors, labels, certificates authority, experiment values).',
      choices: () => options.profiles ?? DEFAULT_PROFILES,
      value: (ctx) => ctx.answers.profile ?? (targetOf(ctx) === 'existing' ? 'existing' : 'cern'),
      set: (a, v) => ({ ...a, profile: v }),
    },
    {
      id: 'cluster.name', kind: 'text', title: 'Cluster name', applies: makesCluster,
      why: 'Node names and LanDB aliases (<name>-panda--load-1-) are built from it.',
      value: (ctx) => ctx.answers.cluster?.name ?? 'panda-k8s',
      validate: (v, ctx) => nameProblem(v, ctx.answers.cluster?.nodeCount ?? 4, ctx),
      set: (a, v) => setAnswer(a, 'cluster', 'name', v),
    },
    {
      id: 'cluster.nodeCount', kind: 'text', title: 'Worker nodes', applies: makesCluster,
      why: 'The full PanDA system needs about 4 workers of the default flavor; fewer leaves pods Pending.',
      value: (ctx) => String(ctx.answers.cluster?.nodeCount ?? 4),
      // Node 10 and up carry a longer alias list: the name's limits depend on the count too.
      validate: (v, ctx) => (isWholeIn(v, 1, 100) ? nameProblem(ctx.answers.cluster?.name ?? 'panda-k8s', Number(v), ctx) : 'a whole number from 1 to 100'),
      set: (a, v) => setAnswer(a, 'cluster', 'nodeCount', Number(v)),
    },
    flavorQuestion('flavor', 'Worker flavor', 'The size of each worker node: PanDA, its databases and IAM run there.', 'm2.large'),
    flavorQuestion('masterFlavor', 'Master flavor', 'The one control-plane node; it runs no PanDA pods. The CERN procedure gives it the workers\' flavor.', 'm2.medium'),
    {
      id: 'cluster.template', kind: 'select', title: 'Cluster template', applies: (ctx) => makesCluster(ctx) && (options.templates?.length ?? 0) > 0,
      why: 'The newest kubernetes-X.Y.Z-N is preselected: an old template is a known mistake.',
      choices: () => {
        const newest = newestTemplate(options.templates ?? []);
        return templatesNewestFirst(options.templates ?? []).map((t) => ({ value: t, label: t === newest ? 'newest' : undefined }));
      },
      value: (ctx) => ctx.answers.cluster?.template ?? newestTemplate(options.templates ?? []) ?? '',
      set: (a, v) => setAnswer(a, 'cluster', 'template', v),
    },
    {
      id: 'cluster.keypair', kind: 'text', title: 'Keypair name', applies: makesCluster,
      why: 'The SSH keypair the nodes accept; created from your public key when it does not exist.',
      value: (ctx) => ctx.answers.cluster?.keypair ?? 'panda-k8s',
      validate: (v) => (/^[A-Za-z0-9._-]+$/.test(v) ? undefined : 'letters, digits, ".", "_" and "-" only'),
      set: (a, v) => setAnswer(a, 'cluster', 'keypair', v),
    },
    {
      id: 'cluster.publicKeyFile', kind: 'text', title: 'Public key file', applies: makesCluster,
      why: 'Used only when the keypair has to be created.',
      value: (ctx) => ctx.answers.cluster?.publicKeyFile ?? '~/.ssh/id_rsa.pub',
      validate: (v) => (v.trim() ? undefined : 'a path to an SSH public key (.pub)'),
      set: (a, v) => setAnswer(a, 'cluster', 'publicKeyFile', v.trim()),
    },
    {
      id: 'kube.kubeconfig', kind: 'text', title: 'Kubeconfig file', applies: (ctx) => targetOf(ctx) === 'existing',
      why: 'Every kubectl and helm call gets this file explicitly, never your global one by surprise.',
      value: (ctx) => ctx.answers.kube?.kubeconfig ?? '~/.kube/config',
      validate: (v) => (v.trim() ? undefined : 'a path to a kubeconfig file'),
      set: (a, v) => setAnswer(a, 'kube', 'kubeconfig', v.trim()),
    },
    options.contexts && options.contexts.length
      ? {
          id: 'kube.context', kind: 'select', title: 'Kubeconfig context', applies: (ctx) => targetOf(ctx) === 'existing',
          why: 'The cluster PanDA is deployed to.',
          choices: () => options.contexts!.map((c) => ({ value: c })),
          value: (ctx) => ctx.answers.kube?.context ?? options.contexts![0]!,
          set: (a, v) => setAnswer(a, 'kube', 'context', v),
        }
      : {
          id: 'kube.context', kind: 'text', title: 'Kubeconfig context', applies: (ctx) => targetOf(ctx) === 'existing',
          why: 'The cluster PanDA is deployed to; empty means the file\'s current context.',
          value: (ctx) => ctx.answers.kube?.context ?? '', placeholder: '(current context)',
          set: (a, v) => setAnswer(a, 'kube', 'context', v.trim()),
        },
    {
      id: 'kube.namespace', kind: 'text', title: 'Namespace',
      why: 'All releases, secrets and volumes go into this namespace.',
      value: (ctx) => ctx.answers.kube?.namespace ?? 'panda',
      validate: (v) => (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 63 ? undefined : 'a DNS label: lower-case letters, digits and "-"'),
      set: (a, v) => setAnswer(a, 'kube', 'namespace', v),
    },
    {
      id: 'deploy.experiment', kind: 'select', title: 'Experiment',
      why: 'Adds the experiment\'s values files on top of the chart defaults.',
      choices: () => [{ value: 'none', label: 'chart defaults only' }, ...EXPERIMENTS.map((e) => ({ value: e }))],
      value: (ctx) => ctx.answers.deploy?.experiment ?? 'none',
      set: (a, v) => setAnswer(a, 'deploy', 'experiment', v),
    },
    {
      id: 'deploy.affix', kind: 'text', title: 'Name affix',
      why: '"test-" is a prefix (test-panda), "-dev" a suffix (panda-dev): every release and host name gets it.',
      value: (ctx) => ctx.answers.deploy?.affix ?? 'test-',
      validate: (v) => validateAffix(v),
      // An empty affix is a real answer (plain names), so it is stored, not dropped.
      set: (a, v) => ({ ...a, deploy: { ...a.deploy, affix: v } }),
      placeholder: '(no affix)',
    },
    {
      id: 'deploy.components', kind: 'multi', title: 'Components',
      why: 'Unchecked components (or parts, like panda.jedi) are not deployed. Space toggles.',
      items: () => COMPONENTS.flatMap((c) => [
        { value: c.name, label: `${c.name} — ${c.title}` },
        ...c.subcomponents.map((s) => ({ value: `${c.name}.${s}`, label: s, parent: c.name })),
      ]),
      value: (ctx) => {
        const off = new Set(ctx.answers.deploy?.disable ?? []);
        return COMPONENTS.flatMap((c) => [c.name, ...c.subcomponents.map((s) => `${c.name}.${s}`)]).filter((v) => !off.has(v));
      },
      set: (a, selected) => {
        const on = new Set(selected);
        const disable: string[] = [];
        for (const c of COMPONENTS) {
          if (!on.has(c.name)) disable.push(c.name);
          else for (const s of c.subcomponents) if (!on.has(`${c.name}.${s}`)) disable.push(`${c.name}.${s}`);
        }
        const deploy = { ...a.deploy, disable };
        if (!disable.length) delete (deploy as { disable?: string[] }).disable;
        return { ...a, deploy };
      },
      validate: (selected) => (COMPONENTS.some((c) => selected.includes(c.name)) ? undefined : 'enable at least one component'),
    },
    {
      id: 'certificates', kind: 'certificates', title: 'Host certificates',
      why: 'hostkey.pem, hostcert.pem and chain.pem from the CERN CA; checked now, before anything is deployed.',
    },
    {
      id: 'cric.mode', kind: 'select', title: 'CRIC',
      why: 'PanDA reads sites and queues from CRIC; without access to one, use JSON files instead.',
      choices: () => [
        { value: 'real', label: 'a CRIC instance the services query' },
        { value: 'files', label: 'CRIC-free: JSON files in secrets/files/cric_jsons' },
      ],
      value: (ctx) => ctx.answers.cric?.mode ?? 'real',
      set: (a, v) => setAnswer(a, 'cric', 'mode', v),
    },
    {
      id: 'cric.url', kind: 'text', title: 'CRIC URL to download the JSON files from', applies: (ctx) => ctx.answers.cric?.mode === 'files',
      why: 'Leave empty when sites.json, panda_queues.json and ddm_endpoints.json are already in place.',
      value: (ctx) => ctx.answers.cric?.url ?? '', placeholder: '(use the files in place)',
      validate: (v) => {
        if (!v) return undefined;
        try {
          const u = new URL(v);
          return u.protocol === 'https:' || u.protocol === 'http:' ? undefined : 'must be an http(s) URL like https://datalake-cric.cern.ch';
        } catch {
          return 'must be a URL like https://datalake-cric.cern.ch';
        }
      },
      set: (a, v) => setAnswer(a, 'cric', 'url', v),
    },
    ...(options.secrets ?? []).map((spec): Question => ({
      id: `secret:${spec.key}`, kind: 'secret', spec, title: `Secret: ${spec.key}`, why: spec.description,
    })),
  ];
  return questions;
}

/** Which questions an action asks: refresh-secrets only the secrets, start and reinstall all. */
export function questionsFor(action: WizardAction, all: Question[]): Question[] {
  if (action === 'refresh-secrets') return all.filter((q) => q.kind === 'secret');
  return all;
}

/** The certificate paths to show first: the answers', else the three files in `certificates.dir` (default certs/). */
export function certificateDefaults(ctx: QuestionContext): CertificatePaths {
  const c = ctx.answers.certificates ?? {};
  const dir = c.dir ?? 'certs';
  return { key: c.key ?? `${dir}/hostkey.pem`, cert: c.cert ?? `${dir}/hostcert.pem`, chain: c.chain ?? `${dir}/chain.pem` };
}

// The review screen's content: every answer in a few compact lines, secrets never shown.

import { COMPONENTS } from '../../deploy/components.js';
import type { Question, QuestionContext } from './questions.js';
import { certificateDefaults, targetOf } from './questions.js';

export function reviewLines(ctx: QuestionContext, questions: Question[]): { label: string; value: string }[] {
  const a = ctx.answers;
  const applies = (id: string) => {
    const q = questions.find((x) => x.id === id);
    return q !== undefined && (q.applies?.(ctx) ?? true);
  };
  const target = targetOf(ctx);
  const lines: { label: string; value: string }[] = [];
  lines.push({ label: 'Target', value: target === 'sim' ? 'sim (REHEARSAL: nothing real is touched)' : target });
  lines.push({ label: 'Profile', value: a.profile ?? 'cern' });
  if (applies('cluster.name')) {
    const c = a.cluster ?? {};
    lines.push({ label: 'Cluster', value: `${c.name ?? 'panda-k8s'}: ${c.nodeCount ?? 4} × ${c.flavor ?? '?'}, master ${c.masterFlavor ?? '?'}` });
    if (applies('cluster.template')) lines.push({ label: 'Template', value: c.template ?? '(newest)' });
    lines.push({ label: 'Keypair', value: `${c.keypair ?? 'panda-k8s'} (${c.publicKeyFile ?? '~/.ssh/id_rsa.pub'})` });
  }
  if (applies('kube.kubeconfig')) {
    lines.push({ label: 'Kubeconfig', value: `${a.kube?.kubeconfig ?? '?'}${a.kube?.context ? ` (context ${a.kube.context})` : ''}` });
  }
  lines.push({ label: 'Namespace', value: a.kube?.namespace ?? 'panda' });
  lines.push({ label: 'Experiment', value: a.deploy?.experiment ?? 'none' });
  const affix = a.deploy?.affix ?? 'test-';
  lines.push({ label: 'Affix', value: affix === '' ? '(none: plain names)' : `"${affix}" → ${affix.endsWith('-') ? `${affix}panda` : `panda${affix}`}` });
  const off = a.deploy?.disable ?? [];
  const on = COMPONENTS.filter((c) => !off.includes(c.name)).map((c) => c.name);
  const offParts = off.filter((o) => o.includes('.'));
  const value = on.length === COMPONENTS.length ? `all (${on.join(', ')})` : `${on.join(', ')} (off: ${off.filter((o) => !o.includes('.')).join(', ')})`;
  lines.push({ label: 'Components', value: offParts.length ? `${value} but ${offParts.join(', ')}` : value });
  if (applies('certificates')) {
    const p = certificateDefaults(ctx);
    lines.push({ label: 'Certificates', value: `${p.cert}, ${p.key}, ${p.chain}` });
  }
  lines.push({ label: 'CRIC', value: a.cric?.mode === 'files' ? `JSON files${a.cric.url ? ` from ${a.cric.url}` : ' in place'}` : 'a CRIC instance' });
  const specs = ctx.options.secrets ?? [];
  if (specs.length) {
    const typed = specs.filter((s) => ctx.secrets[s.key]).length;
    lines.push({ label: 'Secrets', value: `${typed} typed (hidden), ${specs.length - typed} generated` });
  }
  return lines;
}

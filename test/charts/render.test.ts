// helm lint --strict and helm template over every chart, overlay and sub-component switch, with
// helm 3 and helm 4; every rendered object is validated against the Kubernetes API schema.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { COMPONENTS, EXPERIMENTS } from '../../src/deploy/components.js';
import { CHARTS, SECRETS, SECRETS_GENERATED, all, helm, helms, render, schemaProblem, workloads, type K8sObject, type Workload } from '../helpers/charts-helm.js';

interface Case {
  chart: string;
  label: string;
  args: string[];
  disabled?: string;
}

/** Default, each experiment overlay once, each sub-component off once: no combinatorial explosion. */
function cases(): Case[] {
  const out: Case[] = [];
  for (const c of COMPONENTS) {
    const dir = join(CHARTS, c.name);
    const base = [`test-${c.name}`, dir, '--set-string', 'global.affix=test-'];
    out.push({ chart: c.name, label: `${c.name} defaults`, args: base });
    for (const exp of EXPERIMENTS) {
      const file = join(dir, 'values', `values-${exp}.yaml`);
      if (existsSync(file)) out.push({ chart: c.name, label: `${c.name} -e ${exp}`, args: [...base, '-f', file] });
    }
    for (const sub of c.subcomponents) {
      out.push({ chart: c.name, label: `${c.name} without ${sub}`, args: [...base, '--set', `${sub}.enabled=false`], disabled: sub });
    }
  }
  const secrets = ['panda-secrets', SECRETS, '-f', SECRETS_GENERATED];
  out.push({ chart: 'secrets', label: 'secrets defaults', args: secrets });
  out.push({ chart: 'secrets', label: 'secrets CRIC-free with shared logs', args: [...secrets, '--set', 'cric.real=false', '--set', 'sharedLogs.create=true'] });
  for (const c of COMPONENTS) {
    out.push({ chart: 'secrets', label: `secrets without ${c.name}`, args: [...secrets, '--set', `${c.name}.enabled=false`] });
  }
  return out;
}

function containersOf(w: Workload) {
  return [...w.spec.template.spec.containers, ...(w.spec.template.spec.initContainers ?? [])];
}

/** The house rules every workload keeps (the reference's defects, facts §6). */
function ruleProblems(objs: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const o of objs) {
    if (o.apiVersion.includes('v2beta')) problems.push(`${o.kind} ${o.metadata.name} uses ${o.apiVersion}`);
    for (const key of ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component', 'app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by', 'helm.sh/chart']) {
      if (!o.metadata.labels?.[key]) problems.push(`${o.kind} ${o.metadata.name} lacks label ${key}`);
    }
  }
  for (const w of workloads(objs)) {
    const id = `${w.kind} ${w.metadata.name}`;
    if (w.kind === 'StatefulSet' && !w.spec.serviceName) problems.push(`${id} has no serviceName`);
    const pod = w.spec.template.spec;
    if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${id} does not set runAsNonRoot`);
    for (const c of containersOf(w)) {
      const tag = c.image.split(':').pop() ?? '';
      if (!c.image.includes(':') || ['latest', 'master'].includes(tag)) problems.push(`${id}/${c.name} image ${c.image} is not pinned`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) problems.push(`${id}/${c.name} lacks requests/limits`);
      if (!c.livenessProbe && !c.readinessProbe) problems.push(`${id}/${c.name} has no probe`);
      if (c.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${id}/${c.name} allows privilege escalation`);
      if (JSON.stringify(c).includes('777')) problems.push(`${id}/${c.name} mentions mode 777`);
    }
  }
  return problems;
}

for (const h of helms()) {
  describe(`helm ${h.major}`, () => {
    test('helm lint --strict passes on every chart, every overlay and the secrets chart', async () => {
      const runs: Array<{ label: string; args: string[] }> = [{ label: 'secrets', args: [SECRETS, '-f', SECRETS_GENERATED] }];
      for (const c of COMPONENTS) {
        const dir = join(CHARTS, c.name);
        runs.push({ label: c.name, args: [dir] });
        for (const exp of EXPERIMENTS) {
          const file = join(dir, 'values', `values-${exp}.yaml`);
          if (existsSync(file)) runs.push({ label: `${c.name} -e ${exp}`, args: [dir, '-f', file] });
        }
      }
      const results = await all(runs, async (r) => ({ ...r, res: await helm(h, ['lint', '--strict', ...r.args]) }));
      const failed = results.filter((r) => r.res.code !== 0).map((r) => `${r.label}:\n${r.res.stdout}${r.res.stderr}`);
      assert.deepEqual(failed, []);
      assert.ok(results.length >= 30, `expected every chart and overlay to be linted, got ${results.length}`);
    });

    test('every chart renders with defaults, each overlay and each sub-component off, and every object validates', async () => {
      const list = cases();
      const rendered = await all(list, async (c) => ({ c, objs: await render(h, c.args) }));
      const problems: string[] = [];
      for (const { c, objs } of rendered) {
        assert.ok(objs.length > 0 || c.disabled, `${c.label} rendered nothing`);
        for (const o of objs) {
          const p = schemaProblem(o);
          if (p) problems.push(`${c.label}: ${p}`);
        }
        for (const p of ruleProblems(objs)) problems.push(`${c.label}: ${p}`);
        if (c.disabled) {
          const left = objs.filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] === c.disabled);
          assert.deepEqual(left.map((o) => `${o.kind}/${o.metadata.name}`), [], `${c.label} still renders ${c.disabled} objects`);
          const others = COMPONENTS.find((x) => x.name === c.chart)!.subcomponents.filter((s) => s !== c.disabled);
          for (const s of others) {
            assert.ok(workloads(objs).some((w) => w.metadata.labels?.['app.kubernetes.io/component'] === s), `${c.label} lost ${s}`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });

    test('a sub-component switched off in values is a clear render, and a bad value fails naming the key', async () => {
      const bad = await helm(h, ['template', 'test-panda', join(CHARTS, 'panda'), '--set', 'server.replicaCount=many']);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /replicaCount/);
    });
  });
}

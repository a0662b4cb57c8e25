// Config changes roll exactly the pods that read them: every workload carries a checksum annotation
// for each ConfigMap of its chart and each Secret of the secrets release it mounts or reads as env; the
// ConfigMap checksums follow the ConfigMap's content, the Secret ones the digests the installer passes,
// and the digests the installer computes change for exactly the Secrets a changed value reaches.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { COMPONENTS, EXPERIMENTS, component } from '../../src/deploy/components.js';
import { helmReleaseArgs, secretsReleaseArgs } from '../../src/deploy/release-plan.js';
import { secretDigestsOf } from '../../src/deploy/secret-digests.js';
import { CHARTS, SECRETS, SECRETS_GENERATED, all, helm, helms, render, workloads, type K8sObject, type Workload } from '../helpers/charts-helm.js';
import { references } from '../helpers/charts-wiring.js';
import type { BundledHelm } from '../../src/tools/bundled-tools.js';

const SECRET_PREFIX = 'panda-secrets-';
/** Refreshed in place by the kubelet and re-read by the services: deliberately no restart. */
const NO_RESTART = new Set(['cric-jsons']);

interface Rendered {
  comp: (typeof COMPONENTS)[number];
  label: string;
  objs: K8sObject[];
}

async function renderAll(h: BundledHelm, extra: (comp: string) => string[] = () => []): Promise<Rendered[]> {
  const cases: Array<{ comp: (typeof COMPONENTS)[number]; label: string; args: string[] }> = [];
  for (const c of COMPONENTS) {
    const base = helmReleaseArgs({ affix: 'test-', component: c.name, chartsDir: CHARTS }).templateArgs.slice(1);
    cases.push({ comp: c, label: `${c.name} defaults`, args: [...base, ...extra(c.name)] });
    for (const exp of EXPERIMENTS) {
      if (!existsSync(join(CHARTS, c.name, 'values', `values-${exp}.yaml`))) continue;
      const args = helmReleaseArgs({ affix: 'test-', experiment: exp, component: c.name, chartsDir: CHARTS }).templateArgs.slice(1);
      cases.push({ comp: c, label: `${c.name} -e ${exp}`, args: [...args, ...extra(c.name)] });
    }
  }
  return all(cases, async (c) => ({ comp: c.comp, label: c.label, objs: await render(h, c.args) }));
}

function annotationsOf(w: Workload): Record<string, string> {
  return ((w.spec.template as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations) ?? {};
}

/** What a workload should be annotated with: one key per Secret (by suffix) and per ConfigMap of its release. */
function expectedKeys(w: Workload, release: string): string[] {
  const keys = new Set<string>();
  for (const r of references([w])) {
    if (r.kind === 'Secret' && r.name.startsWith(SECRET_PREFIX) && !NO_RESTART.has(r.name.slice(SECRET_PREFIX.length))) {
      keys.add(`checksum/secret-${r.name.slice(SECRET_PREFIX.length)}`);
    }
    if (r.kind === 'ConfigMap' && r.name.startsWith(`${release}-`)) keys.add(`checksum/configmap-${r.name.slice(release.length + 1)}`);
  }
  return [...keys].sort();
}

for (const h of helms()) {
  describe(`helm ${h.major}: checksum annotations`, () => {
    test('every workload of every chart and overlay carries one checksum per ConfigMap and Secret it reads, and no other', async () => {
      const problems: string[] = [];
      let checked = 0;
      for (const { comp, label, objs } of await renderAll(h)) {
        for (const w of workloads(objs)) {
          const have = Object.keys(annotationsOf(w)).filter((k) => k.startsWith('checksum/')).sort();
          const want = expectedKeys(w, `test-${comp.name}`);
          if (JSON.stringify(have) !== JSON.stringify(want)) problems.push(`${label}: ${w.kind} ${w.metadata.name} has [${have.join(', ')}], reads [${want.join(', ')}]`);
          checked++;
        }
      }
      assert.deepEqual(problems, []);
      assert.ok(checked >= 12 * 2, `only ${checked} workloads checked`);
    });

    test('the catalogue lists exactly the Secrets each component\'s pods read (what the installer hands digests for)', async () => {
      const read = new Map<string, Set<string>>();
      for (const { comp, objs } of await renderAll(h, (c) => (c === 'iam' || c === 'harvester' ? ['--set', 'mariadb.initdb=true'] : []))) {
        const set = read.get(comp.name) ?? new Set<string>();
        for (const r of references(objs)) {
          if (r.kind === 'Secret' && r.name.startsWith(SECRET_PREFIX) && !NO_RESTART.has(r.name.slice(SECRET_PREFIX.length))) set.add(r.name.slice(SECRET_PREFIX.length));
        }
        read.set(comp.name, set);
      }
      for (const c of COMPONENTS) assert.deepEqual([...read.get(c.name)!].sort(), [...component(c.name).readsSecrets].sort(), c.name);
    });

    test('a ConfigMap checksum follows the ConfigMap: changed content changes it, only on the pods that mount it', async () => {
      const base = helmReleaseArgs({ affix: 'test-', component: 'panda', chartsDir: CHARTS }).templateArgs.slice(1);
      const [before, after] = await Promise.all([render(h, base), render(h, [...base, '--set', 'jedi.config.daemon.loglevel=debug'])]);
      const ann = (objs: K8sObject[], name: string) => annotationsOf(workloads(objs).find((w) => w.metadata.name === name)!);
      assert.notEqual(ann(after, 'test-panda-jedi')['checksum/configmap-jedi-config'], ann(before, 'test-panda-jedi')['checksum/configmap-jedi-config']);
      assert.deepEqual(ann(after, 'test-panda-server'), ann(before, 'test-panda-server'), 'the server does not mount JEDI\'s ConfigMap');
      assert.deepEqual(ann(after, 'test-panda-postgres'), ann(before, 'test-panda-postgres'));
    });

    test('the Secret checksums are the digests the installer passes, for the Secrets the component reads', async () => {
      const digests = { 'panda-envs': 'aaaa000000000001', 'panda-auth': 'aaaa000000000002', 'harvester-envs': 'bbbb000000000001' };
      const args = helmReleaseArgs({ affix: 'test-', component: 'panda', chartsDir: CHARTS, secretDigests: digests });
      assert.ok(!args.setStrings.some((s) => s.includes('harvester-envs')), 'panda is not handed the digest of a Secret it does not read');
      const objs = await render(h, args.templateArgs.slice(1));
      const server = annotationsOf(workloads(objs).find((w) => w.metadata.name === 'test-panda-server')!);
      assert.equal(server['checksum/secret-panda-envs'], digests['panda-envs']);
      assert.equal(server['checksum/secret-panda-auth'], digests['panda-auth']);
      assert.equal(server['checksum/secret-panda-token-cache'], 'unset');
      const pg = annotationsOf(workloads(objs).find((w) => w.metadata.name === 'test-panda-postgres')!);
      assert.deepEqual(Object.keys(pg).filter((k) => k.startsWith('checksum/')), ['checksum/secret-panda-envs']);
    });

    test('the installer\'s digests change for exactly the Secrets a changed secret value reaches', async () => {
      const s = secretsReleaseArgs({ affix: 'test-', secretsDir: SECRETS });
      const manifest = async (sets: string[]) => {
        const r = await helm(h, [...s.templateArgs, '-f', SECRETS_GENERATED, ...sets.flatMap((x) => ['--set-string', x])]);
        assert.equal(r.code, 0, r.stderr);
        return secretDigestsOf(r.stdout);
      };
      const [a, b, c] = await Promise.all([
        manifest(['harvester.harvesterID=one']),
        manifest(['harvester.harvesterID=two']),
        manifest(['harvester.harvesterID=one', 'msgsvc.basePasswd=other']),
      ]);
      assert.ok(Object.keys(a).length >= 15, `digests of ${Object.keys(a).join(', ')}`);
      const changed = (x: Record<string, string>, y: Record<string, string>) => Object.keys(x).filter((k) => x[k] !== y[k]).sort();
      assert.deepEqual(changed(a, b), ['harvester-envs']);
      // The broker password reaches the broker, PanDA (its accounts) and iDDS (its conductor and receiver).
      assert.deepEqual(changed(a, c), ['idds-envs', 'msgsvc-envs', 'panda-envs']);
    });
  });
}

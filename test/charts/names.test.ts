// The names the charts render equal what src/deploy/names.ts computes, for a prefix, a suffix and
// no affix: releases, workloads, Services with their ports, Secrets, and the hosts inside the Secrets.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COMPONENTS } from '../../src/deploy/components.js';
import { SECRETS_RELEASE, releaseName, secretName, serviceEndpoints, workloadName } from '../../src/deploy/names.js';
import { helmReleaseArgs, secretsReleaseArgs } from '../../src/deploy/release-plan.js';
import { CHARTS, SECRETS, SECRETS_GENERATED, all, helms, render, workloads, type K8sObject } from '../helpers/charts-helm.js';

const AFFIXES = ['test-', '-dev', ''];

function servicePorts(objs: K8sObject[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of objs.filter((o) => o.kind === 'Service')) {
    const spec = s.spec as { clusterIP?: string; ports: Array<{ name: string; port: number }> };
    if (spec.clusterIP === 'None') continue; // headless: names pods, nobody connects to it
    const l = s.metadata.labels!;
    for (const p of spec.ports) out[`${l['app.kubernetes.io/name']}.${l['app.kubernetes.io/component']}.${p.name}`] = `${s.metadata.name}:${p.port}`;
  }
  return out;
}

for (const h of helms()) {
  describe(`helm ${h.major}: names`, () => {
    for (const affix of AFFIXES) {
      test(`affix "${affix}": chart names equal names.ts`, async () => {
        const rendered = await all([...COMPONENTS], async (c) => ({
          c,
          objs: await render(h, helmReleaseArgs({ affix, component: c.name, chartsDir: CHARTS }).templateArgs.slice(1)),
        }));
        const services: Record<string, string> = {};
        for (const { c, objs } of rendered) {
          Object.assign(services, servicePorts(objs));
          for (const o of objs) assert.equal(o.metadata.labels?.['app.kubernetes.io/instance'], releaseName(affix, c.name), `${o.kind} ${o.metadata.name}`);
          const names = workloads(objs).map((w) => w.metadata.name).sort();
          assert.deepEqual(names, c.subcomponents.map((s) => workloadName(affix, c.name, s)).sort());
        }
        assert.deepEqual(services, serviceEndpoints(affix));

        const secrets = await render(h, [...secretsReleaseArgs({ affix, secretsDir: SECRETS }).templateArgs.slice(1), '-f', SECRETS_GENERATED]);
        for (const s of secrets.filter((o) => o.kind === 'Secret')) {
          assert.ok(s.metadata.name.startsWith(`${SECRETS_RELEASE}-`), s.metadata.name);
          assert.equal(secretName(s.metadata.name.slice(SECRETS_RELEASE.length + 1)), s.metadata.name);
        }
        const env = (suffix: string) => (secrets.find((o) => o.metadata.name === secretName(suffix))!.stringData as Record<string, string>);
        const ep = serviceEndpoints(affix);
        assert.equal(env('panda-envs').PANDA_ACTIVEMQ_LIST, ep['msgsvc.activemq.stomp']);
        assert.equal(`${env('panda-envs').PANDA_IDDS_HOST}:${env('panda-envs').PANDA_IDDS_PORT}`, ep['idds.rest.https']);
        assert.equal(`${env('panda-envs').PANDA_DB_HOST}:${env('panda-envs').PANDA_DB_PORT}`, ep['panda.postgres.postgres']);
        assert.equal(env('panda-envs').PANDA_URL_SSL, `https://${ep['panda.server.https']}/server/panda`);
        assert.equal(env('idds-envs').PANDA_MONITOR_URL, `https://${ep['bigmon.main.https']}`);
        assert.equal(env('idds-envs').IDDS_CONDUCTOR_BROKERS, ep['msgsvc.activemq.stomp']);
        assert.equal(`${env('harvester-envs').HARVESTER_DB_HOST}:${env('harvester-envs').HARVESTER_DB_PORT}`, ep['harvester.mariadb.mysql']);
        assert.equal(`${env('iam-envs').IAM_DB_HOST}:${env('iam-envs').IAM_DB_PORT}`, ep['iam.mariadb.mysql']);
      });
    }
  });
}

// dns-check (optional, cluster.dnsCheck): the LanDB aliases resolve in DNS. Propagation takes up to ~15 minutes.

import { promises as dns } from 'node:dns';
import type { Step } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { ActionableError } from '../src/engine/errors.js';
import { pause } from './cloud.js';
import { aliasHostNames } from './profile.js';
import { clusterSettings, elapsed } from './settings.js';

const PROPAGATION_MS = 20 * 60_000;

async function unresolved(hosts: readonly string[]): Promise<string[]> {
  const results = await Promise.all(hosts.map(async (h) => {
    try {
      await dns.lookup(h);
      return undefined;
    } catch {
      return h;
    }
  }));
  return results.filter((h): h is string => h !== undefined);
}

export const dnsCheckStep = {
  id: 'dns-check',
  title: 'DNS names of the aliases (optional)',
  needs: ['landb-aliases'],
  async check(ctx) {
    if (!ctx.data.answers.cluster?.dnsCheck) return { done: true, reason: 'not asked for (cluster.dnsCheck: false)' };
    const hosts = aliasHostNames(ctx.data.site, clusterSettings(ctx.data).name);
    const missing = await unresolved(hosts);
    return missing.length === 0 ? { done: true, reason: `${hosts.length} alias names resolve` } : { done: false, reason: `${missing.join(', ')} do not resolve yet` };
  },
  async apply(ctx) {
    const hosts = aliasHostNames(ctx.data.site, clusterSettings(ctx.data).name);
    const started = Date.now();
    ctx.log('DNS propagation of new LanDB aliases can take up to ~15 minutes');
    for (;;) {
      const missing = await unresolved(hosts);
      if (missing.length === 0) return;
      if (Date.now() - started > PROPAGATION_MS) {
        throw new ActionableError(`${missing.join(', ')} still do not resolve after ${elapsed(Date.now() - started)}`, { nextSteps: ['Check the aliases in LanDB (network.cern.ch) and run again; or set cluster.dnsCheck: false.'] });
      }
      ctx.progress(`waiting for DNS: ${missing.length} of ${hosts.length} names not resolving, ${elapsed(Date.now() - started)} (up to ~15 minutes)`);
      await pause(Math.max(ctx.data.pollIntervalMs, 1000), ctx.signal);
    }
  },
} satisfies Step<RunData>;

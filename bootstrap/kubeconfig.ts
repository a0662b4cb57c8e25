// kubeconfig: `openstack coe cluster config --dir <ws>/.panda-k8s/kube --force`, then mode 0600 (the file holds
// the client key and the client writes it world-readable). Every later kubectl/helm call names this file.

import fs from 'node:fs';
import path from 'node:path';
import type { Step } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { ActionableError } from '../src/engine/errors.js';
import { cloud } from './cloud.js';
import { clusterSettings, kubeDir } from './settings.js';

function kubeconfigFile(data: RunData): string {
  return data.kubeconfig ?? path.join(kubeDir(data.workspace), 'config');
}

/**
 * Present, private, and naming this cluster at its API address (a kubeconfig of another cluster, or of an earlier
 * cluster of the same name that was deleted and created again, is fetched again).
 */
function usable(file: string, clusterName: string, apiAddress?: string | null): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return `${file} does not exist yet`;
  }
  if (!new RegExp(`name:\\s*["']?${clusterName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*$`, 'm').test(text)) return `${file} is not for cluster ${clusterName}`;
  if (/server:\s*None/.test(text)) return `${file} was fetched before the cluster had an API address`;
  const server = /^\s*server:\s*["']?([^\s"']+)/m.exec(text)?.[1];
  if (apiAddress && server && server !== apiAddress) return `${file} points at ${server}, but cluster ${clusterName} answers at ${apiAddress} (made again since)`;
  if ((fs.statSync(file).mode & 0o077) !== 0) return `${file} is readable by others`;
  return undefined;
}

export const kubeconfigStep = {
  id: 'kubeconfig',
  title: 'Cluster credentials (kubeconfig in the workspace)',
  needs: ['cluster-ready'],
  inputs: (data) => ({ name: data.answers.cluster?.name }),
  async check(ctx) {
    const file = kubeconfigFile(ctx.data);
    const { name } = clusterSettings(ctx.data);
    // The run's look at the cluster (cluster-ready's): no extra call.
    const why = usable(file, name, (await cloud(ctx).clusterLookup(name))?.apiAddress);
    return why ? { done: false, reason: why } : { done: true, reason: `${file} is in place (mode 0600)`, outputs: { kubeconfig: file } };
  },
  async apply(ctx) {
    const file = kubeconfigFile(ctx.data);
    const dir = path.dirname(file);
    if (ctx.data.dryRun) {
      await cloud(ctx).clusterConfig(clusterSettings(ctx.data).name, dir);
      return;
    }
    // The client does not create the directory, and writes only <dir>/config.
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { name } = clusterSettings(ctx.data);
    await cloud(ctx).clusterConfig(name, dir);
    const written = path.join(dir, 'config');
    if (!fs.existsSync(written)) throw new ActionableError(`openstack coe cluster config wrote no ${written}`, { nextSteps: [`Run it by hand to see why: openstack coe cluster config ${name} --dir ${dir} --force`] });
    if (written !== file) fs.renameSync(written, file);
    fs.chmodSync(file, 0o600);
    ctx.log(`${file} (mode 0600)`);
    return { kubeconfig: file };
  },
  async verify(ctx) {
    // The file only: whether the API answers is nodes-ready's question, so that an unreachable API fails at that
    // one step on every run (not here on the run that fetched the file and there on the next).
    const why = usable(kubeconfigFile(ctx.data), clusterSettings(ctx.data).name);
    if (why) throw new ActionableError(`kubeconfig: ${why}`);
    return true;
  },
} satisfies Step<RunData>;

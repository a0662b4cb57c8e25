// ingress-snippets: allow snippet annotations in the ingress-nginx ConfigMap by a merge patch (string values),
// plus annotations-risk-level "Critical" on controllers >= 1.12; and check the controller runs with --enable-ssl-passthrough.

import type { Step, StepContext } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { ActionableError } from '../src/engine/errors.js';
import { cloud, readOnce, type WorkloadInfo } from './cloud.js';

/** `1.12.1` / `v1.9.6` → [1, 12, 1]. */
export function parseVersion(text: string | undefined): number[] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

export function versionAtLeast(v: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < min.length; i++) {
    const d = (v[i] ?? 0) - min[i]!;
    if (d !== 0) return d > 0;
  }
  return true;
}

/** The ConfigMap entries snippets need on this controller version (values are strings: the seed's caveat). */
export function snippetSettings(version: readonly number[] | undefined): Record<string, string> {
  const data: Record<string, string> = { 'allow-snippet-annotations': 'true' };
  // ingress-nginx 1.12 rates configuration/server snippets Critical and rejects them below that risk level.
  if (!version || versionAtLeast(version, [1, 12])) data['annotations-risk-level'] = 'Critical';
  return data;
}

export interface ControllerInfo {
  kind: string;
  namespace: string;
  name: string;
  container: string;
  version: number[] | undefined;
  versionText: string;
  sslPassthrough: boolean;
}

export function controllerInfo(w: WorkloadInfo, fallbackNamespace: string): ControllerInfo | undefined {
  const containers = w.containers;
  const c = containers.find((x) => x.args.some((a) => a.includes('nginx-ingress-controller')) || /ingress-nginx\/controller/.test(x.image)) ?? containers[0];
  if (!c) return undefined;
  const fromImage = /:(v?\d+\.\d+(?:\.\d+)?)/.exec(c.image)?.[1];
  const versionText = (w.labels['app.kubernetes.io/version'] ?? fromImage ?? 'unknown').replace(/^v/, '');
  return {
    kind: (w.kind || 'daemonset').toLowerCase(),
    namespace: w.namespace || fallbackNamespace,
    name: w.name,
    container: c.name,
    version: parseVersion(versionText),
    versionText,
    sslPassthrough: c.args.some((a) => a === '--enable-ssl-passthrough' || a === '--enable-ssl-passthrough=true'),
  };
}

/** The exact fix for a controller without SSL passthrough (the charts' x509 endpoints need it). */
export function sslPassthroughFix(ctrl: ControllerInfo, kubeArgs: string[]): string {
  const patch = JSON.stringify([{ op: 'add', path: '/spec/template/spec/containers/0/args/-', value: '--enable-ssl-passthrough' }]);
  return `kubectl ${[...kubeArgs, '-n', ctrl.namespace, 'patch', ctrl.kind, ctrl.name, '--type', 'json', '-p', `'${patch}'`].join(' ')}`;
}

function inspect(ctx: StepContext<RunData>, fresh = false) {
  return readOnce(ctx, 'ingress', () => readIngress(ctx), fresh);
}

async function readIngress(ctx: StepContext<RunData>) {
  const ing = ctx.data.site.ingress;
  const [ns, name] = ing.configMap!.split('/') as [string, string];
  const c = cloud(ctx);
  // The ConfigMap and the controllers are read at once (each read is a kubectl start).
  const [cm, workloads] = await Promise.all([
    c.getConfigMap(ns, name),
    ing.controllerSelector ? c.getControllers(ing.controllerNamespace ?? ns, ing.controllerSelector) : Promise.resolve([]),
  ]);
  if (!cm) {
    throw new ActionableError(`ingress ConfigMap ${ns}/${name} does not exist`, {
      hint: 'The snippet settings go into the ingress-nginx controller ConfigMap; the profile names it.',
      nextSteps: [`Look for the controller: kubectl ${c.kubeArgs().join(' ')} get configmap -A | grep ingress`, 'Set ingress.configMap in the site profile if it has another name.'],
    });
  }
  const ctrl = workloads.map((w) => controllerInfo(w, ing.controllerNamespace ?? ns)).find((x) => x !== undefined);
  const want = snippetSettings(ctrl?.version);
  const data = cm.data;
  const missing = Object.fromEntries(Object.entries(want).filter(([k, v]) => data[k] !== v));
  return { ns, name, ctrl, want, missing, kubeArgs: c.kubeArgs() };
}

function requirePassthrough(ctx: StepContext<RunData>, ctrl: ControllerInfo | undefined, kubeArgs: string[]): void {
  if (!ctrl) {
    ctx.log('warning: no ingress-nginx controller found by the profile\'s selector; cannot check --enable-ssl-passthrough');
    return;
  }
  if (ctrl.sslPassthrough) return;
  throw new ActionableError(`ingress-nginx controller ${ctrl.namespace}/${ctrl.kind}/${ctrl.name} (v${ctrl.versionText}) runs without --enable-ssl-passthrough`, {
    hint: 'The PanDA server and iDDS ingresses use SSL passthrough so that Apache sees the client\'s x509 proxy; without the flag those annotations are ignored.',
    nextSteps: [`Add the flag: ${sslPassthroughFix(ctrl, kubeArgs)}`, 'Then run the same command again.'],
  });
}

export const ingressSnippetsStep = {
  id: 'ingress-snippets',
  title: 'Ingress snippets and SSL passthrough',
  needs: ['nodes-ready'],
  inputs: (data) => ({ configMap: data.site.ingress.configMap }),
  async check(ctx) {
    if (!ctx.data.site.ingress.configMap) {
      return { done: true, reason: `the ${ctx.data.answers.profile} profile names no ingress ConfigMap: make sure your controller allows snippet annotations and runs with --enable-ssl-passthrough` };
    }
    const { ns, name, ctrl, missing, kubeArgs } = await inspect(ctx);
    requirePassthrough(ctx, ctrl, kubeArgs);
    const keys = Object.keys(missing);
    const outputs = { controllerVersion: ctrl?.versionText };
    if (keys.length === 0) return { done: true, reason: `${ns}/${name} allows snippets${ctrl ? ` (controller v${ctrl.versionText})` : ''}`, outputs };
    return { done: false, reason: `${ns}/${name} needs ${keys.join(', ')}`, outputs };
  },
  async apply(ctx) {
    if (!ctx.data.site.ingress.configMap) return;
    const { ns, name, ctrl, missing } = await inspect(ctx);
    if (Object.keys(missing).length > 0) {
      await cloud(ctx).patchConfigMap(ns, name, missing);
      ctx.log(`${ns}/${name}: ${Object.entries(missing).map(([k, v]) => `${k}: "${v}"`).join(', ')}`);
    }
    return { controllerVersion: ctrl?.versionText };
  },
  async verify(ctx) {
    if (!ctx.data.site.ingress.configMap) return true;
    const { missing } = await inspect(ctx, true);
    return Object.keys(missing).length === 0;
  },
} satisfies Step<RunData>;

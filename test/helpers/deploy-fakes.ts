// A recording in-memory ClusterIo and a minimal RunData for the deploy step tests.

import { stageSecretsChart } from '../../src/deploy/secrets-chart.js';
import { generateKeystore } from '../../src/deploy/iam-keystore.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunData } from '../../src/app/run-data.js';
import type { Answers } from '../../src/config/answers.js';
import type { ClusterIo, HelmReleaseStatus, UpgradeInstallArgs } from '../../src/deploy/cluster-io.js';
import type { EventJson, NodeJson, PodJson, PvcJson } from '../../src/deploy/k8s-shapes.js';
import type { Exec } from '../../src/tools/exec/index.js';
import { node, pod } from './deploy-k8s.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface FakeCall {
  verb: string;
  release?: string;
  args?: readonly string[];
  start: number;
  end?: number;
}

export class FakeCluster implements ClusterIo {
  calls: FakeCall[] = [];
  releases = new Map<string, HelmReleaseStatus>();
  namespaces = new Set<string>();
  major: 3 | 4 = 3;
  nodeList: NodeJson[] = [node('n0', '16', '64Gi'), node('n1', '16', '64Gi')];
  /** Releases whose upgrade fails, with the pods it leaves behind. */
  failing = new Map<string, { pods: PodJson[]; events: EventJson[] }>();
  podsByRelease = new Map<string, PodJson[]>();
  /** Pretend each upgrade takes this long. */
  upgradeMs = 20;
  rawAnswers: Record<string, string> = {};
  /** False: behave like a helm that stores its own description ("Upgrade complete"), as the sim does. */
  keepDescription = true;

  async helmMajor() {
    return this.major;
  }
  async rollbackFlag() {
    return this.major === 4 ? '--rollback-on-failure' : '--atomic';
  }
  async upgradeInstall(a: UpgradeInstallArgs) {
    const release = a.args[2]!;
    const call: FakeCall = { verb: 'upgrade', release, args: a.args, start: Date.now() };
    this.calls.push(call);
    await new Promise((r) => setTimeout(r, this.upgradeMs));
    call.end = Date.now();
    const fail = this.failing.get(release);
    if (fail) {
      this.podsByRelease.set(release, fail.pods);
      throw Object.assign(new Error('helm failed'), { result: { stderr: `Error: UPGRADE FAILED: release ${release} failed, and has been rolled back due to atomic being set: context deadline exceeded` } });
    }
    const prev = this.releases.get(release);
    this.releases.set(release, { name: release, status: 'deployed', revision: (prev?.revision ?? 0) + 1, description: this.keepDescription ? a.description : prev ? 'Upgrade complete' : 'Install complete', chart: release, chartVersion: '0.1.0', appVersion: '1' });
    this.podsByRelease.set(release, [pod({ name: `${release}-x-0`, ready: true })].map((p) => ({ ...p, metadata: { ...p.metadata, labels: { 'app.kubernetes.io/instance': release } } })));
    return { command: '', argv: [], cwd: '', exitCode: 0, signal: undefined, durationMs: 0, stdout: '', stderr: '', timedOut: false, isCanceled: false, dryRun: false, failed: false };
  }
  /** Pretend each helm status takes this long. */
  statusMs = 0;
  async status(release: string) {
    const call: FakeCall = { verb: 'status', release, start: Date.now() };
    this.calls.push(call);
    if (this.statusMs > 0) await new Promise((r) => setTimeout(r, this.statusMs));
    call.end = Date.now();
    return this.releases.get(release);
  }
  async list() {
    return [...this.releases.values()];
  }
  async template(args: readonly string[]) {
    this.calls.push({ verb: 'template', release: args[1], start: Date.now() });
    return `kind: Deployment\nmetadata: {name: ${args[1]}-x}\nspec:\n  template:\n    spec:\n      containers: [{name: a, resources: {requests: {cpu: 100m, memory: 128Mi}}}]\n`;
  }
  async uninstall(release: string) {
    this.calls.push({ verb: 'uninstall', release, start: Date.now() });
    this.releases.delete(release);
    this.podsByRelease.delete(release);
  }
  async namespaceExists(ns: string) {
    return this.namespaces.has(ns);
  }
  async createNamespace(ns: string) {
    this.calls.push({ verb: 'create-namespace', start: Date.now() });
    this.namespaces.add(ns);
  }
  async pods(_ns: string, selector?: string) {
    const all = [...this.podsByRelease.entries()].flatMap(([rel, pods]) => pods.map((p) => ({ ...p, metadata: { ...p.metadata, labels: { ...p.metadata.labels, 'app.kubernetes.io/instance': rel } } })));
    if (!selector) return all;
    const rel = selector.split('=')[1];
    return all.filter((p) => p.metadata.labels?.['app.kubernetes.io/instance'] === rel);
  }
  async allPods() {
    return this.pods('');
  }
  async events() {
    return [...this.failing.values()].flatMap((f) => f.events);
  }
  pvcList: PvcJson[] = [];
  async pvcs() {
    return this.pvcList;
  }
  async deletePvcs(_ns: string, names: readonly string[]) {
    this.calls.push({ verb: 'delete-pvc', args: names, start: Date.now() });
    this.pvcList = this.pvcList.filter((p) => !names.includes(p.metadata.name));
  }
  async nodes() {
    return this.nodeList;
  }
  async logs() {
    return ['log line 1', 'fatal: boom'];
  }
  async getRaw(p: string) {
    for (const [k, v] of Object.entries(this.rawAnswers)) if (p.includes(k)) return v;
    if (p.includes('/endpoints/')) return JSON.stringify({ subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 61613 }] }] });
    if (p.includes('openid-configuration')) return JSON.stringify({ issuer: 'https://iam' });
    if (p.includes('isAlive')) return 'alive=yes';
    return 'ok';
  }
  /** helm test answers by release; a release not listed passes its one test. */
  testRuns = new Map<string, { tests: Array<{ name: string; phase: string; log?: string[] }>; exitCode: number; error?: string; none?: boolean }>();
  async test(release: string, _ns: string, o: { timeout: string }) {
    this.calls.push({ verb: 'test', release, args: [o.timeout], start: Date.now() });
    return { none: false, ...(this.testRuns.get(release) ?? { tests: [{ name: `${release}-main-test`, phase: 'Succeeded', log: ['ok:   the service answers', 'result: all 1 checks passed'] }], exitCode: 0 }) };
  }
  tests(): string[] {
    return this.calls.filter((c) => c.verb === 'test').map((c) => c.release!);
  }
  upgrades(): string[] {
    return this.calls.filter((c) => c.verb === 'upgrade').map((c) => c.release!);
  }
}

/** A workspace with a filled secret values file and RunData pointing at the real charts. */
/** One IAM keystore for every test of a process (RSA generation takes a moment). */
let keystore: string | undefined;
export function testKeystore(): string {
  keystore ??= generateKeystore();
  return keystore;
}

/** A filled secret values file with this broker password (and the keystore IAM needs). */
export function filledValuesText(basePasswd: string): string {
  return `msgsvc:\n  basePasswd: ${basePasswd}\niam:\n  keystore: '${testKeystore()}'\n`;
}

export function fakeRunData(answers: Answers, options: { workspace?: string; fixmes?: boolean } = {}): RunData {
  const workspace = options.workspace ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pk-deploy-'));
  const file = path.join(workspace, '.panda-k8s', 'secrets.values.yaml');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, options.fixmes ? 'msgsvc:\n  basePasswd: FIXME\n' : filledValuesText('s3cret'), { mode: 0o600 });
  }
  const unused = () => {
    throw new Error('not used by the deploy steps');
  };
  return {
    workspace,
    projectRoot: REPO_ROOT,
    secretsChartDir: stageSecretsChart(REPO_ROOT, workspace),
    target: 'sim',
    answers,
    exec: { run: unused, addSecret: () => {}, mask: (t: string) => t, recorded: [] } as unknown as Exec,
    openstack: undefined as never,
    kubectl: undefined as never,
    helm: undefined as never,
    kubeconfig: undefined,
    kubeContext: undefined,
    unattended: true,
    prompter: { confirm: async (_q: string, o: { whenUnattended: boolean }) => o.whenUnattended },
    notice: () => {},
  } as unknown as RunData;
}

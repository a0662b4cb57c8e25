// Test helpers: a fresh sim folder with its bin/ installed, an Exec over it, and an in-process runner.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExec, type Exec } from '../../src/tools/exec/index.js';
import { devLauncher, installSimBin } from '../../src/sim/install.js';
import { simToolMain } from '../../src/sim/bin.js';

export interface SimFixture {
  dir: string;
  bin: string;
  work: string;
  /** An SSH public key in `work`, for keypair create. */
  publicKey: string;
  exec: Exec;
  env: NodeJS.ProcessEnv;
  /** Runs a stand-in in this process (fast; same code as the child). */
  tool(tool: string, argv: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }>;
  cleanup(): void;
}

export function simFixture(speed = '0'): SimFixture {
  const root = mkdtempSync(join(tmpdir(), 'panda-k8s-sim-'));
  const dir = join(root, '.panda-k8s', 'sim');
  const work = join(root, 'ws');
  const bin = installSimBin(dir, devLauncher());
  mkdirSync(work, { recursive: true });
  const publicKey = join(work, 'id.pub');
  writeFileSync(publicKey, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl op@lxplus\n');
  const env: NodeJS.ProcessEnv = { ...process.env, PANDA_K8S_SIM_DIR: dir, PANDA_K8S_SIM_SPEED: speed, SHELL: '/bin/bash', KUBECONFIG: join(work, 'config') };
  const exec = createExec({ pathPrepend: [bin], env });
  return {
    dir,
    bin,
    work,
    publicKey,
    exec,
    env,
    async tool(tool, argv, extra = {}) {
      let stdout = '';
      let stderr = '';
      const code = await simToolMain(tool, argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: { ...env, ...extra }, cwd: root });
      return { code, stdout, stderr };
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Captured real-client samples (copied from the shared facts: .cmd, .out, .err, .rc). */
export const SAMPLES = new URL('./fixtures/openstack-cli-samples/', import.meta.url).pathname;

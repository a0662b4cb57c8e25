// Input validation before anything runs: every bad answer or file found at once, each naming its key or file,
// so that a bad input stops the run with the workspace as it was.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunData } from '../src/app/run-data.js';
import { UsageError } from '../src/engine/errors.js';
import { validateCertificates } from '../src/deploy/certificates.js';
import { describeMissing } from '../src/deploy/secrets-values.js';
import { choiceProblems } from './components.js';
import { cricProblems } from './cric.js';
import { certPaths } from './host-certificates.js';
import { planValues, templateFile } from './secret-values.js';
import { certificateHosts, clusterSettings, readPublicKey, resolvePath } from './settings.js';

/**
 * For target existing: the kubeconfig the run will hand every kubectl and helm call must be there
 * (kube.kubeconfig or --kubeconfig, else KUBECONFIG, else kubectl's own ~/.kube/config).
 */
function kubeconfigProblems(data: RunData): string[] {
  const readable = (file: string) => {
    try {
      fs.accessSync(file, fs.constants.R_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  // data.kubeconfig is the answers' file, else KUBECONFIG (a list, as kubectl reads it), else unset.
  if (data.kubeconfig && data.answers.kube?.kubeconfig) {
    return readable(data.kubeconfig) ? [] : [`kube.kubeconfig (answers file or --kubeconfig): ${data.kubeconfig} is not a readable file`];
  }
  if (data.kubeconfig) {
    const files = data.kubeconfig.split(path.delimiter).filter(Boolean);
    return files.some(readable) ? [] : [`KUBECONFIG: none of ${files.join(', ')} is a readable file; set kube.kubeconfig in the answers file (or --kubeconfig)`];
  }
  const home = path.join(os.homedir(), '.kube', 'config');
  return readable(home) ? [] : [`kube.kubeconfig: not set, no KUBECONFIG, and ${home} does not exist; name the cluster's kubeconfig with kube.kubeconfig in the answers file (or --kubeconfig)`];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Problems with the answers and the files they name; [] when the run may start. */
export async function inputProblems(data: RunData): Promise<string[]> {
  const problems: string[] = [];
  // Target sim fills what the answers leave out (certificates, outside secret values) with rehearsal stand-ins.
  const rehearsalCerts = data.target === 'sim' && data.standIns?.certificatesDir !== undefined;
  const rehearsalValues = data.target === 'sim' && data.standIns?.secretValues === true;
  if (data.answers.rehearsal && data.target !== 'sim') {
    problems.push(`rehearsal: the answers file was made for a rehearsal on the sim (rehearsal: true); its certificates and secret values are fakes and are refused for target ${data.target}`);
  }
  if (data.target === 'existing') problems.push(...kubeconfigProblems(data));
  if (data.target !== 'existing') {
    try {
      clusterSettings(data);
    } catch (error) {
      problems.push(messageOf(error));
    }
    const keyFile = data.answers.cluster?.publicKeyFile;
    if (keyFile) {
      try {
        readPublicKey(resolvePath(data, keyFile));
      } catch (error) {
        problems.push(messageOf(error));
      }
    }
  }
  problems.push(...choiceProblems(data));
  const paths = certPaths(data);
  if (paths && !rehearsalCerts) {
    const report = validateCertificates(paths, { hosts: certificateHosts(data), now: data.now(), allowRehearsal: data.target === 'sim' });
    problems.push(...report.errors.map((e) => `certificates: ${e.message}`));
  } else if (!paths && data.target !== 'existing') {
    problems.push('certificates: no host certificate given (set certificates.dir, or certificates.key/.cert/.chain)');
  }
  problems.push(...cricProblems(data).map((p) => `cric: ${p.message}`));
  try {
    const { result, file, existing } = await planValues(data, false);
    const canAsk = !data.unattended && data.askValue !== undefined;
    const outside = result.pending.filter((p) => p.kind === 'outside' && !rehearsalValues);
    if (!canAsk) problems.push(...describeMissing([...result.missing, ...outside], existing === undefined ? templateFile(data) : file).map((l) => `secret values: FIXME left: ${l}`));
  } catch (error) {
    problems.push(messageOf(error));
  }
  return problems;
}

/** Throws one UsageError (exit 2, nothing run) listing every input problem. */
export async function assertInputs(data: RunData): Promise<void> {
  const problems = await inputProblems(data);
  if (problems.length > 0) {
    throw new UsageError(`The bootstrap inputs are not valid (nothing was changed):\n${problems.map((p) => `  - ${p}`).join('\n')}`, 'Fix each one (answers file key or file named above) and run the same command again.');
  }
}

// `panda-k8s status`: the workspace at a glance (no lock: it only reads, and may run beside a deploy);
// `status --check` also runs each deployed release's helm test, which makes test Pods and nothing else.

import fs from 'node:fs';
import { loadRunAnswers } from '../app/context.js';
import { commandRunData } from './command-run-data.js';
import { journalPath } from '../engine/journal.js';
import { ActionableError } from '../engine/errors.js';
import { resolveTarget, resolveWorkspace, flag, withKubeFlags, type Values } from './options.js';

export async function statusCommand(values: Values): Promise<number> {
  const workspace = resolveWorkspace(values);
  if (!fs.existsSync(journalPath(workspace)) && !fs.existsSync(`${workspace}/panda-k8s.yaml`)) {
    throw new ActionableError(`${workspace} is not a panda-k8s workspace yet (no panda-k8s.yaml, no journal).`, {
      nextSteps: ['Start one with: panda-k8s bootstrap -w ' + workspace, 'Or point at one with -w DIR.'],
    });
  }
  const first = loadRunAnswers({ workspace, target: 'existing', save: false });
  const target = resolveTarget(values, first.answers);
  const answers = withKubeFlags(first.answers, values);
  const data = await commandRunData({ workspace, target, answers, notice: () => undefined });
  const { collectStatus, renderStatus } = await import('../deploy/status.js');
  const report = await collectStatus(data, { check: flag(values, 'check') });
  process.stdout.write(flag(values, 'json') ? JSON.stringify(report, null, 2) + '\n' : renderStatus(report) + '\n');
  return report.overall === 'deployed' ? 0 : report.overall === 'failed' ? 1 : 0;
}

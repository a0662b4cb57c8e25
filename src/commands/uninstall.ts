// `panda-k8s uninstall [-c LIST] [--delete-data]`: reverse tier order; volumes are kept unless asked.

import fs from 'node:fs';
import { loadRunAnswers } from '../app/context.js';
import { commandRunData } from './command-run-data.js';
import { withSession } from '../app/session.js';
import { UsageError } from '../engine/errors.js';
import { COMPONENT_NAMES, isComponentName, type ComponentName } from '../deploy/components.js';
import { exitCodeOfStatus, flag, plainOutput, resolveTarget, resolveWorkspace, str, withKubeFlags, type Values } from './options.js';
import { createUiWiring, runPlanWithUi } from './run-plan-with-ui.js';

export async function uninstallCommand(values: Values): Promise<number> {
  const workspace = resolveWorkspace(values);
  const list = (str(values, 'enable') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  for (const c of list) {
    if (!isComponentName(c)) throw new UsageError(`-c/--enable: unknown component "${c}"; valid: ${COMPONENT_NAMES.join(', ')}`);
  }
  const deleteData = flag(values, 'delete-data');
  if (deleteData && !flag(values, 'yes')) {
    throw new UsageError('--delete-data deletes the databases and the broker\'s data for good: add --yes to confirm.');
  }
  fs.mkdirSync(workspace, { recursive: true });
  const first = loadRunAnswers({ workspace, target: 'existing', save: false });
  const target = resolveTarget(values, first.answers);
  const answers = withKubeFlags(first.answers, values);
  const ns = str(values, 'namespace');
  if (ns) answers.kube = { ...answers.kube, namespace: ns };
  return withSession({ workspace, command: 'uninstall' }, async (session) => {
    const wiring = await createUiWiring();
    const data = await commandRunData({ workspace, target, answers, session, wiring });
    const { uninstallSteps } = await import('../deploy/reinstall.js');
    const steps = uninstallSteps(data, { components: list as ComponentName[], pvcs: deleteData ? 'delete' : 'keep' });
    const summary = await runPlanWithUi({ session, data, steps, wiring, plain: plainOutput(values) || flag(values, 'yes'), target });
    return exitCodeOfStatus(summary.status);
  });
}

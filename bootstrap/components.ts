// components: the experiment, affix and components the deploy phase uses, checked together.

import type { Step } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { COMPONENTS, EXPERIMENTS } from '../src/deploy/components.js';
import { validateAffix } from '../src/deploy/names.js';
import { UsageError } from '../src/engine/errors.js';
import { suggest } from '../src/engine/plan.js';
import { affixOf, enabledComponents } from './settings.js';

/** Problems of the deploy choices, each naming its answers key. */
export function choiceProblems(data: RunData): string[] {
  const d = data.answers.deploy ?? {};
  const problems: string[] = [];
  const exp = d.experiment ?? 'none';
  if (exp !== 'none' && !(EXPERIMENTS as readonly string[]).includes(exp)) {
    problems.push(`deploy.experiment: unknown experiment "${exp}"${suggest(exp, EXPERIMENTS)}; valid: none, ${EXPERIMENTS.join(', ')}`);
  }
  const why = validateAffix(affixOf(data));
  if (why) problems.push(`deploy.affix: ${why}`);
  const enabled = enabledComponents(data);
  if (enabled.length === 0) problems.push('deploy.enable/deploy.disable: no component is left to deploy');
  return problems;
}

export const componentsStep = {
  id: 'components',
  title: 'Experiment, affix and components',
  inputs: (data) => ({ deploy: data.answers.deploy }),
  async check(ctx) {
    const problems = choiceProblems(ctx.data);
    if (problems.length > 0) throw new UsageError(`The deploy choices are not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 'Fix them in the answers file and run again.');
    const enabled = enabledComponents(ctx.data);
    for (const c of COMPONENTS) {
      const missingNeeds = enabled.includes(c.name) ? c.needs.filter((n) => !enabled.includes(n)) : [];
      if (missingNeeds.length > 0) ctx.log(`note: ${c.name} needs ${missingNeeds.join(', ')}, which this run does not deploy (it must already run in the namespace)`);
    }
    const experiment = ctx.data.answers.deploy?.experiment ?? 'none';
    if (experiment === 'sphenix' && enabled.includes('iam')) ctx.log('note: sPHENIX is normally deployed with IAM disabled (deploy.disable: [iam])');
    return { done: true, reason: `experiment ${experiment}, affix "${affixOf(ctx.data)}", components ${enabled.join(', ')}`, outputs: { experiment, affix: affixOf(ctx.data), components: enabled } };
  },
  async apply() {
    // Choices only: nothing to change.
  },
} satisfies Step<RunData>;

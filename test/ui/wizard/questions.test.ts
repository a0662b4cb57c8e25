import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answersSchema } from '../../../src/config/answers.js';
import { buildQuestions, newestTemplate, templatesNewestFirst, type QuestionContext } from '../../../src/ui/wizard/questions.js';
import { workspace } from '../helpers/fixtures.js';

const NEWEST: [templates: string[], newest: string | undefined][] = [
  [['kubernetes-1.29.2-1', 'kubernetes-1.31.1-2', 'kubernetes-1.30.0-5'], 'kubernetes-1.31.1-2'],
  [['kubernetes-1.9.0-1', 'kubernetes-1.10.0-1'], 'kubernetes-1.10.0-1'],
  [['kubernetes-1.31.1-2', 'kubernetes-1.31.1-10'], 'kubernetes-1.31.1-10'],
  [['swarm-old', 'kubernetes-1.28.0-1'], 'kubernetes-1.28.0-1'],
  [['custom'], 'custom'],
  [[], undefined],
];

for (const [templates, newest] of NEWEST) {
  test(`the newest template of ${JSON.stringify(templates)} is ${newest}`, () => {
    assert.equal(newestTemplate(templates), newest);
  });
}

test('the template question lists kubernetes templates newest first by version, then the others', () => {
  const templates = ['kubernetes-1.28.9-1', 'custom-gpu', 'kubernetes-1.29.2-2', 'kubernetes-1.30.1-1', 'kubernetes-1.29.10-1', 'kubernetes-1.9.6-1'];
  assert.deepEqual(templatesNewestFirst(templates), ['kubernetes-1.30.1-1', 'kubernetes-1.29.10-1', 'kubernetes-1.29.2-2', 'kubernetes-1.28.9-1', 'kubernetes-1.9.6-1', 'custom-gpu']);
  const question = buildQuestions({ workspace: workspace('new'), templates }).find((q) => q.id === 'cluster.template');
  assert.ok(question && question.kind === 'select');
  const ctx: QuestionContext = { answers: {}, secrets: {}, options: { workspace: workspace('new'), templates }, action: 'start' };
  const choices = question.choices(ctx);
  assert.equal(choices[0]?.value, 'kubernetes-1.30.1-1');
  assert.equal(choices[0]?.label, 'newest');
});

test('every default answer, set in turn, makes a valid answers file', () => {
  const options = { workspace: workspace('new'), templates: ['kubernetes-1.31.1-2'] };
  let answers = {};
  for (const q of buildQuestions(options)) {
    const ctx: QuestionContext = { answers, secrets: {}, options, action: 'start' };
    if (q.applies && !q.applies(ctx)) continue;
    if (q.kind === 'select' || q.kind === 'text') answers = q.set(answers, q.value(ctx));
    else if (q.kind === 'multi') answers = q.set(answers, q.value(ctx));
  }
  const parsed = answersSchema.safeParse(answers);
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
});

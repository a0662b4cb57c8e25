import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runPlan, Journal, type Step, type RunEvent } from '../../src/engine/index.js';

interface Trace { log: string[]; applies: Record<string, number>; done: Set<string>; inputs: Record<string, unknown> }

function newTrace(): Trace {
  return { log: [], applies: {}, done: new Set(), inputs: {} };
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

function toy(id: string, needs: string[] = [], opts: { ms?: number; fail?: boolean | (() => boolean) } = {}): Step<Trace> {
  return {
    id,
    title: id,
    needs,
    inputs: (t) => t.inputs[id] ?? null,
    async check(ctx) {
      return ctx.data.done.has(id);
    },
    async apply(ctx) {
      ctx.data.log.push(`start ${id}`);
      await delay(opts.ms ?? 20);
      const fail = typeof opts.fail === 'function' ? opts.fail() : opts.fail;
      if (fail) {
        ctx.data.log.push(`fail ${id}`);
        throw new Error(`${id} broke`);
      }
      ctx.data.applies[id] = (ctx.data.applies[id] ?? 0) + 1;
      ctx.data.done.add(id);
      ctx.data.log.push(`end ${id}`);
    },
  };
}

describe('runPlan', () => {
  test('a step starts only after every step it needs has ended', async () => {
    const t = newTrace();
    const steps = [toy('a'), toy('b', ['a']), toy('c', ['a']), toy('d', ['b', 'c'])];
    const summary = await runPlan({ steps, data: t });
    assert.equal(summary.status, 'done');
    const at = (s: string) => t.log.indexOf(s);
    assert.ok(at('end a') < at('start b') && at('end a') < at('start c'));
    assert.ok(at('end b') < at('start d') && at('end c') < at('start d'));
  });

  test('independent steps run in parallel up to the concurrency limit', async () => {
    const t = newTrace();
    let running = 0;
    let peak = 0;
    const counting = (id: string): Step<Trace> => ({
      id, title: id,
      async check() { return false; },
      async apply() { running++; peak = Math.max(peak, running); await delay(40); running--; },
    });
    const steps = ['p1', 'p2', 'p3', 'p4', 'p5'].map(counting);
    const started = Date.now();
    await runPlan({ steps, data: t, concurrency: 3 });
    assert.equal(peak, 3);
    assert.ok(Date.now() - started < 5 * 40, 'ran faster than one after another');
  });

  test('a step whose check says done is skipped without apply', async () => {
    const t = newTrace();
    t.done.add('a');
    const events: RunEvent[] = [];
    const summary = await runPlan({ steps: [toy('a'), toy('b', ['a'])], data: t, onEvent: (e) => events.push(e) });
    assert.equal(t.applies.a, undefined);
    assert.equal(t.applies.b, 1);
    assert.equal(summary.steps.a, 'already-done');
    assert.ok(events.some((e) => e.type === 'skipped-already-done' && e.stepId === 'a'));
  });

  test('check runs before apply on every step', async () => {
    const order: string[] = [];
    const step: Step<null> = {
      id: 's', title: 's',
      async check() { order.push('check'); return false; },
      async apply() { order.push('apply'); },
      async verify() { order.push('verify'); },
    };
    await runPlan({ steps: [step], data: null });
    assert.deepEqual(order, ['check', 'apply', 'verify']);
  });

  test('a failed step skips its dependants while independent branches finish', async () => {
    const t = newTrace();
    const steps = [toy('a'), toy('bad', ['a'], { fail: true }), toy('sibling', ['a'], { ms: 60 }), toy('after-bad', ['bad']), toy('after-after', ['after-bad'])];
    const events: RunEvent[] = [];
    const summary = await runPlan({ steps, data: t, onEvent: (e) => events.push(e) });
    assert.equal(summary.status, 'failed');
    assert.equal(summary.steps.sibling, 'done');
    assert.equal(summary.steps['after-bad'], 'skipped');
    assert.equal(summary.steps['after-after'], 'skipped');
    assert.match(summary.errors.bad!.message, /bad broke/);
    const skipped = events.filter((e) => e.type === 'skipped').map((e) => (e as { stepId: string }).stepId);
    assert.deepEqual(skipped.sort(), ['after-after', 'after-bad']);
  });

  test('retry from onFailure runs the step again', async () => {
    const t = newTrace();
    let calls = 0;
    const steps = [toy('flaky', [], { fail: () => ++calls === 1 })];
    const summary = await runPlan({ steps, data: t, onFailure: async () => 'retry' });
    assert.equal(summary.status, 'done');
    assert.equal(calls, 2);
  });

  test('abort from onFailure starts no new step', async () => {
    const t = newTrace();
    const steps = [toy('bad', [], { fail: true }), toy('later', ['bad']), toy('other', [], { ms: 5 }), toy('other2', ['other'])];
    const summary = await runPlan({ steps, data: t, concurrency: 1, onFailure: async () => 'abort' });
    assert.equal(summary.status, 'failed');
    assert.equal(summary.steps.other, 'not-started');
  });

  test('a changed input re-applies exactly the steps whose inputs changed', async () => {
    const t = newTrace();
    const journal = Journal.inMemory();
    const steps = [toy('a'), toy('b', ['a']), toy('c', ['b'])];
    t.inputs = { a: 1, b: 'x', c: true };
    await runPlan({ steps, data: t, journal });
    assert.deepEqual(t.applies, { a: 1, b: 1, c: 1 });
    t.inputs.b = 'y';
    const summary = await runPlan({ steps, data: t, journal });
    assert.deepEqual(t.applies, { a: 1, b: 2, c: 1 });
    assert.equal(summary.steps.b, 'done');
    assert.equal(summary.steps.a, 'already-done');
    assert.equal(summary.steps.c, 'already-done');
  });

  test('outputs learned by a step are journaled and readable by later steps', async () => {
    const journal = Journal.inMemory();
    let seen: unknown;
    const steps: Step<null>[] = [
      { id: 'make', title: 'make', async check() { return false; }, async apply() { return { uuid: 'u-1' }; } },
      { id: 'use', title: 'use', needs: ['make'], async check() { return false; }, async apply(ctx) { seen = ctx.outputsOf('make')?.uuid; } },
    ];
    await runPlan({ steps, data: null, journal });
    assert.equal(seen, 'u-1');
    assert.deepEqual(journal.record('make')?.outputs, { uuid: 'u-1' });
  });

  test('verify returning false fails the step', async () => {
    const step: Step<null> = { id: 'v', title: 'v', async check() { return false; }, async apply() {}, async verify() { return false; } };
    const summary = await runPlan({ steps: [step], data: null });
    assert.equal(summary.steps.v, 'failed');
    assert.match(summary.errors.v!.message, /verification failed/);
  });

  test('an aborted signal interrupts the running step and starts no other', async () => {
    const controller = new AbortController();
    const journal = Journal.inMemory();
    const steps: Step<null>[] = [
      { id: 'long', title: 'long', async check() { return false; }, async apply(ctx) {
        await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('stopped'))));
      } },
      { id: 'next', title: 'next', needs: ['long'], async check() { return false; }, async apply() {} },
    ];
    setTimeout(() => controller.abort(), 30);
    const summary = await runPlan({ steps, data: null, journal, signal: controller.signal });
    assert.equal(summary.status, 'interrupted');
    assert.equal(summary.steps.long, 'interrupted');
    assert.equal(summary.steps.next, 'not-started');
    assert.equal(journal.record('long')?.status, 'interrupted');
  });

  const badPlans: [string, Step<null>[], RegExp][] = [
    ['an unknown need is named with a suggestion', [{ id: 'keypair', title: '', async check() { return true; }, async apply() {} }, { id: 'cluster', title: '', needs: ['keypiar'], async check() { return true; }, async apply() {} }], /step "cluster" needs unknown step "keypiar" \(did you mean "keypair"\?\)/],
    ['a cycle is shown as a path', [{ id: 'x', title: '', needs: ['y'], async check() { return true; }, async apply() {} }, { id: 'y', title: '', needs: ['x'], async check() { return true; }, async apply() {} }], /cycle: x → y → x/],
    ['duplicate ids are refused', [{ id: 'x', title: '', async check() { return true; }, async apply() {} }, { id: 'x', title: '', async check() { return true; }, async apply() {} }], /two steps with id "x"/],
  ];
  for (const [name, steps, pattern] of badPlans) {
    test(`plan validation: ${name}`, async () => {
      await assert.rejects(runPlan({ steps, data: null }), pattern);
    });
  }
});

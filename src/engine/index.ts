// The engine's one door: the step model, the runner, the journal, the lock and the errors.

export * from './errors.js';
export * from './step.js';
export * from './events.js';
export * from './journal.js';
export * from './lock.js';
export * from './plan.js';
export * from './runner.js';
export { digestOf, stableStringify } from './digest.js';
export { writeFileAtomic } from './atomic-write.js';
export { currentStepId, runInStepScope } from './step-scope.js';

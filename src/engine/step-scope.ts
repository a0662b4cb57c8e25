// Which step is running in this async context: lets exec attribute commands and lines to a step
// without every call site passing the step along.

import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

export function runInStepScope<T>(stepId: string, fn: () => Promise<T>): Promise<T> {
  return scope.run(stepId, fn);
}

export function currentStepId(): string | undefined {
  return scope.getStore();
}

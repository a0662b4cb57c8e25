// Scripted engine events for the run screen and the plain renderer.

import type { RunEvent } from '../../../src/engine/events.js';
import { STEPS } from './fixtures.js';

export const runStarted = (steps: string[] = STEPS): RunEvent => ({ type: 'run-started', at: 0, steps: steps.map((id) => ({ id, title: id.replace(/-/g, ' '), needs: [] })) });
export const started = (stepId: string, at: number, resumed = false): RunEvent => ({ type: 'started', at, stepId, inputsChanged: false, resumed });
export const line = (stepId: string, text: string, at = 0, stream: 'stdout' | 'stderr' | 'log' = 'stdout'): RunEvent => ({ type: 'line', at, stepId, line: text, stream });
export const done = (stepId: string, at: number, durationMs: number): RunEvent => ({ type: 'done', at, stepId, durationMs });

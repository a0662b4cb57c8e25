// The events a run emits; UIs (ink or plain lines) subscribe to them and nothing else.

export type SkipReason = 'dependency-failed' | 'user-skipped' | 'aborted';

export type RunEvent =
  | { type: 'run-started'; at: number; steps: { id: string; title: string; needs: readonly string[] }[] }
  | { type: 'started'; at: number; stepId: string; inputsChanged: boolean; resumed: boolean }
  | { type: 'checked'; at: number; stepId: string; done: boolean; reason?: string }
  | { type: 'command'; at: number; stepId: string; command: string }
  | { type: 'line'; at: number; stepId: string; line: string; stream: 'stdout' | 'stderr' | 'log' }
  | { type: 'progress'; at: number; stepId: string; message: string; fraction?: number }
  | { type: 'done'; at: number; stepId: string; durationMs: number }
  | { type: 'skipped-already-done'; at: number; stepId: string; reason?: string }
  | { type: 'skipped'; at: number; stepId: string; reason: SkipReason; because?: string }
  | { type: 'failed'; at: number; stepId: string; error: Error; durationMs: number }
  | { type: 'interrupted'; at: number; stepId: string }
  | { type: 'run-finished'; at: number; status: RunStatus; durationMs: number };

export type RunStatus = 'done' | 'failed' | 'interrupted';

export type RunListener = (event: RunEvent) => void;

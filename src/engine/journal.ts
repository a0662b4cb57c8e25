// The journal: what each step did, with which inputs, what it learned; one JSON file, written atomically.

import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { JournalError } from './errors.js';

export const JOURNAL_VERSION = 1;

export type StepStatus = 'running' | 'done' | 'failed' | 'interrupted' | 'skipped';

export interface StepRecord {
  status: StepStatus;
  /** Digest of the inputs the step last ran (or was found done) with. */
  inputsDigest?: string;
  /** Ids and facts the step learned (cluster uuid, node names …). Never secrets. */
  outputs?: Record<string, unknown>;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  /** How many times apply ran for this step, over all runs. */
  applies?: number;
  lastError?: { message: string; at: string };
}

export interface JournalData {
  version: number;
  createdAt: string;
  updatedAt: string;
  steps: Record<string, StepRecord>;
  /** Free-form facts about the workspace (target, last deploy digests …). */
  meta: Record<string, unknown>;
}

export function journalPath(workspace: string): string {
  return path.join(workspace, '.panda-k8s', 'state.json');
}

function emptyJournal(now: Date): JournalData {
  const at = now.toISOString();
  return { version: JOURNAL_VERSION, createdAt: at, updatedAt: at, steps: {}, meta: {} };
}

function validate(data: unknown, file: string): JournalData {
  const fail = (why: string) =>
    new JournalError(`The journal ${file} is not usable: ${why}.`, {
      hint: 'panda-k8s never discards a journal it cannot read: it records what exists in your cloud.',
      nextSteps: [
        `Look at it: cat ${file}`,
        `If it is damaged, move it aside (mv ${file} ${file}.bad) and run again: every step then checks reality before acting.`,
      ],
    });
  if (!data || typeof data !== 'object' || Array.isArray(data)) return failThrow(fail('it is not a JSON object'));
  const d = data as Partial<JournalData>;
  if (d.version !== JOURNAL_VERSION) return failThrow(fail(`its version is ${JSON.stringify(d.version)}, this panda-k8s reads version ${JOURNAL_VERSION}`));
  if (!d.steps || typeof d.steps !== 'object' || Array.isArray(d.steps)) return failThrow(fail('it has no "steps" object'));
  for (const [id, rec] of Object.entries(d.steps)) {
    if (!rec || typeof rec !== 'object' || typeof (rec as StepRecord).status !== 'string') {
      return failThrow(fail(`step "${id}" has no status`));
    }
  }
  return { version: d.version, createdAt: d.createdAt ?? '', updatedAt: d.updatedAt ?? '', steps: d.steps, meta: d.meta ?? {} };
}

function failThrow(error: Error): never {
  throw error;
}

export class Journal {
  readonly file: string;
  #data: JournalData;
  readonly #now: () => Date;
  readonly #readOnly: boolean;

  private constructor(file: string, data: JournalData, now: () => Date, readOnly = false) {
    this.file = file;
    this.#data = data;
    this.#now = now;
    this.#readOnly = readOnly;
  }

  /** A copy of this journal that records in memory only (`panda-k8s plan` reads the past, writes nothing). */
  readOnlyCopy(): Journal {
    return new Journal(this.file, structuredClone(this.#data), this.#now, true);
  }

  /** Opens the workspace journal, or starts an empty one in memory when none exists yet. */
  static open(workspace: string, now: () => Date = () => new Date()): Journal {
    const file = journalPath(workspace);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Journal(file, emptyJournal(now()), now);
      throw new JournalError(`Cannot read the journal ${file}: ${(error as Error).message}`, {
        cause: error,
        nextSteps: [`Check the permissions of ${path.dirname(file)}.`],
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const why = text.trim() === '' ? 'it is empty' : `it is not valid JSON (${(error as Error).message})`;
      validateThrowParse(file, why, error);
    }
    return new Journal(file, validate(parsed, file), now);
  }

  /** An in-memory journal (dry-run, tests): never written. */
  static inMemory(now: () => Date = () => new Date()): Journal {
    return new Journal('', emptyJournal(now()), now);
  }

  get data(): Readonly<JournalData> {
    return this.#data;
  }

  record(stepId: string): StepRecord | undefined {
    return this.#data.steps[stepId];
  }

  update(stepId: string, patch: Partial<StepRecord>): StepRecord {
    const next = { ...(this.#data.steps[stepId] ?? { status: 'running' as const }), ...patch };
    this.#data.steps[stepId] = next;
    this.save();
    return next;
  }

  setMeta(key: string, value: unknown): void {
    this.#data.meta[key] = value;
    this.save();
  }

  /** Forgets a step, so the next run treats it as never done (reinstall). */
  forget(stepId: string): void {
    delete this.#data.steps[stepId];
    this.save();
  }

  save(): void {
    if (!this.file || this.#readOnly) return;
    this.#data.updatedAt = this.#now().toISOString();
    writeFileAtomic(this.file, JSON.stringify(this.#data, null, 2) + '\n');
  }
}

function validateThrowParse(file: string, why: string, cause: unknown): never {
  throw new JournalError(`The journal ${file} is not usable: ${why}.`, {
    cause,
    hint: 'panda-k8s never discards a journal it cannot read: it records what exists in your cloud.',
    nextSteps: [
      `Look at it: cat ${file}`,
      `If it is damaged, move it aside (mv ${file} ${file}.bad) and run again: every step then checks reality before acting.`,
    ],
  });
}

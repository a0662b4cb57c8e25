// The wizard: first screen → questions (with back navigation) → review → result.
// Answers live in refs as well as state, so keys that arrive between renders see the latest ones.

import React, { useMemo, useRef, useState } from 'react';
import { Box } from 'ink';
import { KeyRouter, useKeys } from './KeyRouter.js';
import type { Answers } from '../../config/answers.js';
import type { CertificatePaths, WizardAction, WizardOptions, WizardResult } from '../types.js';
import { buildQuestions, questionsFor, setAnswer, type Question, type QuestionContext } from '../wizard/questions.js';
import { reviewLines } from '../wizard/review-lines.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { ConfirmQuit, Header } from './Header.js';
import { ConfirmUninstall, Home } from './Home.js';
import { CertificatesScreen, MultiScreen, SecretScreen, SelectScreen, TextScreen } from './QuestionScreens.js';
import { Review, type ReviewChoice } from './Review.js';

type Screen = { kind: 'home' } | { kind: 'question'; index: number } | { kind: 'review' } | { kind: 'uninstall' };

export interface WizardProps {
  options: WizardOptions;
  onDone: (result: WizardResult) => void;
}

const applies = (q: Question, ctx: QuestionContext) => q.applies?.(ctx) ?? true;

export function Wizard(props: WizardProps) {
  return (
    <KeyRouter>
      <WizardScreens {...props} />
    </KeyRouter>
  );
}

function WizardScreens({ options, onDone }: WizardProps) {
  const { columns } = useTerminalSize();
  const all = useMemo(() => buildQuestions(options), [options]);
  const initialAnswers: Answers = { ...options.answers, ...(options.fixedTarget ? { target: options.fixedTarget } : {}) };
  const answersRef = useRef<Answers>(initialAnswers);
  const secretsRef = useRef<Record<string, string>>({});
  const [answers, setAnswers] = useState<Answers>(initialAnswers);
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [action, setAction] = useState<WizardAction>('start');
  const [screen, setScreen] = useState<Screen>({ kind: 'home' });
  const [quitting, setQuitting] = useState(false);
  const finished = useRef(false);

  const asked = questionsFor(action, all);
  const ctxOf = (a: Answers = answersRef.current, act: WizardAction = action): QuestionContext => ({ answers: a, secrets: secretsRef.current, options, action: act });
  const ctx = { answers, secrets, options, action };

  const finish = (result: Omit<WizardResult, 'secrets'> & { secrets?: Record<string, string> }) => {
    if (finished.current) return;
    finished.current = true;
    onDone({ secrets: secretsRef.current, ...result });
  };

  const nextFrom = (from: number, c: QuestionContext, list: Question[]): Screen => {
    for (let i = from; i < list.length; i++) if (applies(list[i]!, c)) return { kind: 'question', index: i };
    return { kind: 'review' };
  };
  const previousFrom = (from: number, c: QuestionContext): Screen => {
    for (let i = from; i >= 0; i--) if (applies(asked[i]!, c)) return { kind: 'question', index: i };
    return { kind: 'home' };
  };

  useKeys(
    (input, key) => {
      if (quitting) {
        if (input === 'y' || input === 'Y') finish({ action: 'quit', answers: answersRef.current });
        else setQuitting(false);
        return;
      }
      if (key.ctrl && input === 'c') setQuitting(true);
    },
    { isActive: true },
  );

  const saveAnswers = (next: Answers) => {
    answersRef.current = next;
    setAnswers(next);
    void Promise.resolve(options.onAnswer?.(next)).catch(() => {
      /* the CLI reports its own save errors; the wizard goes on */
    });
  };

  const choose = (a: WizardAction) => {
    setAction(a);
    if (a === 'start' || a === 'reinstall' || a === 'refresh-secrets') {
      setScreen(nextFrom(0, ctxOf(answersRef.current, a), questionsFor(a, all)));
    } else if (a === 'uninstall') {
      setScreen({ kind: 'uninstall' });
    } else {
      finish({ action: a, answers: answersRef.current });
    }
  };

  const answer = (index: number, value: unknown) => {
    const q = asked[index]!;
    let next = answersRef.current;
    if (q.kind === 'select' || q.kind === 'text') next = q.set(next, value as string);
    else if (q.kind === 'multi') next = q.set(next, value as string[]);
    else if (q.kind === 'certificates') {
      const p = value as CertificatePaths;
      next = setAnswer(setAnswer(setAnswer(next, 'certificates', 'key', p.key), 'certificates', 'cert', p.cert), 'certificates', 'chain', p.chain);
    } else if (q.kind === 'secret') {
      const s = { ...secretsRef.current };
      if (value) s[q.spec.key] = value as string;
      else delete s[q.spec.key];
      secretsRef.current = s;
      setSecrets(s);
    }
    if (q.kind !== 'secret') saveAnswers(next);
    setScreen(nextFrom(index + 1, ctxOf(next), asked));
  };

  const back = (index: number) => setScreen(previousFrom(index - 1, ctxOf()));

  const onReview = (c: ReviewChoice) => {
    if (c === 'run') finish({ action, answers: answersRef.current });
    else if (c === 'quit') finish({ action: 'quit', answers: answersRef.current });
    else setScreen(previousFrom(asked.length - 1, ctxOf()));
  };

  const active = !quitting;
  let body: React.ReactNode;
  let title = 'setup';
  if (screen.kind === 'home') {
    title = 'workspace';
    body = <Home workspace={options.workspace} active={active} onChoose={choose} columns={columns} />;
  } else if (screen.kind === 'uninstall') {
    title = 'uninstall';
    body = <ConfirmUninstall workspace={options.workspace} active={active} onAnswer={(yes) => (yes ? finish({ action: 'uninstall', answers: answersRef.current }) : setScreen({ kind: 'home' }))} />;
  } else if (screen.kind === 'review') {
    title = 'review';
    body = <Review lines={reviewLines(ctx, all)} action={action} active={active} onChoose={onReview} />;
  } else {
    const q = asked[screen.index]!;
    const shown = asked.filter((x) => applies(x, ctx));
    title = `question ${shown.indexOf(q) + 1} of ${shown.length}`;
    const common = { ctx, active, onBack: () => back(screen.index) };
    if (q.kind === 'select') body = <SelectScreen key={q.id} {...common} question={q} onAnswer={(v) => answer(screen.index, v)} />;
    else if (q.kind === 'text') body = <TextScreen key={q.id} {...common} question={q} onAnswer={(v) => answer(screen.index, v)} />;
    else if (q.kind === 'multi') body = <MultiScreen key={q.id} {...common} question={q} onAnswer={(v) => answer(screen.index, v)} />;
    else if (q.kind === 'certificates') body = <CertificatesScreen key={q.id} {...common} question={q} validate={options.validateCertificates} onAnswer={(v) => answer(screen.index, v)} />;
    else body = <SecretScreen key={q.id} {...common} question={q} onAnswer={(v) => answer(screen.index, v)} />;
  }
  const target = answers.target ?? options.workspace.target;
  return (
    <Box flexDirection="column" width={Math.min(columns, 100)}>
      <Header title={title} target={target} />
      <Box marginTop={1} flexDirection="column">
        {body}
      </Box>
      {quitting ? <ConfirmQuit question="Quit panda-k8s? The answers given so far are saved." /> : null}
    </Box>
  );
}

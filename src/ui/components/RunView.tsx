// The run screen: step list, the focused step's command, wait, release panel and output pane,
// the failure question, and Ctrl-C (stop cleanly while a command runs, else ask).

import React, { useEffect, useState } from 'react';
import { Box, Text, useApp } from 'ink';
import { KeyRouter, useKeys } from './KeyRouter.js';
import type { Target } from '../../config/answers.js';
import type { RunStore } from '../run-store.js';
import { fitLine, formatDuration } from '../format.js';
import { runLayout } from '../run-layout.js';
import { useRunStore } from '../hooks/use-run-store.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { useTheme } from '../hooks/use-theme.js';
import { ConfirmQuit, Header, KeyHints } from './Header.js';
import { FailurePrompt, failureLines } from './FailurePrompt.js';
import { ConfirmPrompt } from './ConfirmPrompt.js';
import { OutputPane } from './OutputPane.js';
import { ReleasePanel, releaseRows } from './ReleasePanel.js';
import { StepList } from './StepList.js';

export interface RunViewProps {
  store: RunStore;
  target?: Target;
  onInterrupt?: () => void;
  /** @default 30 */
  maxFps?: number;
  /** @default true */
  animate?: boolean;
  /** @default Date.now */
  now?: () => number;
}

export function RunView(props: RunViewProps) {
  return (
    <KeyRouter>
      <RunScreen {...props} />
    </KeyRouter>
  );
}

function RunScreen({ store, target, onInterrupt, maxFps = 30, animate = true, now = Date.now }: RunViewProps) {
  useRunStore(store, maxFps, animate);
  const theme = useTheme();
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [chosen, setChosen] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const model = store.model;
  const decision = store.decisions[0];
  const question = decision ? undefined : store.questions[0];
  const t = now();

  useEffect(() => {
    if (store.closed) exit();
  });

  const stop = () => {
    store.stopping = true;
    store.abortAll();
    onInterrupt?.();
  };

  useKeys((input, key) => {
    if (confirming) {
      setConfirming(false);
      if (input === 'y' || input === 'Y' || (key.ctrl && input === 'c')) stop();
      return;
    }
    if (key.ctrl && input === 'c') {
      // A command is running: stop it cleanly now (the journal records the interruption).
      // A second press while stopping asks again, so the CLI can escalate.
      if (store.stopping || (model.running.length > 0 && !decision)) {
        store.stopping = true;
        onInterrupt?.();
        store.notify(true);
      } else {
        setConfirming(true);
      }
      return;
    }
    if (key.tab && !decision) {
      const candidates = model.order.filter((id) => model.steps.get(id)!.phase === 'running' || model.steps.get(id)!.phase === 'failed');
      if (candidates.length) {
        const current = model.focus(chosen)?.id;
        setChosen(candidates[(candidates.indexOf(current ?? '') + 1) % candidates.length]);
      }
    }
  });

  const width = Math.max(20, columns - 1);
  const focus = decision ? model.steps.get(decision.stepId) : model.focus(chosen);
  const counts = model.counts();
  const finished = model.finished;
  const elapsed = model.startedAt !== undefined ? formatDuration((finished ? model.startedAt + finished.durationMs : t) - model.startedAt) : '';
  const right = `${counts.done + counts['already-done']}/${model.order.length} done · ${elapsed}`;

  const releases = focus ? [...focus.releases.values()] : [];
  const layout = runLayout({
    rows,
    headerRows: target === 'sim' ? 2 : 1,
    steps: model.order.length,
    fixedRows: (focus?.command ? 1 : 0) + (focus?.awaited ? 1 : 0) + (finished || store.stopping ? 1 : 0) + (confirming ? 3 : 0) + (question ? 2 + Math.ceil(question.question.length / Math.max(20, columns - 5)) : 0) + 1,
    releaseRows: releases.length ? releaseRows(releases, t, 8).length : 0,
    failureRows: decision ? failureLines(decision.stepId, decision.error, 8).length + 3 : 0,
  });
  const paneRows = layout.paneRows;

  const awaited = focus?.awaited;
  const dropped = focus ? focus.output.total - Math.min(focus.output.size, paneRows) : 0;
  return (
    <Box flexDirection="column" width={columns}>
      <Header title="run" target={target} right={right} />
      <StepList model={model} now={t} animate={animate} width={width} maxRows={layout.stepRows} focusId={focus?.id} />
      <Text color={theme.muted}>{`${focus ? `── ${fitLine(`${focus.id}: ${focus.title}`, width - 40)}${dropped > 0 ? ` (last ${Math.min(focus.output.size, paneRows)} of ${focus.output.total} lines)` : ''} ` : ''}${'─'.repeat(width)}`.slice(0, width)}</Text>
      {focus?.command ? <Text color={theme.accent}>{fitLine(`$ ${focus.command}`, width)}</Text> : null}
      {awaited ? (
        <Text color={theme.running}>
          {fitLine(`⏳ ${awaited.message}${awaited.fraction !== undefined ? ` ${Math.round(awaited.fraction * 100)}%` : ''} · waiting ${formatDuration(t - awaited.since)}`, width)}
        </Text>
      ) : null}
      {layout.releaseRows ? <ReleasePanel releases={releases} now={t} width={width} maxRows={layout.releaseRows} /> : null}
      <OutputPane output={focus?.output} height={paneRows} width={width} />
      {decision ? <FailurePrompt key={decision.stepId} stepId={decision.stepId} error={decision.error} onDecide={(d) => store.decide(d)} active={!confirming} width={width} maxRows={layout.failureRows} /> : null}
      {question ? <ConfirmPrompt key={question.question} question={question.question} defaultYes={question.defaultYes} onAnswer={(yes) => store.answer(yes)} active={!confirming} width={width} /> : null}
      {confirming ? <ConfirmQuit question="Stop the run? Running commands are stopped cleanly; resume later with panda-k8s resume." /> : null}
      {store.stopping && !finished ? <Text color={theme.warn}>Stopping: waiting for the running command to end cleanly (the journal records where it stopped)…</Text> : null}
      {finished ? (
        <Text bold color={finished.status === 'done' ? theme.ok : finished.status === 'failed' ? theme.error : theme.warn}>
          {finished.status === 'done' ? '✓ Run finished' : finished.status === 'failed' ? '✗ Run failed' : '‖ Run interrupted'} after {formatDuration(finished.durationMs)}
        </Text>
      ) : null}
      <KeyHints hints={decision ? ['r retry', 's skip', 'a abort', 'Ctrl-C stop'] : question ? ['y yes', 'n no', 'Ctrl-C stop'] : ['Tab: next running step', 'Ctrl-C: stop']} />
    </Box>
  );
}

// The step list: pending, running (spinner and elapsed), done, already done, skipped, failed.

import React from 'react';
import { Box, Text } from 'ink';
import type { RunModel, StepView } from '../run-model.js';
import { stepLine, stepWindow } from '../run-layout.js';
import { useTheme } from '../hooks/use-theme.js';

export function StepList({ model, now, animate, width, maxRows, focusId }: { model: RunModel; now: number; animate: boolean; width: number; maxRows: number; focusId?: string }) {
  const theme = useTheme();
  const steps = model.order.map((id) => model.steps.get(id)!);
  const anchor = Math.max(0, steps.findIndex((s) => s.phase === 'running' || s.phase === 'failed' || s.phase === 'pending'));
  const w = stepWindow(steps.length, anchor, maxRows);
  const idWidth = Math.min(22, Math.max(0, ...steps.map((s) => s.id.length)));
  const colour = (s: StepView) =>
    ({ pending: theme.muted, running: theme.running, done: theme.ok, 'already-done': theme.ok, skipped: theme.muted, failed: theme.error, interrupted: theme.warn })[s.phase];
  const hidden = (from: number, to: number) => {
    const part = steps.slice(from, to);
    const done = part.filter((s) => s.phase === 'done' || s.phase === 'already-done').length;
    return `  … ${part.length} more${done ? ` (${done} done)` : ''}`;
  };
  return (
    <Box flexDirection="column">
      {w.above ? <Text color={theme.muted}>{hidden(0, w.start)}</Text> : null}
      {steps.slice(w.start, w.end).map((s) => (
        <Text key={s.id} color={colour(s)} bold={s.id === focusId && s.phase === 'running'}>
          {stepLine(s, now, animate, idWidth, width)}
        </Text>
      ))}
      {w.below ? <Text color={theme.muted}>{hidden(w.end, steps.length)}</Text> : null}
    </Box>
  );
}

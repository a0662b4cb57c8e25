// A failed step: what failed, the diagnosis (pod, reason, last log lines), the hint, and the choice
// retry / skip / abort (←/→ and Enter, or r/s/a).

import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './KeyRouter.js';
import type { FailureDecision } from '../../engine/runner.js';
import { failureReport, fitLine } from '../format.js';
import { useTheme } from '../hooks/use-theme.js';

const CHOICES: { value: FailureDecision; key: string; label: string }[] = [
  { value: 'retry', key: 'r', label: 'Retry' },
  { value: 'skip', key: 's', label: 'Skip (and the steps that need it)' },
  { value: 'abort', key: 'a', label: 'Abort the run' },
];

/** The prompt's text lines (without the choice line), at most `maxRows`. */
export function failureLines(stepId: string, error: Error, maxRows: number): { text: string; kind: 'title' | 'message' | 'diagnosis' | 'log' | 'hint' }[] {
  const r = failureReport(error);
  const out: { text: string; kind: 'title' | 'message' | 'diagnosis' | 'log' | 'hint' }[] = [];
  out.push({ text: `✗ ${stepId} failed: ${r.message[0] ?? 'unknown error'}`, kind: 'title' });
  if (r.diagnosis) {
    out.push({ text: `  diagnosis: ${r.diagnosis.summary}`, kind: 'diagnosis' });
    for (const l of (r.diagnosis.logTail ?? []).slice(-3)) out.push({ text: `  │ ${l}`, kind: 'log' });
  }
  for (const l of r.message.slice(1, 4)) out.push({ text: `  ${l}`, kind: 'message' });
  if (r.hint) out.push({ text: `  hint: ${r.hint}`, kind: 'hint' });
  for (const s of r.nextSteps.slice(0, 2)) out.push({ text: `  → ${s}`, kind: 'hint' });
  return out.slice(0, Math.max(1, maxRows));
}

export function FailurePrompt({ stepId, error, onDecide, active, width, maxRows }: { stepId: string; error: Error; onDecide: (d: FailureDecision) => void; active: boolean; width: number; maxRows: number }) {
  const theme = useTheme();
  const [at, setAt] = useState(0);
  useKeys(
    (input, key) => {
      const byKey = CHOICES.find((c) => c.key === input.toLowerCase());
      if (byKey) return onDecide(byKey.value);
      if (key.leftArrow || key.upArrow) setAt((i) => (i + CHOICES.length - 1) % CHOICES.length);
      else if (key.rightArrow || key.downArrow || key.tab) setAt((i) => (i + 1) % CHOICES.length);
      else if (key.return) onDecide(CHOICES[at]!.value);
    },
    { isActive: active },
  );
  const colour = { title: theme.error, message: undefined, diagnosis: theme.warn, log: theme.muted, hint: theme.accent };
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={theme.error} paddingX={1}>
      {failureLines(stepId, error, maxRows - 3).map((l, i) => (
        <Text key={i} color={colour[l.kind]} bold={l.kind === 'title'}>
          {fitLine(l.text, width - 4)}
        </Text>
      ))}
      <Text>
        {CHOICES.map((c, i) => (
          <Text key={c.value} inverse={i === at} color={i === at ? undefined : theme.muted}>
            {` [${c.key}] ${c.label} `}
          </Text>
        ))}
      </Text>
    </Box>
  );
}

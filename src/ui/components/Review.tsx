// The review screen: every answer before anything runs; start, go back, or quit.

import React from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './KeyRouter.js';
import type { WizardAction } from '../types.js';
import { useTheme } from '../hooks/use-theme.js';
import { KeyHints } from './Header.js';
import { Select } from './Select.js';

export type ReviewChoice = 'run' | 'back' | 'quit';

const RUN_LABEL: Partial<Record<WizardAction, string>> = {
  start: 'Start: set up the cluster and deploy PanDA',
  reinstall: 'Reinstall / upgrade with these answers',
  'refresh-secrets': 'Redeploy the secrets with these values',
};

export function Review({ lines, action, active, onChoose }: { lines: { label: string; value: string }[]; action: WizardAction; active: boolean; onChoose: (c: ReviewChoice) => void }) {
  const theme = useTheme();
  useKeys(
    (_input, key) => {
      if (key.escape || key.leftArrow) onChoose('back');
    },
    { isActive: active },
  );
  const width = Math.max(...lines.map((l) => l.label.length));
  return (
    <Box flexDirection="column">
      <Text bold>Review: nothing has run yet</Text>
      <Box flexDirection="column" marginY={1}>
        {lines.map((l) => (
          <Text key={l.label} wrap="truncate-end">
            <Text color={theme.muted}>{l.label.padEnd(width)} </Text>
            {l.value}
          </Text>
        ))}
      </Box>
      <Select
        items={[
          { value: 'run' as const, label: RUN_LABEL[action] ?? 'Run' },
          { value: 'back' as const, label: 'Back: change an answer' },
          { value: 'quit' as const, label: 'Quit (answers are saved in panda-k8s.yaml)' },
        ]}
        onSelect={onChoose}
        focus={active}
      />
      <Box marginTop={1}>
        <KeyHints hints={['↑/↓ choose', 'Enter confirm', 'Esc/← back', 'Ctrl-C quit']} />
      </Box>
    </Box>
  );
}

// The top line of every screen: product, what this screen is, and the rehearsal banner for the sim.

import React from 'react';
import { Box, Text } from 'ink';
import type { Target } from '../../config/answers.js';
import { useTheme } from '../hooks/use-theme.js';

export const REHEARSAL_TEXT = 'REHEARSAL — simulated cloud, nothing real is touched';

export function Header({ title, target, right }: { title: string; target?: Target; right?: string }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between">
        <Text wrap="truncate-end">
          <Text bold>panda-k8s</Text>
          <Text color={theme.muted}> · </Text>
          {title}
        </Text>
        {right ? <Text color={theme.muted}>{right}</Text> : null}
      </Box>
      {target === 'sim' ? (
        <Text backgroundColor={theme.rehearsal} color={theme.rehearsal ? 'white' : undefined} bold wrap="truncate-end">
          {` ${REHEARSAL_TEXT} `}
        </Text>
      ) : null}
    </Box>
  );
}

export function KeyHints({ hints }: { hints: string[] }) {
  const theme = useTheme();
  return (
    <Text color={theme.muted} wrap="truncate-end">
      {hints.join(' · ')}
    </Text>
  );
}

/** The Ctrl-C question: y quits, anything else goes back. */
export function ConfirmQuit({ question }: { question: string }) {
  const theme = useTheme();
  return (
    <Box borderStyle="round" borderColor={theme.warn} paddingX={1}>
      <Text wrap="wrap">
        {question} <Text bold>(y/N)</Text>
      </Text>
    </Box>
  );
}

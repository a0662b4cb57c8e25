// A step's yes/no question during the run ("Replace the certificates …?"): y / n, Enter takes the default.

import React from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './KeyRouter.js';
import { fitLine } from '../format.js';
import { useTheme } from '../hooks/use-theme.js';

export function ConfirmPrompt({ question, defaultYes, onAnswer, active, width }: { question: string; defaultYes: boolean; onAnswer: (yes: boolean) => void; active: boolean; width: number }) {
  const theme = useTheme();
  useKeys(
    (input, key) => {
      if (input === 'y' || input === 'Y') onAnswer(true);
      else if (input === 'n' || input === 'N') onAnswer(false);
      else if (key.return) onAnswer(defaultYes);
    },
    { isActive: active },
  );
  return (
    <Box flexDirection="column" borderStyle="single" borderColor={theme.accent} paddingX={1}>
      <Text wrap="wrap">{question}</Text>
      <Text color={theme.muted}>{fitLine(defaultYes ? '[Y/n] y: yes · n: no · Enter: yes' : '[y/N] y: yes · n: no · Enter: no', width - 4)}</Text>
    </Box>
  );
}

// The focused step's last output lines, exactly `height` rows, cut to the width (never wrapped).

import React from 'react';
import { Box, Text } from 'ink';
import type { OutputLine } from '../run-model.js';
import type { RingBuffer } from '../ring-buffer.js';
import { fitLine } from '../format.js';
import { useTheme } from '../hooks/use-theme.js';

export function OutputPane({ output, height, width }: { output: RingBuffer<OutputLine> | undefined; height: number; width: number }) {
  const theme = useTheme();
  const lines = output ? output.last(height) : [];
  return (
    <Box flexDirection="column" height={height}>
      {lines.map((l, i) => (
        <Text key={i} color={l.stream === 'stderr' ? theme.warn : l.stream === 'command' ? theme.accent : theme.muted}>
          {fitLine(l.text, width)}
        </Text>
      ))}
    </Box>
  );
}

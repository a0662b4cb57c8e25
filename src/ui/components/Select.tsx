// A single choice: ↑/↓ move (wrapping), Enter picks, digits 1-9 jump. Drawn in the theme's colours.
// Our own rather than ink-select-input's, whose ink useInput misses keys right after it mounts
// (see KeyRouter.tsx).

import React, { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { useKeys } from './KeyRouter.js';

export interface SelectProps<V extends string> {
  items: { label: string; value: V }[];
  /** The value highlighted first. @default the first item */
  initial?: V;
  onSelect: (value: V) => void;
  /** @default true */
  focus?: boolean;
  /** Rows shown at most (the list scrolls). @default 10 */
  limit?: number;
}

export function Select<V extends string>({ items, initial, onSelect, focus = true, limit = 10 }: SelectProps<V>) {
  const theme = useTheme();
  const start = Math.max(0, items.findIndex((i) => i.value === initial));
  const atRef = useRef(start);
  const [at, setAt] = useState(start);
  const move = (next: number) => {
    atRef.current = (next + items.length) % items.length;
    setAt(atRef.current);
  };
  useKeys(
    (input, key) => {
      if (key.upArrow) move(atRef.current - 1);
      else if (key.downArrow) move(atRef.current + 1);
      else if (key.return) {
        const item = items[atRef.current];
        if (item) onSelect(item.value);
      } else if (/^[1-9]$/.test(input) && Number(input) <= items.length) move(Number(input) - 1);
    },
    { isActive: focus },
  );
  const rows = Math.min(limit, items.length);
  const first = Math.max(0, Math.min(at - Math.floor(rows / 2), items.length - rows));
  return (
    <Box flexDirection="column">
      {items.slice(first, first + rows).map((item, i) => {
        const here = first + i === at;
        return (
          <Text key={item.value} color={here ? theme.accent : undefined} wrap="truncate-end">
            {here ? '❯ ' : '  '}
            {item.label}
          </Text>
        );
      })}
    </Box>
  );
}

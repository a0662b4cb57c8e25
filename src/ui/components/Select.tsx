// A single choice: ↑/↓ move (wrapping), Enter picks, digits 1-9 jump. Drawn by ink-select-input in
// the theme's colours; its keys come from our KeyRouter, not from its own useInput, which misses
// keys that arrive right after a screen mounts (see KeyRouter.tsx). So the list is drawn unfocused,
// and drawn afresh (a new key) each time the highlight moves.

import React, { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
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

function Indicator({ isSelected = false }: { isSelected?: boolean }) {
  const theme = useTheme();
  return <Box marginRight={1}>{isSelected ? <Text color={theme.accent}>❯</Text> : <Text> </Text>}</Box>;
}

function Item({ isSelected = false, label }: { isSelected?: boolean; label: string }) {
  const theme = useTheme();
  return (
    <Text color={isSelected ? theme.accent : undefined} wrap="truncate-end">
      {label}
    </Text>
  );
}

export function Select<V extends string>({ items, initial, onSelect, focus = true, limit = 10 }: SelectProps<V>) {
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
  // The window of rows shown keeps the highlight in its middle where it can.
  const rows = Math.min(limit, items.length);
  const first = Math.max(0, Math.min(at - Math.floor(rows / 2), items.length - rows));
  const shown = items.slice(first, first + rows).map((item) => ({ key: item.value, label: item.label, value: item.value }));
  return (
    <SelectInput
      key={`${first}:${at}`}
      items={shown}
      initialIndex={at - first}
      isFocused={false}
      indicatorComponent={Indicator}
      itemComponent={Item}
    />
  );
}

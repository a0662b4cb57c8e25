// A single choice over ink-select-input, drawn in the theme's colours (none with NO_COLOR).

import React from 'react';
import { Text } from 'ink';
import SelectInput from 'ink-select-input';
import { useTheme } from '../hooks/use-theme.js';

export interface SelectProps<V extends string> {
  items: { label: string; value: V }[];
  initial?: V;
  onSelect: (value: V) => void;
  /** @default true */
  focus?: boolean;
  /** Rows shown at most. @default 10 */
  limit?: number;
}

export function Select<V extends string>({ items, initial, onSelect, focus = true, limit = 10 }: SelectProps<V>) {
  const theme = useTheme();
  const index = Math.max(0, items.findIndex((i) => i.value === initial));
  return (
    <SelectInput
      items={items.map((i) => ({ key: i.value, label: i.label, value: i.value }))}
      initialIndex={index}
      isFocused={focus}
      limit={Math.min(limit, items.length)}
      onSelect={(item) => onSelect(item.value)}
      indicatorComponent={({ isSelected }) => <Text color={theme.accent}>{isSelected ? '❯ ' : '  '}</Text>}
      itemComponent={({ isSelected, label }) => (
        <Text color={isSelected ? theme.accent : undefined} wrap="truncate-end">
          {label}
        </Text>
      )}
    />
  );
}

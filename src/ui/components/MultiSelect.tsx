// A checklist: ↑/↓ move, Space toggles, Enter confirms. Indented items are sub-items of the one above.

import React, { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { useKeys } from './KeyRouter.js';
import { useTheme } from '../hooks/use-theme.js';

export interface MultiSelectItem {
  value: string;
  label: string;
  /** A sub-item: hidden while its parent is unchecked. */
  parent?: string;
}

export interface MultiSelectProps {
  items: MultiSelectItem[];
  initial: string[];
  onSubmit: (selected: string[]) => void;
  onChange?: (selected: string[]) => void;
  /** @default true */
  focus?: boolean;
  /** Rows shown at most (the list scrolls). @default 12 */
  limit?: number;
}

export function MultiSelect({ items, initial, onSubmit, onChange, focus = true, limit = 12 }: MultiSelectProps) {
  const theme = useTheme();
  const selectedRef = useRef(new Set(initial));
  const [selected, setSelected] = useState(() => new Set(initial));
  const [cursor, setCursor] = useState(0);
  const visible = items.filter((i) => !i.parent || selected.has(i.parent));
  const at = Math.min(cursor, visible.length - 1);
  useKeys(
    (input, key) => {
      if (key.upArrow) setCursor(Math.max(0, at - 1));
      else if (key.downArrow) setCursor(Math.min(visible.length - 1, at + 1));
      else if (input === ' ') {
        const item = visible[at];
        if (!item) return;
        const next = new Set(selectedRef.current);
        if (next.has(item.value)) next.delete(item.value);
        else next.add(item.value);
        selectedRef.current = next;
        setSelected(next);
        onChange?.(items.map((i) => i.value).filter((v) => next.has(v)));
      } else if (key.return) {
        onSubmit(items.map((i) => i.value).filter((v) => selectedRef.current.has(v)));
      }
    },
    { isActive: focus },
  );
  const start = Math.max(0, Math.min(at - Math.floor(limit / 2), visible.length - limit));
  return (
    <Box flexDirection="column">
      {visible.slice(start, start + limit).map((item, i) => {
        const here = start + i === at;
        const on = selected.has(item.value);
        return (
          <Text key={item.value} color={here ? theme.accent : undefined} wrap="truncate-end">
            {here ? '❯ ' : '  '}
            {item.parent ? '    ' : ''}
            {on ? '[x] ' : '[ ] '}
            {item.label}
          </Text>
        );
      })}
    </Box>
  );
}

// A one-line text input: typing appends, Backspace deletes, Enter submits; masked with • for secrets.
// Keeps its value in a ref so keys arriving between two renders are never lost.

import React, { useRef, useState } from 'react';
import { Text } from 'ink';
import { useKeys } from './KeyRouter.js';
import { useTheme } from '../hooks/use-theme.js';

export interface TextInputProps {
  /** The value shown first. */
  initial: string;
  onChange?: (value: string) => void;
  onSubmit?: (value: string) => void;
  /** Shows each character as this one. @default none (clear text) */
  mask?: string;
  /** Shown dimmed while the value is empty. */
  placeholder?: string;
  /** @default true */
  focus?: boolean;
}

export function TextInput({ initial, onChange, onSubmit, mask, placeholder, focus = true }: TextInputProps) {
  const theme = useTheme();
  const ref = useRef(initial);
  const [value, setValue] = useState(initial);
  const update = (next: string) => {
    ref.current = next;
    setValue(next);
    onChange?.(next);
  };
  useKeys(
    (input, key) => {
      if (key.return) {
        onSubmit?.(ref.current);
        return;
      }
      if (key.backspace || key.delete) {
        update(ref.current.slice(0, -1));
        return;
      }
      if (key.ctrl && input === 'u') {
        update('');
        return;
      }
      if (key.escape || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.ctrl || key.meta) return;
      // eslint-disable-next-line no-control-regex
      const printable = input.replace(/[\x00-\x1f\x7f]/g, '');
      if (printable) update(ref.current + printable);
    },
    { isActive: focus },
  );
  const shown = mask ? mask.repeat([...value].length) : value;
  return (
    <Text>
      {shown === '' && placeholder ? <Text color={theme.muted} dimColor>{placeholder}</Text> : shown}
      {focus ? <Text inverse> </Text> : null}
    </Text>
  );
}

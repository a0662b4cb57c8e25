// Guided uninstall: which components to remove (all checked to start with). Volumes are always
// kept from here; deleting data is only ever done with an explicit `uninstall --delete-data --yes`.

import React from 'react';
import { Box, Text } from 'ink';
import { KeyRouter } from './KeyRouter.js';
import { MultiSelect } from './MultiSelect.js';
import type { UninstallChoice, UninstallOptions } from '../types.js';

export interface UninstallScreenProps {
  options: Pick<UninstallOptions, 'components'>;
  onDone: (choice: UninstallChoice) => void;
}

export function UninstallScreen({ options, onDone }: UninstallScreenProps) {
  const all = options.components.map((c) => c.name);
  const picked = (components: string[]) => {
    if (components.length === 0) onDone({ cancelled: true });
    // Every one: the whole deployment goes, the secrets release last.
    else if (components.length === all.length) onDone({ components: 'all' });
    else onDone({ components: all.filter((c) => components.includes(c)) });
  };
  return (
    <KeyRouter>
      <Box flexDirection="column">
        <Text bold>Uninstall components</Text>
        <Text dimColor>Checked ones are removed, last tier first; their volumes are kept. All checked removes the secrets release too; none checked cancels.</Text>
        <Box marginTop={1}>
          <MultiSelect items={options.components.map((c) => ({ value: c.name, label: `${c.name} — ${c.title}` }))} initial={all} onSubmit={picked} />
        </Box>
        <Text dimColor>↑/↓ move · Space toggle · Enter confirm</Text>
      </Box>
    </KeyRouter>
  );
}

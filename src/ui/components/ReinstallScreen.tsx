// Guided reinstall: which components to uninstall and install again (none: only upgrade what
// changed), then, when they hold data, an explicit keep-or-delete choice after seeing the claims.

import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { KeyRouter } from './KeyRouter.js';
import { MultiSelect } from './MultiSelect.js';
import { Select } from './Select.js';
import { useTheme } from '../hooks/use-theme.js';
import type { ReinstallChoice, ReinstallOptions } from '../types.js';

export interface ReinstallScreenProps {
  options: ReinstallOptions;
  onDone: (choice: ReinstallChoice) => void;
}

export function ReinstallScreen(props: ReinstallScreenProps) {
  return (
    <KeyRouter>
      <ReinstallSteps {...props} />
    </KeyRouter>
  );
}

type Stage = { kind: 'pick' } | { kind: 'loading'; components: string[] } | { kind: 'data'; components: string[]; claims: string[] };

function ReinstallSteps({ options, onDone }: ReinstallScreenProps) {
  const theme = useTheme();
  const [stage, setStage] = useState<Stage>({ kind: 'pick' });

  const picked = (components: string[]) => {
    if (components.length === 0) {
      onDone({ components: [], pvcs: undefined });
      return;
    }
    setStage({ kind: 'loading', components });
    void options.claimsOf(components).then(
      (claims) => (claims.length === 0 ? onDone({ components, pvcs: 'keep' }) : setStage({ kind: 'data', components, claims })),
      () => setStage({ kind: 'data', components, claims: ['(the cluster could not be asked which volume claims they hold)'] }),
    );
  };

  if (stage.kind === 'pick') {
    return (
      <Box flexDirection="column">
        <Text bold>Reinstall components</Text>
        <Text dimColor>Checked ones are uninstalled and installed again; with none checked, only what changed is upgraded.</Text>
        <Box marginTop={1}>
          <MultiSelect items={options.components.map((c) => ({ value: c.name, label: `${c.name} — ${c.title}` }))} initial={[]} onSubmit={picked} />
        </Box>
        <Text dimColor>↑/↓ move · Space toggle · Enter confirm</Text>
      </Box>
    );
  }
  if (stage.kind === 'loading') return <Text>Asking the cluster what {stage.components.join(', ')} keep on volumes…</Text>;
  return (
    <Box flexDirection="column">
      <Text bold>Their data</Text>
      {stage.claims.map((line, i) => (
        <Text key={i} color={i === 0 ? theme.warn : undefined}>
          {line}
        </Text>
      ))}
      <Box marginTop={1}>
        <Select
          items={[
            { value: 'keep', label: 'Keep the volumes: the reinstalled pods find their data again' },
            { value: 'delete', label: 'Delete the volumes: start empty (the data is gone for good)' },
            { value: 'cancel', label: 'Cancel: reinstall nothing' },
          ]}
          onSelect={(v) => onDone(v === 'cancel' ? { components: [], pvcs: undefined, cancelled: true } : { components: stage.components, pvcs: v })}
        />
      </Box>
    </Box>
  );
}

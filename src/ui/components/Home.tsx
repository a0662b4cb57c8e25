// The first screen: what this workspace is (new, interrupted at step X, complete), the target, and
// the actions that fit its state.

import React from 'react';
import { Box, Text } from 'ink';
import type { WizardAction, WorkspaceSummary } from '../types.js';
import { useTheme } from '../hooks/use-theme.js';
import { KeyHints } from './Header.js';
import { Select } from './Select.js';

const ACTION_LABELS: Record<WizardAction, string> = {
  start: 'Start: answer the questions and set everything up',
  resume: 'Resume where the last run stopped',
  reinstall: 'Reinstall / upgrade: review the answers and run again',
  'refresh-secrets': 'Refresh secrets: enter new secret values and redeploy them',
  status: 'Status: show what is deployed and healthy',
  uninstall: 'Uninstall the PanDA releases',
  quit: 'Quit',
};

/** The actions offered for a workspace state, the most likely first. */
export function actionsFor(state: WorkspaceSummary['state']): WizardAction[] {
  switch (state) {
    case 'new':
      return ['start', 'quit'];
    case 'interrupted':
    case 'failed':
      return ['resume', 'reinstall', 'refresh-secrets', 'status', 'uninstall', 'quit'];
    case 'complete':
      return ['reinstall', 'refresh-secrets', 'status', 'uninstall', 'quit'];
  }
}

const MARK: Record<string, string> = { done: '✓', failed: '✗', interrupted: '‖', running: '‖', skipped: '–', pending: '·' };

export function Home({ workspace, active, onChoose, columns }: { workspace: WorkspaceSummary; active: boolean; onChoose: (a: WizardAction) => void; columns: number }) {
  const theme = useTheme();
  const stopped = workspace.steps.find((s) => s.id === workspace.stoppedAt);
  const done = workspace.steps.filter((s) => s.status === 'done').length;
  const stateLine =
    workspace.state === 'new'
      ? 'New workspace: nothing has run here yet.'
      : workspace.state === 'complete'
        ? `Complete: all ${workspace.steps.length} steps done.`
        : `${workspace.state === 'failed' ? 'Failed' : 'Interrupted'} at step ${workspace.stoppedAt ?? '?'}${stopped ? ` (${stopped.title})` : ''}: ${done} of ${workspace.steps.length} steps done.`;
  const colour = { new: theme.accent, complete: theme.ok, failed: theme.error, interrupted: theme.warn }[workspace.state];
  const cell = Math.max(18, Math.min(26, Math.floor((columns - 2) / 3)));
  const showSteps = workspace.state === 'interrupted' || workspace.state === 'failed';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        Workspace <Text bold>{workspace.path}</Text>
      </Text>
      <Text wrap="truncate-end">
        Target <Text bold>{workspace.target}</Text>
        {workspace.updatedAt ? <Text color={theme.muted}>   last run {workspace.updatedAt.replace('T', ' ').slice(0, 16)}</Text> : null}
      </Text>
      <Text color={colour} bold wrap="wrap">
        {stateLine}
      </Text>
      {workspace.lastError && workspace.state === 'failed' ? (
        <Text color={theme.error} wrap="truncate-end">
          {workspace.lastError.split('\n')[0]}
        </Text>
      ) : null}
      {showSteps ? (
        <Box flexWrap="wrap" width={cell * 3}>
          {workspace.steps.map((s) => (
            <Box key={s.id} width={cell}>
              <Text color={s.status === 'done' ? theme.ok : s.status === 'failed' ? theme.error : s.id === workspace.stoppedAt ? theme.warn : theme.muted} wrap="truncate-end">
                {MARK[s.status] ?? '·'} {s.id}
              </Text>
            </Box>
          ))}
        </Box>
      ) : null}
      {workspace.checks?.length ? (
        <Box flexDirection="column">
          {workspace.checks.map((c) => (
            <Text key={c.label} color={c.ok ? undefined : theme.warn} wrap="truncate-end">
              {c.ok ? '✓' : '✗'} {c.label}
              {c.detail ? <Text color={theme.muted}> — {c.detail}</Text> : null}
            </Text>
          ))}
        </Box>
      ) : null}
      <Box marginTop={1} flexDirection="column">
        <Select items={actionsFor(workspace.state).map((a) => ({ value: a, label: ACTION_LABELS[a] }))} onSelect={onChoose} focus={active} />
      </Box>
      <Box marginTop={1}>
        <KeyHints hints={['↑/↓ choose', 'Enter confirm', 'Ctrl-C quit']} />
      </Box>
    </Box>
  );
}

export function ConfirmUninstall({ active, onAnswer, workspace }: { active: boolean; onAnswer: (yes: boolean) => void; workspace: WorkspaceSummary }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text bold color={theme.warn}>
        Uninstall the PanDA releases of {workspace.path}?
      </Text>
      <Text wrap="wrap">Next you choose which components; their releases and pods are removed, their volumes (database data) are kept.</Text>
      <Box marginTop={1}>
        <Select items={[{ value: 'no', label: 'No, go back' }, { value: 'yes', label: 'Yes, uninstall' }]} onSelect={(v) => onAnswer(v === 'yes')} focus={active} />
      </Box>
    </Box>
  );
}

// The final screen: what was deployed, where to reach it, when the certificate expires, the transcript.

import React from 'react';
import { Box, Text } from 'ink';
import type { FinalSummary } from '../types.js';
import { useTheme } from '../hooks/use-theme.js';
import { Header } from './Header.js';

export function FinalScreen({ summary }: { summary: FinalSummary }) {
  const theme = useTheme();
  const head =
    summary.status === 'done' ? '✓ PanDA is deployed' : summary.status === 'failed' ? '✗ The run failed' : '‖ The run was interrupted';
  const nameWidth = Math.max(0, ...summary.releases.map((r) => r.name.length));
  const endpointWidth = Math.max(0, ...summary.endpoints.map((e) => e.name.length));
  const urls = summary.urls ?? [];
  const urlWidth = Math.max(0, ...urls.map((u) => u.title.length));
  const cert = summary.certificate;
  return (
    <Box flexDirection="column">
      <Header title="summary" target={summary.target} />
      <Text bold color={summary.status === 'done' ? theme.ok : summary.status === 'failed' ? theme.error : theme.warn}>
        {head}
      </Text>
      {summary.releases.length ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Releases</Text>
          {summary.releases.map((r) => (
            <Text key={r.name} wrap="truncate-end">
              {'  '}
              {r.name.padEnd(nameWidth)} <Text color={theme.muted}>{r.component}</Text> <Text color={r.status === 'deployed' ? theme.ok : theme.warn}>{r.status}</Text>
            </Text>
          ))}
        </Box>
      ) : null}
      {urls.length ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Where to reach it</Text>
          {urls.map((u) => (
            <Text key={u.url} wrap="truncate-end">
              {'  '}
              {u.title.padEnd(urlWidth)} <Text color={theme.accent}>{u.url}</Text>
            </Text>
          ))}
          {(summary.login ?? []).map((l) => (
            <Text key={l} wrap="wrap">
              {'  '}
              {l}
            </Text>
          ))}
        </Box>
      ) : null}
      {summary.endpoints.length ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>{urls.length ? 'Inside the cluster' : 'Where to reach it'}</Text>
          {summary.endpoints.map((e) => (
            <Text key={e.name} wrap="truncate-end">
              {'  '}
              {e.name.padEnd(endpointWidth)} <Text color={theme.accent}>{e.url}</Text>
            </Text>
          ))}
        </Box>
      ) : null}
      {cert ? (
        <Box marginTop={1}>
          <Text color={cert.daysLeft < 30 ? theme.warn : undefined} wrap="wrap">
            Host certificate{cert.subject ? ` ${cert.subject}` : ''} expires {cert.notAfter} ({cert.daysLeft} days)
            {cert.daysLeft < 30 ? ': renew it soon, then run panda-k8s with "Refresh secrets"' : ''}
          </Text>
        </Box>
      ) : null}
      <Box marginTop={1} flexDirection="column">
        <Text wrap="truncate-end">
          Transcript <Text color={theme.muted}>{summary.transcriptPath}</Text>
        </Text>
        {(summary.nextSteps ?? []).map((s) => (
          <Text key={s} color={theme.accent} wrap="wrap">
            → {s}
          </Text>
        ))}
        {(summary.commands ?? []).length ? <Text bold>Next</Text> : null}
        {(summary.commands ?? []).map((c) => (
          <Text key={c} wrap="truncate-end">
            {'  '}
            {c}
          </Text>
        ))}
      </Box>
    </Box>
  );
}

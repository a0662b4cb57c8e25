// The per-release panel of a deploy step: helm phase, what is awaited and for how long, pods, warnings.

import React from 'react';
import { Box, Text } from 'ink';
import type { ReleaseState } from '../../deploy/release-state.js';
import { fitLine, formatDuration } from '../format.js';
import { useTheme } from '../hooks/use-theme.js';

/** The panel's lines, cut to `maxRows`: pods with a problem first, then the newest warnings. */
export function releaseRows(releases: (ReleaseState & { since: number })[], now: number, maxRows: number) {
  const rows: { text: string; kind: 'head' | 'pod' | 'bad-pod' | 'event' }[] = [];
  const perRelease = Math.max(1, Math.floor(maxRows / Math.max(1, releases.length)));
  for (const r of releases) {
    const ready = r.pods.filter((p) => p.total > 0 && p.ready === p.total).length;
    const wait = r.awaiting ? ` · awaiting ${r.awaiting} for ${formatDuration(now - r.since)}` : '';
    const block: typeof rows = [{ text: `⎈ ${r.release}  ${r.phase}  pods ${ready}/${r.pods.length} ready${wait}`, kind: 'head' }];
    const pods = [...r.pods].sort((a, b) => Number(Boolean(b.reason)) - Number(Boolean(a.reason)));
    for (const p of pods) {
      const state = p.reason ?? p.phase;
      block.push({ text: `  ${p.name}  ${p.ready}/${p.total}  ${state}${p.restarts ? `  restarts ${p.restarts}` : ''}`, kind: p.reason ? 'bad-pod' : 'pod' });
    }
    for (const e of r.events.slice(-2)) block.push({ text: `  ! ${e.reason} ${e.object}: ${e.message}${e.count && e.count > 1 ? ` (×${e.count})` : ''}`, kind: 'event' });
    // Keep the head, the troubled pods and the events before the healthy pods.
    const head = block.slice(0, 1);
    const rest = block.slice(1).sort((a, b) => rank(a.kind) - rank(b.kind)).slice(0, perRelease - 1);
    rows.push(...head, ...rest);
  }
  return rows.slice(0, maxRows);
}

const rank = (k: string) => (k === 'bad-pod' ? 0 : k === 'event' ? 1 : 2);

export function ReleasePanel({ releases, now, width, maxRows }: { releases: (ReleaseState & { since: number })[]; now: number; width: number; maxRows: number }) {
  const theme = useTheme();
  const rows = releaseRows(releases, now, maxRows);
  return (
    <Box flexDirection="column">
      {rows.map((r, i) => (
        <Text key={i} bold={r.kind === 'head'} color={r.kind === 'bad-pod' ? theme.error : r.kind === 'event' ? theme.warn : undefined}>
          {fitLine(r.text, width)}
        </Text>
      ))}
    </Box>
  );
}

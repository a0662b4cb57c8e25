// Each workspace deploys its own copy of the secrets chart, `<workspace>/.panda-k8s/secrets-chart/`:
// the checkout's templates and placeholder values, plus the files only this workspace has
// (host certificates, CRIC JSONs). Two workspaces on one checkout (a rehearsal and a real
// deployment, two experiments) can then never overwrite each other's certificates, and the
// checkout's secrets/files stays free of keys.

import fs from 'node:fs';
import path from 'node:path';

export function secretsChartDir(workspace: string): string {
  return path.join(workspace, '.panda-k8s', 'secrets-chart');
}

/** Everything of the checkout's chart but files/, which is the workspace's own. */
function isChartSource(src: string, root: string): boolean {
  const rel = path.relative(root, src);
  return rel === '' || !(rel === 'files' || rel.startsWith(`files${path.sep}`));
}

/**
 * Refreshes the staged chart from the checkout (templates removed there disappear here too) and
 * makes the files/ folders the templates read; files already placed there are kept.
 */
export function stageSecretsChart(projectRoot: string, workspace: string): string {
  const source = path.join(projectRoot, 'secrets');
  const target = secretsChartDir(workspace);
  fs.mkdirSync(target, { recursive: true, mode: 0o700 });
  for (const entry of fs.readdirSync(target)) {
    if (entry !== 'files') fs.rmSync(path.join(target, entry), { recursive: true, force: true });
  }
  fs.cpSync(source, target, { recursive: true, filter: (src) => isChartSource(src, source) });
  const sourceFiles = path.join(source, 'files');
  if (fs.existsSync(sourceFiles)) {
    for (const sub of fs.readdirSync(sourceFiles, { withFileTypes: true })) {
      if (sub.isDirectory()) fs.mkdirSync(path.join(target, 'files', sub.name), { recursive: true, mode: 0o700 });
    }
  }
  return target;
}

// What an end-to-end test file leaves behind, gathered as it goes and cleared in its after().
import fs from 'node:fs';
import type { TmuxPane } from './e2e-tmux.js';

export class E2eLeftovers {
  readonly panes: TmuxPane[] = [];
  /** Process-group leaders started detached. */
  readonly groups: number[] = [];
  readonly dirs: string[] = [];

  /** Kills the tmux servers and process groups; removes the folders unless PANDA_K8S_E2E_KEEP is set (to look at after a failure). */
  clear(): void {
    for (const pane of this.panes) pane.kill();
    for (const pid of this.groups) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    if (process.env['PANDA_K8S_E2E_KEEP']) console.error(`kept: ${this.dirs.join(' ')}`);
    else for (const dir of this.dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

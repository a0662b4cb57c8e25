// A lost terminal (a dropped SSH session): whether a hangup stops the run, and a clean way out
// once the run has stopped and recorded where.

import fs from 'node:fs';
import tty from 'node:tty';

let ttyAtStart: number[] | undefined;

/** Which of stdin, stdout and stderr were terminals at the start (the CLI asks first thing). */
export function rememberTerminal(): readonly number[] {
  ttyAtStart ??= [0, 1, 2].filter((fd) => tty.isatty(fd));
  return ttyAtStart;
}

/**
 * Whether a hangup stops the run: only when the run has a terminal to lose. A run with none
 * (`nohup panda-k8s … &`, output to a log and input from /dev/null) goes on: that is what nohup
 * is for, and Node resets the SIGHUP that nohup ignores, so the process must ignore it itself.
 */
export function hangupStopsRun(): boolean {
  return rememberTerminal().length > 0;
}

/**
 * Before the process ends: a terminal that went away while it ran (a dropped SSH session) is
 * replaced by /dev/null on the same descriptors. Node 20 restores the terminal's modes on its way
 * out, and on a hung-up terminal that fails (EIO) and aborts the process (SIGABRT, a core dump where
 * they are enabled, and the exit code lost); it leaves alone a descriptor that now names another file.
 */
export function letGoOfLostTerminal(): void {
  for (const fd of rememberTerminal()) {
    if (tty.isatty(fd)) continue;
    try {
      fs.closeSync(fd);
      // The lowest free descriptor: the one just closed (0-2 are the lowest there are).
      const reopened = fs.openSync('/dev/null', fd === 0 ? 'r' : 'w');
      if (reopened !== fd) fs.closeSync(reopened);
    } catch {
      /* nothing more to do on the way out */
    }
  }
}

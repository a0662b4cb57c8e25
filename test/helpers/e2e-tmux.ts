// Drives a real terminal for the end-to-end tests: a detached tmux server on its own socket,
// one session, one pane of a fixed size. Keys go in with send-keys, the screen comes out with capture-pane.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/** Single-quotes a word for sh. */
export function shq(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export class TmuxPane {
  readonly socket: string;
  readonly target = 'e2e';
  private killed = false;
  /** The server's socket file: kill-server leaves it behind. */
  private readonly socketPath: string;

  /** Starts `command` (an sh command line) in a new detached session of a new server. */
  constructor(socket: string, command: string, size: { width: number; height: number }, cwd: string) {
    this.socket = socket;
    // No config file (-f /dev/null): the user's ~/.tmux.conf must not change the pane.
    this.tmux(['-f', '/dev/null', 'new-session', '-d', '-s', this.target, '-x', String(size.width), '-y', String(size.height), '-c', cwd, command]);
    // The window keeps its size even without a client attached.
    this.tmux(['set-option', '-t', this.target, 'window-size', 'manual']);
    this.tmux(['resize-window', '-t', this.target, '-x', String(size.width), '-y', String(size.height)]);
    this.socketPath = this.display('#{socket_path}');
  }

  tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** The visible screen. `history` adds the lines that scrolled off. Empty once the server is gone. */
  capture(history = false): string {
    if (this.killed) return '';
    try {
      return this.tmux(['capture-pane', '-p', '-t', this.target, ...(history ? ['-S', '-'] : [])]);
    } catch {
      return '';
    }
  }

  /** A tmux format evaluated for the pane, e.g. `#{cursor_flag}`. */
  display(format: string): string {
    return this.tmux(['display-message', '-p', '-t', this.target, format]).trim();
  }

  send(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.target, ...keys]);
  }

  /** Polls the visible screen until `test` passes; the error carries the last screen. */
  async waitFor(test: RegExp | ((screen: string) => boolean), what: string, timeoutMs = 30_000, history = false): Promise<string> {
    const ok = typeof test === 'function' ? test : (s: string) => test.test(s);
    const start = Date.now();
    let screen = '';
    for (;;) {
      screen = this.capture(history);
      if (ok(screen)) return screen;
      if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the pane shows:\n${screen}`);
      await sleep(100);
    }
  }

  /**
   * Presses Enter until the screen matches `until`, one key per screen: after each Enter it waits
   * for the screen to change (up to 1.5 s) before pressing again. Gives up after `maxKeys`,
   * because an inline error (✗ …) blocks on purpose.
   */
  async enterUntil(until: RegExp, what: string, maxKeys = 40): Promise<{ screen: string; keys: number }> {
    let keys = 0;
    let screen = this.capture();
    while (!until.test(screen)) {
      if (keys >= maxKeys) throw new Error(`still no ${what} after ${keys} Enter keys; the pane shows:\n${screen}`);
      const before = screen;
      this.send('Enter');
      keys++;
      const start = Date.now();
      do {
        await sleep(100);
        screen = this.capture();
      } while (screen === before && Date.now() - start < 1500);
    }
    return { screen, keys };
  }

  /** Kills the server: every pane's terminal goes away, so its processes get SIGHUP. */
  kill(): void {
    if (this.killed) return;
    this.killed = true;
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
    if (this.socketPath) fs.rmSync(this.socketPath, { force: true });
  }
}

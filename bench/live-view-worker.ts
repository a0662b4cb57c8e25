// The live-view benchmark's measured process (run by live-view.ts, so its memory is its own):
// a child prints N lines as fast as it can; they go through createExec (a real Transcript file,
// masking) and onLine → run-channel 'line' events of one step → watchRun drawing to a null terminal.
// Prints one JSON line with what it measured.

import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Masker, Transcript, createExec } from '../src/tools/exec/index.js';
import { createRunChannel } from '../src/ui/run-channel.js';
import { watchRun } from '../src/ui/watch-run.js';

const LINES = Number(process.argv[2] ?? 200_000);
const STEP = 'stream';

/** ink wraps each frame in synchronized-update marks, each its own write: a frame starts with this one. */
const BEGIN_FRAME = '\x1b[?2026h';

/** A terminal that throws everything away, counting the writes and the frames. */
class NullTerminal extends Writable {
  columns = 120;
  rows = 40;
  isTTY = true;
  writes = 0;
  marks = 0;
  bytes = 0;
  readonly at: number[] = [];
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.writes++;
    this.bytes += chunk.length;
    if (String(chunk) === BEGIN_FRAME) {
      this.marks++;
      this.at.push(performance.now());
    }
    done();
  }
  /** Frames drawn: the begin marks when ink sends them, else every write. */
  get frames(): number {
    return this.marks > 0 ? this.marks : this.writes;
  }
}

/** A keyboard nobody types on (ink wants raw mode on it). */
class SilentKeyboard extends EventEmitter {
  isTTY = true;
  setRawMode() {}
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read(): null {
    return null;
  }
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
const rss = () => process.memoryUsage.rss();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panda-bench-live-'));
const masker = new Masker();
masker.add('s3cr3t-bench-password'); // one registered secret, as a real run has some
const transcript = new Transcript(dir, masker);
const channel = createRunChannel();
const stdout = new NullTerminal();
const watch = watchRun(channel.subscribe, { stdout: stdout as unknown as NodeJS.WriteStream, stdin: new SilentKeyboard() as unknown as NodeJS.ReadStream });

let received = 0;
let peak = 0;
const sample = () => {
  const r = rss();
  if (r > peak) peak = r;
};
const exec = createExec({
  transcript,
  masker,
  onLine(line, stream) {
    received++;
    if (received % 1000 === 0) sample();
    channel.emit({ type: 'line', at: Date.now(), stepId: STEP, line, stream });
  },
});

channel.emit({ type: 'run-started', at: Date.now(), steps: [{ id: STEP, title: 'Release test-panda (tier 2)', needs: [] }] });
channel.emit({ type: 'started', at: Date.now(), stepId: STEP, inputsChanged: false, resumed: false });
await sleep(300); // the first frames are drawn; the baseline is taken after them
const rss0 = rss();
peak = rss0;
const frames0 = stdout.frames;
const ticker = setInterval(sample, 5);

const printer = `const n=${LINES};let s='';for(let i=1;i<=n;i++){s+='client.go:'+(100+i%900)+': [debug] line '+i+' of '+n+': Deployment is not ready: panda/test-panda-server. 0 out of 1 expected pods are ready\\n';if(s.length>65536){process.stdout.write(s);s='';}}process.stdout.write(s);`;
const t0 = performance.now();
const result = await exec.run(process.execPath, ['-e', printer], {});
const t1 = performance.now();
clearInterval(ticker);
sample();
const frames = stdout.frames - frames0;
const gaps = stdout.at.filter((a) => a >= t0 && a <= t1).map((a, i, all) => (i === 0 ? Infinity : a - all[i - 1]!));

channel.emit({ type: 'done', at: Date.now(), stepId: STEP, durationMs: Math.round(t1 - t0) });
channel.emit({ type: 'run-finished', at: Date.now(), status: 'done', durationMs: Math.round(t1 - t0) });
await watch.done;
transcript.close();

const text = fs.readFileSync(transcript.path, 'utf8').split('\n');
const out = text.filter((l) => l.startsWith('  | '));
let inOrder = out.length === LINES;
for (let i = 0; inOrder && i < out.length; i += 997) inOrder = out[i]!.includes(` line ${i + 1} of `);
fs.rmSync(dir, { recursive: true, force: true });

process.stdout.write(`${JSON.stringify({
  lines: LINES, received, transcribed: out.length, inOrder: inOrder && out.at(-1)?.includes(` line ${LINES} of `) === true,
  exitCode: result.exitCode, ms: t1 - t0, frames, minFrameGapMs: Math.min(...gaps), frameBytes: stdout.bytes, rssGrowth: peak - rss0, rss0,
})}\n`);

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createExec, Masker, MemoryTranscript, Transcript, ToolError, CommandNotFoundError, formatCommand } from '../../src/tools/exec/index.js';
import { isAlive, tempDir, waitFor } from '../helpers/process.js';

describe('exec', () => {
  test('a registered secret never reaches the transcript, the lines or the result, even when the child prints it', async () => {
    const ws = tempDir();
    const masker = new Masker();
    const transcript = new Transcript(path.join(ws, 'logs'), masker);
    const exec = createExec({ transcript, masker });
    const secret = 'Sup3r-s3cret-pw';
    exec.addSecret(secret);
    const lines: string[] = [];
    const result = await exec.run('sh', ['-c', 'echo "password=$1"; echo "again $1" >&2; printf "%s" "$1"', 'sh', secret], { onLine: (l) => lines.push(l) });
    transcript.close();
    const text = fs.readFileSync(transcript.path, 'utf8');
    for (const where of [text, lines.join('\n'), result.stdout, result.stderr, result.command, result.argv.join(' ')]) {
      assert.ok(!where.includes(secret), `secret leaked into: ${where}`);
    }
    assert.match(text, /password=\*\*\*\*/);
    assert.match(text, /again \*\*\*\*/);
    assert.equal(fs.statSync(transcript.path).mode & 0o777, 0o600);
  });

  test('per-call secrets are masked in the command line shown', async () => {
    const t = new MemoryTranscript();
    const exec = createExec({ transcript: t });
    const r = await exec.run('echo', ['--password', 'tokentoken'], { secrets: ['tokentoken'] });
    assert.equal(r.command, 'echo --password ****');
    assert.ok(t.lines.every((l) => !l.includes('tokentoken')));
  });

  test('stdout and stderr lines stream to the listener as they arrive, in order per stream', async () => {
    const exec = createExec();
    const seen: string[] = [];
    await exec.run('sh', ['-c', 'for i in 1 2 3; do echo out$i; echo err$i >&2; done; printf tail'], { onLine: (l, s) => seen.push(`${s}:${l}`) });
    assert.deepEqual(seen.filter((s) => s.startsWith('stdout')), ['stdout:out1', 'stdout:out2', 'stdout:out3', 'stdout:tail']);
    assert.deepEqual(seen.filter((s) => s.startsWith('stderr')), ['stderr:err1', 'stderr:err2', 'stderr:err3']);
  });

  test('a quiet call keeps its lines from the exec-wide listener (the screen) but not from its caller or the transcript', async () => {
    const t = new MemoryTranscript();
    const screen: string[] = [];
    const exec = createExec({ transcript: t, onLine: (l) => screen.push(l) });
    const caller: string[] = [];
    await exec.run('sh', ['-c', 'echo expected-answer >&2; exit 1'], { quiet: true, allowFailure: true, onLine: (l) => caller.push(l) });
    await exec.run('sh', ['-c', 'echo news >&2']);
    assert.deepEqual(screen, ['news']);
    assert.deepEqual(caller, ['expected-answer']);
    assert.ok(t.lines.some((l) => l.includes('expected-answer')), t.lines.join('\n'));
  });

  test('arguments reach the child as an array: no shell expansion', async () => {
    const exec = createExec();
    const r = await exec.run('printf', ['%s|', '$HOME', '; rm -rf /', '`id`']);
    assert.equal(r.stdout, '$HOME|; rm -rf /|`id`|');
  });

  test('a non-zero exit throws ToolError with the command, exit code and stderr tail', async () => {
    const exec = createExec();
    const err = await exec.run('sh', ['-c', 'echo boom >&2; exit 4']).catch((e: unknown) => e);
    assert.ok(err instanceof ToolError);
    assert.equal(err.exitCode, 4);
    assert.match(err.message, /command exited with code 4: sh -c 'echo boom >&2; exit 4'\nboom/);
  });

  test('output past the capture limit is cut from the result but every line still streams and reaches the transcript', async () => {
    const t = new MemoryTranscript();
    let streamed = 0;
    const exec = createExec({ transcript: t, maxCaptureBytes: 1000 });
    const r = await exec.run('sh', ['-c', 'i=0; while [ $i -lt 2000 ]; do echo "line $i"; i=$((i+1)); done'], { onLine: () => streamed++ });
    assert.equal(streamed, 2000);
    assert.ok(r.stdout.length < 1200, `kept ${r.stdout.length} characters`);
    assert.match(r.stdout, /output truncated, see the transcript/);
    const transcribed = t.lines.join('\n').split('\n').filter((l) => l.startsWith('  | line '));
    assert.equal(transcribed.length, 2000);
    assert.equal(transcribed.at(-1), '  | line 1999');
  });

  test('allowFailure returns the failed result instead of throwing', async () => {
    const r = await createExec().run('sh', ['-c', 'exit 3'], { allowFailure: true });
    assert.equal(r.exitCode, 3);
    assert.equal(r.failed, true);
  });

  test('a missing command says so and what to do', async () => {
    const err = await createExec().run('no-such-tool-pk8s', ['x']).catch((e: unknown) => e);
    assert.ok(err instanceof CommandNotFoundError);
    assert.match((err as Error).message, /no-such-tool-pk8s: command not found on PATH/);
  });

  test('a timeout kills the child and fails with timedOut', async () => {
    const started = Date.now();
    const err = await createExec().run('sleep', ['10'], { timeoutMs: 150 }).catch((e: unknown) => e);
    assert.ok(err instanceof ToolError && err.timedOut);
    assert.ok(Date.now() - started < 3000);
  });

  test('aborting kills the whole process group, grandchildren included, and fails with isCanceled', async () => {
    const ws = tempDir();
    const pidFile = path.join(ws, 'grandchild');
    const controller = new AbortController();
    const exec = createExec({ killGraceMs: 500 });
    const running = exec.run('sh', ['-c', 'sleep 30 & echo $! > "$1"; wait', 'sh', pidFile], { signal: controller.signal });
    await waitFor(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '');
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
    controller.abort();
    const err = await running.catch((e: unknown) => e);
    assert.ok(err instanceof ToolError && err.isCanceled);
    await waitFor(() => !isAlive(grandchild), 3000, 'grandchild gone');
  });

  test("dry-run 'all' records every command and runs none", async () => {
    const ws = tempDir();
    const marker = path.join(ws, 'ran');
    const t = new MemoryTranscript();
    const exec = createExec({ dryRun: 'all', transcript: t });
    const r = await exec.run('touch', [marker], { mutating: true });
    await exec.run('touch', [marker]);
    assert.equal(r.dryRun, true);
    assert.equal(fs.existsSync(marker), false);
    assert.deepEqual(exec.recorded.map((x) => x.command), [`touch ${marker}`, `touch ${marker}`]);
    assert.ok(t.lines[0]!.startsWith('[dry-run] $ touch'));
  });

  test("dry-run 'mutating' runs read-only commands and records mutating ones", async () => {
    const ws = tempDir();
    const marker = path.join(ws, 'ran');
    const exec = createExec({ dryRun: 'mutating' });
    const read = await exec.run('echo', ['hi']);
    await exec.run('touch', [marker], { mutating: true });
    assert.equal(read.stdout, 'hi');
    assert.equal(fs.existsSync(marker), false);
    assert.deepEqual(exec.recorded.map((x) => x.command), [`touch ${marker}`]);
  });

  test('the transcript records each command with its exit code and duration', async () => {
    const t = new MemoryTranscript();
    await createExec({ transcript: t }).run('sh', ['-c', 'echo x; exit 2'], { allowFailure: true });
    assert.match(t.lines[0]!, /^\$ sh -c 'echo x; exit 2'/);
    assert.equal(t.lines[1], '  | x');
    assert.match(t.lines[2]!, /^= exit 2 in \d+ ms$/);
  });

  test('pathPrepend puts stand-ins first on PATH', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'openstack'), '#!/bin/sh\necho stand-in "$@"\n', { mode: 0o755 });
    const r = await createExec({ pathPrepend: [dir] }).run('openstack', ['token', 'issue']);
    assert.equal(r.stdout, 'stand-in token issue');
  });

  const quoting: [string[], string][] = [
    [['helm', 'upgrade', '--install', 'test-panda', 'charts/panda'], 'helm upgrade --install test-panda charts/panda'],
    [['sh', '-c', "it's"], `sh -c 'it'\\''s'`],
    [['x', ''], "x ''"],
    [['kubectl', 'patch', '-p', '{"data":{"a":"b"}}'], `kubectl patch -p '{"data":{"a":"b"}}'`],
  ];
  for (const [argv, expected] of quoting) {
    test(`commands are shown paste-ready: ${expected}`, () => {
      assert.equal(formatCommand(argv[0]!, argv.slice(1)), expected);
    });
  }
});

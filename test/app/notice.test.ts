import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wrapWords } from '../../src/app/notice.js';

const BANNER = 'REHEARSAL on the simulated cloud: nothing real is touched. The SSH key, the host certificates (issued by the "panda-k8s rehearsal CA (sim only)") and the outside secret values are rehearsal stand-ins, valid for --target sim only.';

test('a notice wraps at spaces within the width, every word kept whole and in order', () => {
  for (const width of [40, 79, 119]) {
    const wrapped = wrapWords(BANNER, width);
    const rows = wrapped.split('\n');
    assert.ok(rows.length > 1);
    for (const row of rows) assert.ok(row.length <= width, `${row.length} > ${width}: ${row}`);
    assert.equal(rows.join(' '), BANNER);
  }
});

test('short lines, line breaks of the message and a word longer than the width stay as they are', () => {
  assert.equal(wrapWords('one\ntwo three', 20), 'one\ntwo three');
  assert.equal(wrapWords('see /a/very/long/path/that/does/not/fit here', 10), 'see\n/a/very/long/path/that/does/not/fit\nhere');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RingBuffer } from '../../src/ui/ring-buffer.js';

test('a ring keeps the last N items in order and counts every push', () => {
  const ring = new RingBuffer<number>(3);
  for (let i = 1; i <= 5; i++) ring.push(i);
  assert.deepEqual(ring.last(), [3, 4, 5]);
  assert.deepEqual(ring.last(2), [4, 5]);
  assert.equal(ring.total, 5);
  assert.equal(ring.size, 3);
});

test('a ring that is not full returns what it has', () => {
  const ring = new RingBuffer<string>(10);
  ring.push('a');
  assert.deepEqual(ring.last(5), ['a']);
});

test('a ring rejects a capacity that is not a positive integer', () => {
  assert.throws(() => new RingBuffer(0), /ring capacity must be a positive integer, got 0/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colorsEnabled, themeFor } from '../../src/ui/theme.js';

test('NO_COLOR turns every colour off', () => {
  assert.equal(colorsEnabled({ NO_COLOR: '1' }), false);
  assert.ok(Object.values(themeFor({ NO_COLOR: '1' })).every((c) => c === undefined));
});

test('colours are on without NO_COLOR on a capable terminal', () => {
  assert.equal(colorsEnabled({ TERM: 'xterm-256color' }), true);
  assert.equal(themeFor({}).error, 'red');
});

test('a dumb terminal gets no colours', () => {
  assert.equal(colorsEnabled({ TERM: 'dumb' }), false);
});

// Finding helm and kubectl: the user's PATH first, a checkout's .tools/ for what it lacks.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { findOnPath, pathWithCheckoutTools } from '../../src/tools/find-tools.js';
import { tempDir } from '../helpers/process.js';

function toolIn(dir: string, name: string, mode = 0o755): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\n', { mode });
  return file;
}

test('findOnPath: the first executable of that name, skipping the folders named (a stand-in\'s own)', () => {
  const root = tempDir();
  const standIn = toolIn(path.join(root, 'sim', 'bin'), 'helm');
  toolIn(path.join(root, 'noexec'), 'helm', 0o644);
  const real = toolIn(path.join(root, 'real'), 'helm');
  const PATH = [path.join(root, 'sim', 'bin'), path.join(root, 'noexec'), path.join(root, 'real')].join(path.delimiter);
  assert.equal(findOnPath('helm', PATH), standIn);
  assert.equal(findOnPath('helm', PATH, [path.join(root, 'sim', 'bin')]), real);
  assert.equal(findOnPath('kubectl', PATH), undefined);
});

test('the checkout\'s tools come after the user\'s PATH, and only for the tools it lacks', () => {
  const root = tempDir();
  const tools = { helm: toolIn(path.join(root, '.tools', 'helm-v3'), 'helm'), kubectl: toolIn(path.join(root, '.tools', 'kubectl-v32'), 'kubectl') };
  const user = path.join(root, 'bin');
  fs.mkdirSync(user);
  assert.equal(pathWithCheckoutTools(user, tools), [user, path.dirname(tools.helm), path.dirname(tools.kubectl)].join(path.delimiter));
  toolIn(user, 'kubectl');
  assert.equal(pathWithCheckoutTools(user, tools), [user, path.dirname(tools.helm)].join(path.delimiter), 'the user\'s kubectl wins');
  toolIn(user, 'helm');
  assert.equal(pathWithCheckoutTools(user, tools), user);
  assert.equal(pathWithCheckoutTools(user, undefined), user, 'no checkout, nothing added');
});

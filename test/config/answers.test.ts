import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadAnswers, saveAnswers, validateAnswers, mergeAnswers } from '../../src/config/answers.js';
import { UsageError } from '../../src/engine/errors.js';
import { tempDir } from '../helpers/process.js';

function write(text: string): string {
  const file = path.join(tempDir(), 'panda-k8s.yaml');
  fs.writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected UsageError, got ${error}`);
    return error;
  }
  assert.fail('expected an error');
}

describe('answers file', () => {
  test('a full answers file loads with its values', () => {
    const file = write(`target: openstack
profile: cern
cluster:
  name: panda-doma
  nodeCount: 4
  flavor: m2.xlarge
deploy:
  experiment: lsst
  affix: "-dev"
  disable: [iam, panda.jedi]
cric:
  mode: files
`);
    const a = loadAnswers(file);
    assert.equal(a.cluster?.nodeCount, 4);
    assert.deepEqual(a.deploy?.disable, ['iam', 'panda.jedi']);
  });

  test('the cluster name of the CERN procedure page loads as written (Magnum accepts upper case)', () => {
    const file = write('cluster:\n  name: PanDA-DOMA-k8s\n');
    assert.equal(loadAnswers(file).cluster?.name, 'PanDA-DOMA-k8s');
  });

  const bad: [string, string, RegExp][] = [
    ['an unknown key is named with a suggestion', 'clustr:\n  name: x\n', /clustr: unknown key \(did you mean "cluster"\?\)/],
    ['an unknown nested key names its full path', 'cluster:\n  nodecount: 3\n', /cluster\.nodecount: unknown key \(did you mean "nodeCount"\?\)/],
    ['node count 0 is refused', 'cluster:\n  nodeCount: 0\n', /cluster\.nodeCount: must be at least 1 \(got 0\)/],
    ['a node count that is not a number is refused', 'cluster:\n  nodeCount: four\n', /cluster\.nodeCount: must be number, not string/],
    ['a cluster name Magnum refuses says Magnum\'s rule', 'cluster:\n  name: 1panda\n', /cluster\.name: cluster name "1panda" is not one Magnum accepts: 1-242 characters, letters \(upper or lower case\), digits, "_", "\." and "-", starting with a letter/],
    ['an unknown experiment lists the valid ones', 'deploy:\n  experiment: lsts\n', /deploy\.experiment: unknown experiment "lsts" \(did you mean "lsst"\?\); valid: none, lsst/],
    ['an unknown component is named', 'deploy:\n  enable: [panda, bogus]\n', /deploy\.enable\.1: unknown component "bogus"/],
    ['an unknown sub-component is named', 'deploy:\n  disable: [panda.jedy]\n', /deploy\.disable\.0: unknown component or sub-component "panda.jedy" \(did you mean "panda.jedi"\?\)/],
    ['a bad affix says what an affix is', 'deploy:\n  affix: Test\n', /deploy\.affix: affix "Test" must be a prefix ending in "-"/],
    ['an unknown target lists the targets', 'target: aws\n', /target: must be one of sim, openstack, existing/],
  ];
  for (const [name, text, pattern] of bad) {
    test(name, () => {
      const file = write(text);
      const err = errorOf(() => loadAnswers(file));
      assert.match(err.message, pattern);
      assert.ok(err.message.startsWith(`${file} is not valid:`), err.message);
      assert.equal(err.exitCode, 2);
    });
  }

  test('invalid YAML names the file, line and column', () => {
    const file = write('cluster:\n  name: [unclosed\n');
    const err = errorOf(() => loadAnswers(file));
    assert.match(err.message, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: not valid YAML`));
  });

  test('a missing file is an error unless optional', () => {
    const file = path.join(tempDir(), 'nope.yaml');
    assert.match(errorOf(() => loadAnswers(file)).message, /Cannot read the answers file/);
    assert.deepEqual(loadAnswers(file, { optional: true }), {});
  });

  test('save then load round-trips, and a bad answer is never saved', () => {
    const file = path.join(tempDir(), 'panda-k8s.yaml');
    saveAnswers(file, { target: 'sim', cluster: { name: 'panda-test', nodeCount: 3 } });
    assert.deepEqual(loadAnswers(file), { target: 'sim', cluster: { name: 'panda-test', nodeCount: 3 } });
    const before = fs.readFileSync(file, 'utf8');
    assert.throws(() => saveAnswers(file, { cluster: { nodeCount: -1 } }), UsageError);
    assert.equal(fs.readFileSync(file, 'utf8'), before);
  });

  test('merge: later layers win, undefined never overrides, arrays are replaced', () => {
    const merged = mergeAnswers(
      { cluster: { name: 'a', nodeCount: 4 }, deploy: { disable: ['iam'] } },
      { cluster: { nodeCount: 2, flavor: undefined }, deploy: { disable: ['panda.jedi'] } },
    );
    assert.deepEqual(merged, { cluster: { name: 'a', nodeCount: 2 }, deploy: { disable: ['panda.jedi'] } });
  });

  test('validateAnswers names its origin (flag or file)', () => {
    assert.match(errorOf(() => validateAnswers({ deploy: { experiment: 'x' } }, '--experiment')).message, /^--experiment is not valid/);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { downloadCric, validateCricDir, validateCricText } from '../../src/deploy/cric.js';
import { CRIC_GOOD, tempDir, writeCric } from '../helpers/bootstrap-fixtures.js';

test('valid CRIC files pass', () => {
  assert.deepEqual(validateCricDir(writeCric(tempDir('cric'))), []);
});

test('a missing mandatory file is named as mandatory', () => {
  const dir = writeCric(tempDir('cric'));
  fs.rmSync(path.join(dir, 'panda_queues.json'));
  const problems = validateCricDir(dir);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /panda_queues\.json is missing: it is mandatory/);
});

const shapes: { name: string; text: string; error: RegExp }[] = [
  { name: 'text that is not JSON', text: '{"CERN": ', error: /sites\.json is not valid JSON/ },
  { name: 'an array at the top level', text: '[{"name":"CERN"}]', error: /must be a JSON object keyed by name.*got an array/ },
  { name: 'an empty object', text: '{}', error: /empty object/ },
  { name: 'an entry that is not an object', text: '{"CERN": 3}', error: /entry "CERN" must be an object/ },
];
for (const s of shapes) {
  test(`sites.json with ${s.name} is refused`, () => {
    assert.match(validateCricText('sites.json', s.text)!.message, s.error);
  });
}

test('download fetches the three mandatory files from the instance and validates them', async () => {
  const asked: string[] = [];
  const byQuery: Record<string, string> = { site: CRIC_GOOD['sites.json'], pandaqueue: CRIC_GOOD['panda_queues.json'], ddmendpoint: CRIC_GOOD['ddm_endpoints.json'] };
  const { files, problems } = await downloadCric('https://cric.example.org/', {
    timeoutMs: 1000,
    fetcher: async (url) => {
      asked.push(url);
      const kind = /api\/atlas\/(\w+)\//.exec(url)![1]!;
      return { ok: true, status: 200, text: async () => byQuery[kind]! };
    },
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(Object.keys(files).sort(), ['ddm_endpoints.json', 'panda_queues.json', 'sites.json']);
  assert.equal(asked[0], 'https://cric.example.org/api/atlas/site/query/?json');
});

test('a download that does not answer in time says so', async () => {
  const { problems } = await downloadCric('https://cric.example.org', {
    timeoutMs: 50,
    fetcher: (_url, init) => new Promise((_ok, fail) => init.signal.addEventListener('abort', () => fail(init.signal.reason))),
  });
  assert.match(problems[0]!.message, /cannot download https:\/\/cric.example.org\/api\/atlas\/site\/query\/\?json: no answer within/);
});

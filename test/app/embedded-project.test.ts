// The bundle's project files (scripts/project-files.mjs packs them, src/app/embedded-project.ts stages them).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { matchesManifest, stageProject } from '../../src/app/embedded-project.js';
import { collectProjectFiles, packProject } from '../../scripts/project-files.mjs';
import type { EmbeddedProjectData } from '../../src/launcher/host.js';
import { brotliCompressSync } from 'node:zlib';
import { ROOT, tempDir } from '../helpers/process.js';

/** A copy of the checkout's trees, with what a site puts in secrets/files and what editors leave behind. */
function projectCopy(): string {
  const root = tempDir();
  for (const tree of ['charts', 'secrets', 'bootstrap/profiles']) fs.cpSync(path.join(ROOT, tree), path.join(root, tree), { recursive: true });
  fs.writeFileSync(path.join(root, 'secrets/files/panda_certs/hostkey.pem'), '-----BEGIN PRIVATE KEY-----\n');
  fs.writeFileSync(path.join(root, 'secrets/files/cric_jsons/sites.json'), '{}');
  fs.writeFileSync(path.join(root, 'charts/panda/values.yaml~'), 'editor backup');
  fs.mkdirSync(path.join(root, 'charts/panda/templates/tests'), { recursive: true });
  fs.writeFileSync(path.join(root, 'charts/panda/templates/tests/new-test.yaml'), 'kind: Pod\n');
  return root;
}

function embedded(root: string): EmbeddedProjectData {
  const packed = packProject(collectProjectFiles(root));
  const data = brotliCompressSync(JSON.stringify(packed.contents)).toString('base64');
  return { digest: packed.digest, manifest: packed.manifest, packed: () => data };
}

describe('the files the bundle carries', () => {
  test('every file under charts/, secrets/ and bootstrap/profiles/, found by walking them, without site data or litter', () => {
    const root = projectCopy();
    const paths = collectProjectFiles(root).map((f) => f.path);
    assert.ok(paths.includes('charts/panda/templates/tests/new-test.yaml'), 'a file added under charts/ is carried');
    assert.ok(paths.includes('bootstrap/profiles/cern.yaml'));
    assert.ok(paths.includes('secrets/values.yaml'));
    assert.ok(paths.includes('secrets/files/panda_certs/.gitkeep'), 'the folders the secrets chart reads are carried');
    assert.ok(!paths.some((p) => /hostkey\.pem|sites\.json/.test(p)), 'host keys and CRIC JSONs never');
    assert.ok(!paths.some((p) => p.endsWith('~')), 'no editor litter');
    for (const p of paths) assert.match(p, /^(charts|secrets|bootstrap\/profiles)\//);
  });

  test('the digest names the content: one changed byte changes it', () => {
    const root = projectCopy();
    const before = packProject(collectProjectFiles(root)).digest;
    assert.equal(packProject(collectProjectFiles(root)).digest, before);
    fs.appendFileSync(path.join(root, 'charts/iam/values.yaml'), '\n');
    assert.notEqual(packProject(collectProjectFiles(root)).digest, before);
  });
});

describe('staging the carried files', () => {
  test('they are staged under their digest, byte for byte, and a second call reuses the copy', () => {
    const project = embedded(projectCopy());
    const base = tempDir();
    const root = stageProject(project, base);
    assert.equal(root, path.join(base, project.digest));
    assert.ok(matchesManifest(root, project.manifest));
    assert.equal(fs.readFileSync(path.join(root, 'charts/panda/templates/tests/new-test.yaml'), 'utf8'), 'kind: Pod\n');
    const marker = path.join(root, 'charts/panda/Chart.yaml');
    const mtime = fs.statSync(marker).mtimeMs;
    stageProject(project, base);
    assert.equal(fs.statSync(marker).mtimeMs, mtime);
    assert.deepEqual(fs.readdirSync(base), [project.digest], 'no temporary folders left');
  });

  const changes: [string, (root: string) => void][] = [
    ['a file edited', (root) => fs.appendFileSync(path.join(root, 'charts/panda/values.yaml'), 'injected: true\n')],
    ['a file removed', (root) => fs.rmSync(path.join(root, 'charts/panda/templates/server.yaml'))],
    ['a template added', (root) => fs.writeFileSync(path.join(root, 'charts/panda/templates/extra.yaml'), 'kind: Secret\n')],
  ];
  for (const [what, change] of changes) {
    test(`a staged copy with ${what} is staged again before use`, () => {
      const project = embedded(projectCopy());
      const base = tempDir();
      const root = stageProject(project, base);
      change(root);
      assert.ok(!matchesManifest(root, project.manifest));
      assert.equal(stageProject(project, base), root);
      assert.ok(matchesManifest(root, project.manifest));
      assert.deepEqual(fs.readdirSync(base), [project.digest]);
    });
  }

  test('copies of other builds: the two staged last are kept', () => {
    const base = tempDir();
    for (const [i, name] of ['0000000000000001', '0000000000000002', '0000000000000003'].entries()) {
      fs.mkdirSync(path.join(base, name));
      const t = new Date(Date.now() - (10 - i) * 60_000);
      fs.utimesSync(path.join(base, name), t, t);
    }
    const project = embedded(projectCopy());
    stageProject(project, base);
    assert.deepEqual(fs.readdirSync(base).sort(), ['0000000000000002', '0000000000000003', project.digest].sort());
  });
});

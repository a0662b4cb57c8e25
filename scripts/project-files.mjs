// The project's own files the bundle carries (charts/, secrets/, bootstrap/profiles/): walked from disk, so a
// file another change adds under these folders is carried without anyone listing it. Site data never goes
// in: under secrets/files/ only the folder markers (.gitkeep, .gitignore) are carried — host keys,
// certificates and CRIC JSONs placed there stay on the machine that has them.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const PROJECT_TREES = ['charts', 'secrets', 'bootstrap/profiles'];

/** Editor and OS litter, never part of the product (the same names the release digests ignore). */
const LITTER = /(^|\/)(\.git|\.DS_Store|[^/]*~|[^/]*\.swp)$/;
const SITE_DATA = /^secrets\/files\//;
const FOLDER_MARKER = /\/\.git(keep|ignore)$/;

/** Whether a project-relative path (with /) is carried in the bundle. */
export function carried(rel) {
  if (LITTER.test(rel)) return false;
  if (SITE_DATA.test(rel)) return FOLDER_MARKER.test(rel);
  return true;
}

/** Every carried file under the trees, sorted by path: { path, mode, data }. Symbolic links are refused. */
export function collectProjectFiles(root) {
  const files = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (LITTER.test(child)) continue;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) {
        if (!carried(child)) continue;
        const full = path.join(root, child);
        files.push({ path: child, mode: fs.statSync(full).mode & 0o111 ? 0o755 : 0o644, data: fs.readFileSync(full) });
      } else {
        throw new Error(`${path.join(root, child)}: not a plain file or folder; the bundle carries only those`);
      }
    }
  };
  for (const tree of PROJECT_TREES) walk(tree);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/**
 * What the bundle embeds: a manifest (path, mode, size, sha256 of each file) the CLI checks staged copies
 * against without unpacking anything, the digest naming the staged folder, and the contents.
 */
export function packProject(files) {
  const manifest = files.map((f) => ({ path: f.path, mode: f.mode, size: f.data.length, sha256: sha256(f.data) }));
  const digest = sha256(JSON.stringify(manifest)).slice(0, 16);
  const contents = Object.fromEntries(files.map((f) => [f.path, f.data.toString('base64')]));
  return { digest, manifest, contents };
}

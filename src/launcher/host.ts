// What the bundle's launcher hands the CLI it loads (src/host.ts reads it): where the bundle is, which build
// it is, the project files it carries and, for stack traces, the CLI's source map.

/** Fixed at build time (scripts/build.mjs). */
export interface BuildInfo {
  version: string;
  /** The commit built (`+dirty` when tracked files differed); absent when built outside a git checkout. */
  commit?: string;
  /** 12 hex digits naming what the bundle carries: the CLI and the project files. */
  id: string;
  /** sha256 of the CLI script the launcher loads (its cache file is checked against it). */
  coreSha256: string;
}

export interface ManifestEntry {
  /** Project-relative, with `/`: charts/panda/values.yaml */
  path: string;
  mode: number;
  size: number;
  sha256: string;
}

/** charts/, secrets/ (no site data) and bootstrap/profiles/, as scripts/project-files.mjs packs them. */
export interface EmbeddedProjectData {
  /** 16 hex digits over the manifest: names the folder the files are staged in. */
  digest: string;
  manifest: ManifestEntry[];
  /** base64 of brotli of JSON { path: base64 content }, read from the bundle when files must be staged. */
  packed(): string;
}

export interface LauncherHost {
  /** The bundle file (dist/panda-k8s.mjs, or wherever it was copied). */
  bundle: string;
  build: BuildInfo;
  project: EmbeddedProjectData;
  /** The file name the CLI script runs under, as stack traces show it. */
  coreFile: string;
  /** The CLI's source map (JSON), unpacked on demand. */
  sourceMap(): string;
}

/** `0.1.0 (commit 97439c6a1b2c, build 5b99abc03acc)`: what --version prints after the name. */
export function describeBuild(build: BuildInfo): string {
  return `${build.version} (${build.commit ? `commit ${build.commit}, ` : ''}build ${build.id})`;
}

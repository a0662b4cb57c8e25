// Types of project-files.mjs, for the tests that check what the bundle carries.
import type { ManifestEntry } from '../src/launcher/host.js';

export declare const PROJECT_TREES: string[];
export interface ProjectFile {
  path: string;
  mode: number;
  data: Buffer;
}
export declare function carried(rel: string): boolean;
export declare function collectProjectFiles(root: string): ProjectFile[];
export declare function packProject(files: ProjectFile[]): { digest: string; manifest: ManifestEntry[]; contents: Record<string, string> };

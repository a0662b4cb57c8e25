// Fixtures for the bootstrap tests: a throw-away project root (secrets/ of this checkout copied), CRIC files,
// a snapshot of a folder to prove "nothing changed", and a secrets values template.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pk8s-${prefix}-`));
}

/** A secrets values template shaped like facts §2.2 (used when the checkout's secrets/values.yaml is not there yet). */
export const VALUES_TEMPLATE = `# secrets values (test template)
affix: "-FIXME"
auth:
  auth: oidc
  authIdToken: "FIXME"
  authVO: panda_dev
  oidc:
    audience: https://pandaserver-doma.cern.ch
    clients:
      - name: panda_dev
        client_id: "FIXME"
        client_secret: "FIXME"
msgsvc:
  enabled: true
  basePasswd: "FIXME"
panda:
  enabled: true
  hostName: "FIXME"
  database:
    backend: postgres
    password: "FIXME"
harvester:
  enabled: true
  database:
    password: "FIXME"
    admin_password: "FIXME"
idds:
  enabled: true
  database:
    password: "FIXME"
bigmon:
  enabled: true
  secretKey: "FIXME"
iam:
  enabled: true
  database:
    password: "FIXME"
    root_password: "FIXME"
  cilogon:
    client_id: "FIXME"
    client_secret: "FIXME"
cric:
  real: true
`;

/** A project root with the checkout's secrets/ chart (or the test template) and empty secrets/files/*. */
export function makeProjectRoot(): string {
  const root = tempDir('project');
  const src = path.join(REPO_ROOT, 'secrets');
  if (fs.existsSync(path.join(src, 'values.yaml'))) {
    fs.cpSync(src, path.join(root, 'secrets'), { recursive: true, filter: (f) => !/\.(pem|json)$/.test(f) });
  } else {
    fs.mkdirSync(path.join(root, 'secrets', 'files'), { recursive: true });
    fs.writeFileSync(path.join(root, 'secrets', 'values.yaml'), VALUES_TEMPLATE);
  }
  fs.mkdirSync(path.join(root, 'charts'), { recursive: true });
  return root;
}

export const CRIC_GOOD = {
  'sites.json': JSON.stringify({ CERN: { name: 'CERN', state: 'ACTIVE' } }),
  'panda_queues.json': JSON.stringify({ CERN_TEST: { name: 'CERN_TEST', site: 'CERN' } }),
  'ddm_endpoints.json': JSON.stringify({ CERN_DATADISK: { name: 'CERN_DATADISK', site: 'CERN' } }),
};

export function writeCric(dir: string, files: Record<string, string> = CRIC_GOOD): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Every file under `dir` with its mode and content digest, to compare before and after a run. */
export function snapshot(dir: string, ignore: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      const rel = path.relative(dir, full);
      if (ignore(rel)) continue;
      if (entry.isDirectory()) walk(full);
      else out[rel] = `${(fs.statSync(full).mode & 0o777).toString(8)} ${fs.readFileSync(full).toString('base64').length}:${fs.readFileSync(full).toString('base64').slice(0, 64)}`;
    }
  };
  walk(dir);
  return out;
}

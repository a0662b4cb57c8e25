// The answers of the end-to-end runs: a 3-node cluster, test certificates for its aliases, outside values
// (non-secret ones in the answers, secret ones in PANDA_K8S_SECRET_* variables).

import fs from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { opensshEd25519 } from '../../src/app/rehearsal.js';
import { cernHosts, writeCertSet } from './bootstrap-certs.js';

export function publicKeyFile(dir: string): string {
  const file = path.join(dir, 'id_ed25519.pub');
  const { publicKey } = generateKeyPairSync('ed25519');
  fs.writeFileSync(file, `${opensshEd25519(publicKey.export({ type: 'spki', format: 'der' }), 'e2e')}\n`);
  return file;
}

/** Secret outside values come from the environment, never the answers file. */
export const OUTSIDE_SECRETS: Record<string, string> = {
  PANDA_K8S_SECRET_AUTH_AUTHIDTOKEN: 'e2e-id-token',
  PANDA_K8S_SECRET_AUTH_OIDC_CLIENTS_0_CLIENT_SECRET: 'e2e-client-secret',
  PANDA_K8S_SECRET_AUTH_OIDC_TOKEN_CACHE_CLIENT_SECRET: 'e2e-cache-secret',
  PANDA_K8S_SECRET_BIGMON_AUTH_PROVIDERS_INDIGOIAM_KEY: 'e2e-iam-key',
  PANDA_K8S_SECRET_BIGMON_AUTH_PROVIDERS_INDIGOIAM_SECRET: 'e2e-iam-secret',
};

export function e2eAnswers(workspace: string, name = 'panda-e2e') {
  const certs = writeCertSet(path.join(workspace, 'certs'), { hosts: cernHosts(name) });
  return {
    target: 'sim' as const,
    cluster: { name, nodeCount: 3, keypair: 'e2e-key', publicKeyFile: publicKeyFile(workspace), nodesTimeout: '30s' },
    certificates: { dir: certs },
    deploy: { affix: 'test-' },
    secrets: {
      values: {
        'auth.oidc.audience': 'https://pandaserver.example.org',
        'auth.oidc.config_url': 'https://iam.example.org/.well-known/openid-configuration',
        'auth.oidc.clients[0].client_id': 'panda-client',
        'auth.oidc.token_cache.client_id': 'pilot-client',
        'auth.oidc.token_cache.endpoint': 'https://iam.example.org/token',
        'panda.hostName': `${name}-server.cern.ch`,
        'bigmon.hostname': `${name}-bigmon.cern.ch`,
        'bigmon.vo': 'panda_dev',
        'bigmon.auth.providers.indigoiam.basePath': 'https://iam.example.org',
        'iam.baseUrl': `https://${name}.cern.ch`,
      },
    },
  };
}


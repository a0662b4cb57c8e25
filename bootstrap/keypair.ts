// keypair: `openstack keypair show NAME`, else create it from the operator's public key file; never overwritten.

import type { Step } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { UsageError } from '../src/engine/errors.js';
import { cloud, clusterStands, type Keypair } from './cloud.js';
import type { StepContext } from '../src/engine/step.js';

/** What apply created, for verify of the same attempt. */
const createdIn = new WeakMap<StepContext<RunData>, Keypair>();
import { clusterSettings, readPublicKey, sshFingerprint } from './settings.js';

export const keypairStep = {
  id: 'keypair',
  title: 'OpenStack keypair',
  needs: ['preflight'],
  inputs: (data) => ({ keypair: data.answers.cluster?.keypair }),
  async check(ctx) {
    const s = clusterSettings(ctx.data);
    // The keypair only serves to create the cluster: once it stands, the run does not ask the cloud about it.
    const cluster = await cloud(ctx).clusterLookup(s.name);
    if (clusterStands(cluster)) return { done: true, reason: `cluster ${s.name} exists (${cluster.status}, keypair ${cluster.keypair})`, outputs: { keypair: s.keypair } };
    const found = await cloud(ctx).keypairShow(s.keypair);
    if (!found) return { done: false, reason: `keypair ${s.keypair} does not exist yet` };
    if (s.publicKeyFile) {
      // An existing keypair is never replaced; a different local key only earns a warning.
      try {
        const local = sshFingerprint(readPublicKey(s.publicKeyFile));
        if (local && found.fingerprint && local !== found.fingerprint) {
          ctx.log(`warning: keypair ${s.keypair} exists with fingerprint ${found.fingerprint}, not that of ${s.publicKeyFile} (${local}); it is kept as it is`);
        }
      } catch {
        /* the file is only needed to create the keypair */
      }
    }
    return { done: true, reason: `keypair ${s.keypair} exists`, outputs: { keypair: s.keypair, fingerprint: found.fingerprint } };
  },
  async apply(ctx) {
    const s = clusterSettings(ctx.data);
    if (!s.publicKeyFile) {
      throw new UsageError(`cluster.publicKeyFile: keypair ${s.keypair} does not exist and no public key file is named to create it from`, 'Set cluster.publicKeyFile (e.g. ~/.ssh/id_ed25519.pub) or cluster.keypair to an existing keypair (openstack keypair list).');
    }
    readPublicKey(s.publicKeyFile);
    const created = await cloud(ctx).keypairCreate(s.keypair, s.publicKeyFile);
    createdIn.set(ctx, created);
    ctx.log(`created ${s.keypair} from ${s.publicKeyFile} (${created.fingerprint})`);
    return { keypair: s.keypair, fingerprint: created.fingerprint };
  },
  async verify(ctx) {
    // `keypair create -f json` printed the keypair Nova stored (its name and fingerprint): asking again would only cost a login.
    const created = createdIn.get(ctx);
    if (created?.name === clusterSettings(ctx.data).keypair && created.fingerprint) return true;
    return (await cloud(ctx).keypairShow(clusterSettings(ctx.data).keypair)) !== undefined;
  },
} satisfies Step<RunData>;

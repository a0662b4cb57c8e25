// With the sim's faults the run stops with the right diagnosis; once the fault is cleared (and the printed
// next step taken where one is needed) the same command resumes and completes.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { simDirOf } from '../../src/app/context.js';
import { withState } from '../../src/sim/store.js';
import { bootstrapOnSim, exitCode, failure, newWorkspace, setFaults, simCalls, writeAnswers } from '../helpers/bootstrap-sim.js';
import { OUTSIDE_SECRETS, e2eAnswers } from '../helpers/bootstrap-answers.js';

function setup(nodesTimeout?: string) {
  const { workspace, projectRoot } = newWorkspace();
  const answers = e2eAnswers(workspace);
  if (nodesTimeout) answers.cluster.nodesTimeout = nodesTimeout;
  writeAnswers(workspace, answers);
  const run = () => bootstrapOnSim(workspace, { projectRoot, env: OUTSIDE_SECRETS });
  return { workspace, projectRoot, run };
}

/** Runs one of the sim's stand-ins the way an operator would run a printed command. */
function simTool(workspace: string, tool: string, args: string[]): string {
  return execFileSync(path.join(simDirOf(workspace), 'bin', tool), args, { env: { ...process.env, PANDA_K8S_SIM_SPEED: '0' }, encoding: 'utf8' });
}

describe('sim faults', { concurrency: 4 }, () => {
  test('CREATE_FAILED: stops with the status_reason and the delete command; after delete and a cleared fault the same command completes', async () => {
    const { workspace, run } = setup();
    setFaults(workspace, [{ name: 'create-failed', reason: 'Resource CREATE failed: OverQuotaClient: Quota exceeded for cores' }]);
    const first = await run();
    assert.equal(exitCode(first), 1);
    assert.equal(first.summary!.steps['cluster-ready'], 'failed');
    const why = failure(first);
    assert.match(why, /cluster panda-e2e: CREATE_FAILED: Resource CREATE failed: OverQuotaClient: Quota exceeded for cores/);
    const del = /openstack (coe cluster delete panda-e2e)/.exec(why);
    assert.ok(del, why);

    setFaults(workspace, []);
    simTool(workspace, 'openstack', del[1]!.split(' '));
    const second = await run();
    assert.equal(second.summary?.status, 'done', failure(second));
  });

  test('CREATE_FAILED with someone to answer: delete and retry inside the same run', async () => {
    const { workspace, projectRoot } = setup();
    writeAnswers(workspace, e2eAnswers(workspace));
    setFaults(workspace, [{ name: 'create-failed' }]);
    const questions: string[] = [];
    const run = await bootstrapOnSim(workspace, {
      projectRoot, env: OUTSIDE_SECRETS,
      confirm: (q) => {
        questions.push(q);
        setFaults(workspace, []); // the operator fixed the cause before saying yes
        return true;
      },
    });
    assert.equal(run.summary?.status, 'done', failure(run));
    assert.match(questions[0]!, /Cluster panda-e2e failed to create .*Delete it and create it again\?/);
    const mutating = simCalls(workspace).filter((c) => c.mutating).map((c) => c.argv.slice(0, 3).join(' '));
    assert.equal(mutating.filter((m) => m === 'coe cluster create').length, 2);
    assert.equal(mutating.filter((m) => m === 'coe cluster delete').length, 1);
  });

  test('auth failure: preflight names the credentials problem and the fix; nothing is changed; then it completes', async () => {
    const { workspace, run } = setup();
    setFaults(workspace, [{ name: 'auth' }]);
    const first = await run();
    assert.equal(exitCode(first), 1);
    assert.equal(first.summary!.steps['preflight'], 'failed');
    assert.match(failure(first), /OpenStack credentials do not work: The request you have made requires authentication\. \(HTTP 401\)/);
    assert.match(failure(first), /source ~\/\.openrc/);
    assert.deepEqual(simCalls(workspace).filter((c) => c.mutating), []);

    setFaults(workspace, []);
    const second = await run();
    assert.equal(second.summary?.status, 'done', failure(second));
  });

  test('node NotReady: stops naming the node and its condition; once it is Ready the run resumes without redoing the cluster', async () => {
    const { workspace, run } = setup('2s');
    setFaults(workspace, [{ name: 'node-notready', node: 1 }]);
    const first = await run();
    assert.equal(exitCode(first), 1);
    assert.equal(first.summary!.steps['nodes-ready'], 'failed');
    assert.match(failure(first), /nodes not Ready after .*panda-e2e-\w+-node-1: /);
    assert.match(failure(first), /describe node panda-e2e-\w+-node-1/);

    setFaults(workspace, []);
    const before = simCalls(workspace).length;
    const second = await run();
    assert.equal(second.summary?.status, 'done', failure(second));
    const again = simCalls(workspace).slice(before).filter((c) => c.mutating).map((c) => `${c.tool} ${c.argv.slice(0, 3).join(' ')}`);
    assert.ok(!again.some((c) => /create|keypair/.test(c)), `no cluster or keypair made again: ${again.join(', ')}`);
  });

  test('old ingress controller without ssl-passthrough: stops with the exact fix; after the fix the run completes, without the 1.12 risk level', async () => {
    const { workspace, run } = setup();
    setFaults(workspace, [{ name: 'old-ingress', version: '1.9.6', sslPassthrough: false }]);
    const first = await run();
    assert.equal(exitCode(first), 1);
    assert.equal(first.summary!.steps['ingress-snippets'], 'failed');
    const why = failure(first);
    assert.match(why, /ingress-nginx controller kube-system\/daemonset\/cern-magnum-ingress-nginx-controller \(v1\.9\.6\) runs without --enable-ssl-passthrough/);
    assert.match(why, /kubectl --kubeconfig \S+ -n kube-system patch daemonset cern-magnum-ingress-nginx-controller --type json -p '\[\{"op":"add","path":"\/spec\/template\/spec\/containers\/0\/args\/-","value":"--enable-ssl-passthrough"\}\]'/);

    // The operator's fix (the sim's kubectl patches ConfigMaps only, so the same change is made to its state).
    setFaults(workspace, []);
    await withState(simDirOf(workspace), (s) => {
      for (const k of s.kubes) for (const w of k.workloads) if (w.name === 'cern-magnum-ingress-nginx-controller') w.containers[0]!.args!.push('--enable-ssl-passthrough');
    });
    const second = await run();
    assert.equal(second.summary?.status, 'done', failure(second));
    const cm = JSON.parse(simTool(workspace, 'kubectl', ['--kubeconfig', path.join(workspace, '.panda-k8s/kube/config'), '-n', 'kube-system', 'get', 'configmap', 'cern-magnum-ingress-nginx-controller', '-o', 'json']));
    assert.equal(cm.data['allow-snippet-annotations'], 'true');
    assert.equal(cm.data['annotations-risk-level'], undefined, 'not needed below 1.12');
  });
});

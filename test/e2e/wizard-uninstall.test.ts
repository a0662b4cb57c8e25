// The wizard's guided uninstall end to end, in tmux against the sim: on a deployed workspace, the
// operator picks Uninstall, confirms, unchecks one component, and exactly the others are removed,
// last tier first, with their volumes kept and the secrets release left in place.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ROOT, tempDir } from '../helpers/process.js';
import { projectHome } from '../helpers/e2e-home.js';
import { TmuxPane, shq, tmuxAvailable } from '../helpers/e2e-tmux.js';
import { readCalls } from '../helpers/e2e-workspace.js';
import { E2eLeftovers } from '../helpers/e2e-cleanup.js';

const BUNDLE = path.join(ROOT, 'dist', 'panda-k8s.mjs');
const UNSET = ['CI', 'NO_COLOR', 'PANDA_K8S_SIM_DIR', 'PANDA_K8S_POLL_MS', 'KUBECONFIG'];
const left = new E2eLeftovers();
after(() => left.clear());

describe('the wizard\'s guided uninstall', { skip: tmuxAvailable() ? false : 'tmux is not installed', timeout: 150_000 }, () => {
  test('unchecking bigmon removes the five others in reverse tier order and keeps volumes and secrets', async () => {
    const dir = tempDir('pk8s-uninstall-');
    left.dirs.push(dir);
    const ws = path.join(dir, 'ws');
    fs.mkdirSync(ws);
    const vars = { PANDA_K8S_HOME: projectHome(dir), PANDA_K8S_SIM_SPEED: '0.001' };
    const env: NodeJS.ProcessEnv = { ...process.env, ...vars };
    for (const k of UNSET) delete env[k];
    const deployed = spawnSync(process.execPath, [BUNDLE, 'bootstrap', '--target', 'sim', '--yes', '--plain', '-w', ws], { env, encoding: 'utf8', timeout: 120_000 });
    assert.equal(deployed.status, 0, (deployed.stdout + deployed.stderr).slice(-2000));
    const before = readCalls(ws).length;

    const rcFile = path.join(dir, 'wizard.rc');
    const assignments = Object.entries(vars).map(([k, v]) => `${k}=${shq(v)}`).join(' ');
    const command = `env ${UNSET.map((k) => `-u ${k}`).join(' ')} ${assignments} ${shq(process.execPath)} ${shq(BUNDLE)} --target sim -w ${shq(ws)}; echo $? > ${shq(rcFile)}; echo "[panda-k8s exited]"; exec sleep 600`;
    const pane = new TmuxPane(`pk8s-uninstall-${process.pid}-${Date.now().toString(36)}`, command, { width: 100, height: 30 }, dir);
    left.panes.push(pane);

    const home = await pane.waitFor(/Complete: all \d+ steps done/, 'the complete-workspace screen', 30_000);
    assert.match(home, /Uninstall the PanDA releases/);
    // The choices: Reinstall, Refresh secrets, Status, Uninstall, Quit.
    for (;;) {
      const screen = pane.capture();
      if (/❯ Uninstall the PanDA releases/.test(screen)) break;
      pane.send('Down');
      await pane.waitFor((s) => s !== screen, 'the cursor to move', 5000);
    }
    pane.send('Enter');
    await pane.waitFor(/❯ No, go back/, 'the uninstall confirmation', 10_000);
    pane.send('Down');
    await pane.waitFor(/❯ Yes, uninstall/, 'Yes selected', 5000);
    pane.send('Enter');
    await pane.waitFor(/\[x\] bigmon/, 'the component checklist, all checked', 20_000);
    for (let i = 0; i < 5; i++) {
      const screen = pane.capture();
      pane.send('Down');
      await pane.waitFor((s) => s !== screen, 'the cursor to move', 5000);
    }
    pane.send('Space');
    await pane.waitFor(/\[ \] bigmon/, 'bigmon unchecked', 5000);
    pane.send('Enter');
    const end = await pane.waitFor(/\[panda-k8s exited\]/, 'the uninstall run to end', 60_000, true);
    assert.equal(fs.readFileSync(rcFile, 'utf8').trim(), '0', end.split('\n').slice(-30).join('\n'));
    assert.match(end, /✓ Run finished/);

    const mutating = readCalls(ws).slice(before).filter((c) => c.mutating);
    const uninstalls = mutating.filter((c) => c.tool === 'helm' && c.argv[0] === 'uninstall');
    assert.deepEqual(uninstalls.map((c) => c.argv[1]).sort(), ['test-harvester', 'test-iam', 'test-idds', 'test-msgsvc', 'test-panda']);
    // Last tier first: a release of a higher tier is gone before one of a lower tier is touched.
    const TIER: Record<string, number> = { 'test-msgsvc': 1, 'test-iam': 1, 'test-panda': 2, 'test-harvester': 3, 'test-idds': 3 };
    for (const a of uninstalls) {
      for (const b of uninstalls) {
        if (TIER[a.argv[1]!]! > TIER[b.argv[1]!]!) assert.ok(a.end <= b.start, `${a.argv[1]} (tier ${TIER[a.argv[1]!]}) ended before ${b.argv[1]} (tier ${TIER[b.argv[1]!]}) began`);
      }
    }
    const other = mutating.filter((c) => !(c.tool === 'helm' && c.argv[0] === 'uninstall')).map((c) => `${c.tool} ${c.argv.join(' ')}`);
    assert.deepEqual(other, [], 'nothing else changed (no volume claim deleted)');

    const status = spawnSync(process.execPath, [BUNDLE, 'status', '--json', '-w', ws], { env, encoding: 'utf8' });
    const report = JSON.parse(status.stdout) as { releases: { release: string; status?: string }[] };
    const state = Object.fromEntries(report.releases.map((r) => [r.release, r.status]));
    assert.equal(state['test-bigmon'], 'deployed');
    assert.equal(state['panda-secrets'], 'deployed');
    for (const r of ['test-msgsvc', 'test-iam', 'test-panda', 'test-harvester', 'test-idds']) assert.notEqual(state[r], 'deployed', `${r}: ${state[r]}`);
  });
});

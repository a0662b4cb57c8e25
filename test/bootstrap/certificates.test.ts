import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REHEARSAL_CA_MARK, certsInPlace, nameCovers, placeCertificates, validateCertificates } from '../../src/deploy/certificates.js';
import { tempDir } from '../helpers/bootstrap-fixtures.js';
import { cernHosts, writeCertSet } from '../helpers/bootstrap-certs.js';

const hosts = cernHosts('panda-k8s');
const pathsIn = (dir: string) => ({ key: path.join(dir, 'hostkey.pem'), cert: path.join(dir, 'hostcert.pem'), chain: path.join(dir, 'chain.pem') });

const cases: { name: string; make: (dir: string) => void; error?: RegExp; warning?: RegExp; allowRehearsal?: boolean }[] = [
  { name: 'a valid set covering the aliases passes', make: (d) => writeCertSet(d, { hosts }) },
  { name: 'a key of another key pair is refused, naming the key file', make: (d) => writeCertSet(d, { hosts, wrongKey: true }), error: /hostkey\.pem does not match the certificate/ },
  { name: 'an expired certificate is refused with its date', make: (d) => writeCertSet(d, { hosts, days: -3 }), error: /hostcert\.pem expired on \d{4}-\d\d-\d\d/ },
  { name: 'a certificate expiring within 30 days only warns', make: (d) => writeCertSet(d, { hosts, days: 10 }), warning: /expires in \d+ day/ },
  { name: 'a chain that did not issue the certificate is refused', make: (d) => writeCertSet(d, { hosts, wrongChain: true }), error: /chain\.pem does not verify .*hostcert\.pem/ },
  { name: 'a certificate lacking alias names lists the missing ones', make: (d) => writeCertSet(d, { hosts: hosts.slice(0, 2) }), error: /does not cover panda-k8s-panda\.cern\.ch, panda-k8s-idds\.cern\.ch/ },
  { name: 'a wildcard name covers one label', make: (d) => writeCertSet(d, { hosts: ['*.cern.ch'] }) },
  {
    name: 'a certificate in the key file is refused as the wrong PEM type',
    make: (d) => { writeCertSet(d, { hosts }); fs.copyFileSync(path.join(d, 'hostcert.pem'), path.join(d, 'hostkey.pem')); },
    error: /hostkey\.pem must hold a PEM private key.*found a PEM "CERTIFICATE" block/,
  },
  { name: 'a missing chain file is named', make: (d) => { writeCertSet(d, { hosts }); fs.rmSync(path.join(d, 'chain.pem')); }, error: /CA chain .*chain\.pem does not exist/ },
  { name: 'a rehearsal CA certificate is refused for a real target', make: (d) => writeCertSet(d, { hosts, caOrg: REHEARSAL_CA_MARK }), error: /only valid for --target sim/ },
  { name: 'a rehearsal CA certificate is accepted for the sim', make: (d) => writeCertSet(d, { hosts, caOrg: REHEARSAL_CA_MARK }), allowRehearsal: true },
];

for (const c of cases) {
  test(c.name, () => {
    const dir = tempDir('cert');
    c.make(dir);
    const report = validateCertificates(pathsIn(dir), { hosts, allowRehearsal: c.allowRehearsal });
    const errors = report.errors.map((e) => e.message).join('\n');
    if (c.error) assert.match(errors, c.error);
    else assert.equal(errors, '');
    if (c.warning) assert.match(report.warnings.map((w) => w.message).join('\n'), c.warning);
  });
}

test('nameCovers: a wildcard covers exactly one label', () => {
  assert.equal(nameCovers('*.cern.ch', 'a.cern.ch'), true);
  assert.equal(nameCovers('*.cern.ch', 'a.b.cern.ch'), false);
  assert.equal(nameCovers('*.cern.ch', 'cern.ch'), false);
  assert.equal(nameCovers('A.cern.ch', 'a.CERN.ch'), true);
});

test('placing certificates writes every component directory, keys with mode 0600, and the same files are then in place', () => {
  const src = writeCertSet(tempDir('cert'), { hosts });
  const root = tempDir('root');
  const report = validateCertificates(pathsIn(src), { hosts });
  assert.equal(certsInPlace(root, ['panda', 'iam'], report.fingerprints).done, false);
  placeCertificates(root, ['panda', 'iam'], pathsIn(src));
  for (const comp of ['panda', 'iam']) {
    assert.equal(fs.statSync(path.join(root, 'files', `${comp}_certs`, 'hostkey.pem')).mode & 0o777, 0o600);
  }
  assert.equal(certsInPlace(root, ['panda', 'iam'], report.fingerprints).done, true);
});

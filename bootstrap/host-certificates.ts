// host-certificates: validate hostkey.pem, hostcert.pem and chain.pem (PEM type, key matches, dates, names, chain),
// then copy them into files/<comp>_certs/ of the workspace's secrets chart for the enabled components, the key with mode 0600.
// The same files again change nothing (fingerprints); a new certificate replaces the old after confirmation.

import path from 'node:path';
import type { Step, StepContext } from '../src/engine/step.js';
import type { RunData } from '../src/app/run-data.js';
import { ActionableError } from '../src/engine/errors.js';
import {
  CERT_COMPONENTS, certDir, certPathsFrom, certsInPlace, placeCertificates, validateCertificates,
  type CertComponent, type CertPaths, type CertReport,
} from '../src/deploy/certificates.js';
import { ensureRehearsalCertificates } from '../src/app/rehearsal.js';
import { certificateHosts, enabledComponents } from './settings.js';

export function certComponents(data: RunData): CertComponent[] {
  const enabled = enabledComponents(data) as string[];
  return CERT_COMPONENTS.filter((c) => enabled.includes(c));
}

/** Rehearsal certificates are made on demand, for target sim only, when the answers name none. */
function isRehearsal(data: RunData): boolean {
  return data.target === 'sim' && data.standIns?.certificatesDir !== undefined;
}

/** The answers' certificate files, else (target sim) the rehearsal's. */
export function certPaths(data: RunData): CertPaths | undefined {
  const given = certPathsFrom(data.answers.certificates, data.workspace);
  if (given || !data.standIns?.certificatesDir) return given;
  return certPathsFrom({ dir: data.standIns.certificatesDir }, data.workspace);
}

/** Validates the configured files; throws one ActionableError listing every problem with its file. */
export function checkedCertificates(data: RunData, paths: CertPaths): CertReport {
  const report = validateCertificates(paths, { hosts: certificateHosts(data), now: data.now(), allowRehearsal: data.target === 'sim' });
  if (report.errors.length > 0) {
    throw new ActionableError(`host certificates are not usable:\n${report.errors.map((e) => `  - ${e.message}`).join('\n')}`, {
      hint: 'Nothing was copied: the workspace\'s secrets chart (.panda-k8s/secrets-chart/files/*_certs/) holds what it held before.',
      nextSteps: ['Fix the files (or certificates.dir / .key / .cert / .chain in the answers file) and run again.'],
    });
  }
  return report;
}

function noCertificates(data: RunData): ActionableError {
  return new ActionableError('certificates: no host certificate given (certificates.dir, or certificates.key/.cert/.chain)', {
    hint: 'The PanDA, Harvester, BigMon, iDDS and IAM endpoints need a host certificate and key, and the CA chain (at CERN: "New CERN Host Certificate" / automatic certificate generation).',
    nextSteps: [`Put hostkey.pem, hostcert.pem and chain.pem in a folder and set certificates.dir to it in ${path.join(data.workspace, 'panda-k8s.yaml')}.`],
  });
}

async function prepare(ctx: StepContext<RunData>, create: boolean): Promise<{ paths: CertPaths; report: CertReport } | undefined> {
  const data = ctx.data;
  let paths = certPaths(data);
  if (isRehearsal(data) && create) {
    const made = ensureRehearsalCertificates(data.standIns!.certificatesDir!, certificateHosts(data));
    if (made.created) ctx.log(`issued REHEARSAL host certificates for ${certificateHosts(data).join(', ')} (valid for --target sim only)`);
    paths = made.paths;
  }
  if (!paths) {
    if (data.target === 'existing') return undefined;
    throw noCertificates(data);
  }
  return { paths, report: checkedCertificates(data, paths) };
}

export const hostCertificatesStep = {
  id: 'host-certificates',
  title: 'Host certificates',
  needs: ['components'],
  inputs: (data) => ({ certificates: data.answers.certificates, components: certComponents(data), hosts: certificateHosts(data) }),
  async check(ctx) {
    const comps = certComponents(ctx.data);
    if (comps.length === 0) return { done: true, reason: 'no enabled component uses host certificates' };
    const paths = certPaths(ctx.data);
    if (!paths && ctx.data.target === 'existing') {
      ctx.log('warning: no host certificate given (certificates.dir); the services will make self-signed ones');
      return { done: true, reason: 'no certificates given (target existing)' };
    }
    if (!paths) throw noCertificates(ctx.data);
    if (isRehearsal(ctx.data) && !validateCertificates(paths, { allowRehearsal: true }).fingerprints.cert) return { done: false, reason: 'rehearsal certificates not issued yet' };
    const { report } = (await prepare(ctx, false))!;
    for (const w of report.warnings) ctx.log(`warning: ${w.message}`);
    const placed = certsInPlace(ctx.data.secretsChartDir, comps, report.fingerprints);
    const outputs = { fingerprint: report.fingerprints.cert, notAfter: report.notAfter };
    return placed.done
      ? { done: true, reason: `certificate ${report.fingerprints.cert.slice(0, 16)}… in place for ${comps.join(', ')}`, outputs }
      : { done: false, reason: placed.differ.length ? `${placed.differ.length} file(s) differ from the given certificate` : `${placed.missing.length} file(s) to copy`, outputs };
  },
  async apply(ctx) {
    const comps = certComponents(ctx.data);
    if (ctx.data.dryRun) {
      ctx.log(`would check the host certificate and copy it into ${comps.map((c) => path.relative(ctx.data.workspace, certDir(ctx.data.secretsChartDir, c))).join(', ')}`);
      return;
    }
    const prepared = await prepare(ctx, true);
    if (!prepared || comps.length === 0) return;
    const { paths, report } = prepared;
    for (const w of report.warnings) ctx.data.notice(`host-certificates: ${w.message}`);
    const placed = certsInPlace(ctx.data.secretsChartDir, comps, report.fingerprints);
    if (placed.done) return { fingerprint: report.fingerprints.cert, notAfter: report.notAfter };
    if (placed.differ.length > 0) {
      const ok = await ctx.data.prompter.confirm(
        `Replace the certificates in ${comps.map((c) => path.relative(ctx.data.workspace, certDir(ctx.data.secretsChartDir, c))).join(', ')} with ${paths.cert} (${report.subject ?? ''}, valid until ${report.notAfter?.slice(0, 10)})?`,
        { default: true, whenUnattended: true },
      );
      if (!ok) throw new ActionableError('host certificates: kept the certificates already in .panda-k8s/secrets-chart/files/*_certs/', { nextSteps: ['Point certificates.* at the files already in place, or run again and accept the replacement.'] });
    }
    const written = placeCertificates(ctx.data.secretsChartDir, comps, paths);
    ctx.log(`${written.length} files written for ${comps.join(', ')} (keys mode 0600)`);
    return { fingerprint: report.fingerprints.cert, notAfter: report.notAfter };
  },
  async verify(ctx) {
    const comps = certComponents(ctx.data);
    const paths = certPaths(ctx.data);
    if (!paths || comps.length === 0) return true;
    return certsInPlace(ctx.data.secretsChartDir, comps, validateCertificates(paths, { allowRehearsal: ctx.data.target === 'sim' }).fingerprints).done;
  },
} satisfies Step<RunData>;

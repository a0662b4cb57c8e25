// Deterministic ids, IPs and timestamps for the sim: every id comes from the state's counter.

import { createHash } from 'node:crypto';
import type { SimState } from './types.js';

function digest(state: SimState, kind: string): string {
  state.seq += 1;
  return createHash('sha256').update(`panda-k8s-sim:${kind}:${state.seq}`).digest('hex');
}

export function uuid(state: SimState): string {
  const h = digest(state, 'uuid');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function hex(state: SimState, length: number): string {
  return digest(state, 'hex').slice(0, length);
}

/** Lower-case alphanumerics, like Heat's short ids (`igdlfcl4llgt`). */
export function shortId(state: SimState, length = 12): string {
  const h = digest(state, 'short');
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[parseInt(h.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  // Heat ids start with a letter.
  return out.replace(/^[0-9]/, 'k');
}

/** A CERN-looking public address 188.185.x.y. */
export function cernIp(state: SimState): string {
  const h = digest(state, 'ip');
  return `188.185.${parseInt(h.slice(0, 2), 16) % 254 + 1}.${parseInt(h.slice(2, 4), 16) % 253 + 2}`;
}

/** A pod address in Calico's 10.100.0.0/16. */
export function podIp(state: SimState): string {
  const h = digest(state, 'podip');
  return `10.100.${parseInt(h.slice(0, 2), 16)}.${parseInt(h.slice(2, 4), 16) % 253 + 2}`;
}

/** Kubernetes' random suffix alphabet (no vowels). */
export function kubeSuffix(state: SimState, length: number): string {
  const h = digest(state, 'suffix');
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[parseInt(h.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  return out;
}

/** `2026-11-26T23:48:45+00:00` (Magnum's created_at). */
export function isoOffset(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** `2026-11-26T23:48:45Z` (Kubernetes and Nova). */
export function isoZ(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// The secret registry: every string registered here is replaced by `****` wherever exec output goes.

export const MASK = '****';

/** Values shorter than this are not masked: masking "1" or "yes" would garble every line. */
const MIN_SECRET_LENGTH = 4;

export class Masker {
  readonly #secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (secret === undefined) return;
    const trimmed = secret.trim();
    if (trimmed.length >= MIN_SECRET_LENGTH) this.#secrets.add(trimmed);
    // A secret followed by a newline in a file is still the same secret on screen.
    if (secret !== trimmed && secret.length >= MIN_SECRET_LENGTH) this.#secrets.add(secret);
  }

  get size(): number {
    return this.#secrets.size;
  }

  mask(text: string, extra: readonly string[] = []): string {
    if (this.#secrets.size === 0 && extra.length === 0) return text;
    // Longest first, so a secret that contains another is masked whole.
    const all = [...this.#secrets, ...extra.filter((s) => s.length >= MIN_SECRET_LENGTH)].sort((a, b) => b.length - a.length);
    let out = text;
    for (const secret of all) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
    }
    return out;
  }
}

/**
 * The seeded randomness and compact id text the synthetic data is built from: deterministic, fast,
 * and never for secrets.
 */

/** Crockford's base-32 alphabet (no i, l, o, u), the letters of the synthetic ids. */
export const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';

/** mulberry32: 32-bit state, full period, a few ns per draw. For test data only, never for secrets. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  uint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** In [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** In [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }
}

/** A bijection on 32-bit integers, so distinct indices give distinct id suffixes. */
export function scramble(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

// Lookup tables: toString(16)/padStart per id was the generator's hottest spot.
const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const BASE32_PAIR = Array.from({ length: 1024 }, (_, i) => BASE32[i >> 5] + BASE32[i & 31]);

export function hex8(n: number): string {
  return HEX_BYTE[n >>> 24] + HEX_BYTE[(n >>> 16) & 255] + HEX_BYTE[(n >>> 8) & 255] + HEX_BYTE[n & 255];
}

/** `digits` (even) Crockford base-32 digits of a non-negative integer below 2^53, most significant first. */
export function base32(value: number, digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i += 2) {
    out = BASE32_PAIR[value % 1024] + out;
    value = Math.floor(value / 1024);
  }
  return out;
}

export function randomText(rng: Prng, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng.next() * alphabet.length)];
  return out;
}

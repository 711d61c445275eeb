// Deterministic PRNG (mulberry32) so property tests are reproducible from their seed.
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(rand: () => number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
}

/** Flip, overwrite, insert or delete a few bytes. */
export function mutate(rand: () => number, b: Uint8Array): Uint8Array {
  let out = b.slice();
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * (out.length + 1));
    switch (Math.floor(rand() * 4)) {
      case 0:
        if (at < out.length) out[at] ^= 1 << Math.floor(rand() * 8);
        break;
      case 1:
        if (at < out.length) out[at] = Math.floor(rand() * 256);
        break;
      case 2: {
        const ins = randomBytes(rand, 1 + Math.floor(rand() * 16));
        const o = new Uint8Array(out.length + ins.length);
        o.set(out.subarray(0, at));
        o.set(ins, at);
        o.set(out.subarray(at), at + ins.length);
        out = o;
        break;
      }
      default: {
        const end = Math.min(out.length, at + Math.floor(rand() * 16));
        const o = new Uint8Array(out.length - (end - at));
        o.set(out.subarray(0, at));
        o.set(out.subarray(end), at);
        out = o;
      }
    }
  }
  return out;
}

/** A seeded linear congruential generator of 31-bit words (the same words on every run). */
export function lcgWords(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff);
}

/** A seeded linear congruential generator of integers in 0..n-1. */
export function lcgBelow(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

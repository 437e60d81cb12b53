/**
 * A small seeded PRNG (mulberry32) in [0, 1): the same seed gives the same numbers on every run, so a
 * failing test can be replayed and a benchmark database is built the same each time (bench/generate.ts).
 */
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

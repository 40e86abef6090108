/**
 * Seeded data for matrices (`random(m, n, seed)`): uniform numbers in
 * [0, 1) by mulberry32, the generator of src/numeric/random.ts, written out
 * again here because the matrix room sits below numeric/. A test restates it
 * in Python, so a NumPy oracle sees the same numbers.
 */

export function seededUniform(seed: number, n: number): Float64Array {
  const out = new Float64Array(n);
  let a = seed >>> 0;
  for (let k = 0; k < n; k++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[k] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

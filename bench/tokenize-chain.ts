/**
 * The lexer's share of reading a long file, timed alone: the tokens of a
 * chain of n definitions (bench/system-problems.ts), read a piece at a time
 * as `loadFile` reads them (`tokenPieces`), or all at once (`tokenize`).
 * Run it as
 *
 *   npx tsx bench/tokenize-chain.ts 100000 7 [pieces|whole]
 *
 * (n, the runs, the mode): after a warm-up, the median wall and CPU time of
 * a run and the garbage collector's time per run are printed as JSON. The
 * texts are made before the first timed run. On a busy machine compare two
 * versions in alternating processes.
 */

import { performance, PerformanceObserver } from 'node:perf_hooks';
import { tokenize, tokenPieces } from '../src/parse/lexer.ts';
import { chainSystem } from './system-problems.ts';

const n = Number(process.argv[2] ?? 100_000);
const runs = Number(process.argv[3] ?? 7);
const mode = process.argv[4] ?? 'pieces';

const read = (text: string): number => {
  if (mode === 'whole') return tokenize(text).length;
  let count = 0;
  for (const piece of tokenPieces(text)) count += piece.length;
  return count;
};

let gcMs = 0;
let counting = false;
new PerformanceObserver((list) => {
  if (counting) for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

for (let k = 0; k < 3; k++) read(chainSystem(n, `warm${k}`));
const texts = Array.from({ length: runs }, (_, r) => chainSystem(n, `run${r}`));
await new Promise((resolve) => setTimeout(resolve, 50));

counting = true;
const wall: number[] = [];
const cpu: number[] = [];
let tokens = 0;
for (const text of texts) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  tokens = read(text);
  const c = process.cpuUsage(c0);
  wall.push(performance.now() - t0);
  cpu.push((c.user + c.system) / 1000);
}
await new Promise((resolve) => setTimeout(resolve, 50));
counting = false;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (x: number): number => Math.round(x * 10) / 10;
console.log(JSON.stringify({ n, runs, mode, tokens, wallMs: ms(median(wall)), cpuMs: ms(median(cpu)), gcMsPerRun: ms(gcMs / runs) }));

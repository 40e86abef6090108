/**
 * The two halves of a chain's cost, timed apart: `loadFile` and `report` of
 * a chain `a_k = sin(a_{k-1}) + p_k*a_{k-1}` of n definitions with
 * `derive a_n wrt a0` (bench/system-problems.ts), so work on either half
 * can be weighed on its own. Run it as
 *
 *   npx tsx bench/system-chain-report.ts 10000 5
 *
 * (n, then the runs): after a warm-up (WARM_UP in system-problems.ts), each run reads fresh
 * names (a tag of its own, so no run finds an earlier one's nodes in the
 * intern table) and the medians are printed as JSON, the report's CPU time
 * (user + system, from process.cpuUsage) beside its wall time. On a busy
 * machine compare two versions in alternating processes.
 */

import { performance } from 'node:perf_hooks';
import { loadFile, report } from '../src/index.ts';
import { chainSystem, WARM_UP } from './system-problems.ts';

const n = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 5);
for (let k = 0; k < WARM_UP.runs; k++) report(loadFile(chainSystem(WARM_UP.length, `warm${k}`)));

const load: number[] = [];
const wall: number[] = [];
const cpu: number[] = [];
for (let r = 0; r < runs; r++) {
  const text = chainSystem(n, `run${r}`);
  const t0 = performance.now();
  const system = loadFile(text);
  const t1 = performance.now();
  const c0 = process.cpuUsage();
  // a0 counts as depth 1, so the n-th definition is n + 1 deep.
  report(system, { maxDepth: n + 1 });
  const c = process.cpuUsage(c0);
  wall.push(performance.now() - t1);
  load.push(t1 - t0);
  cpu.push((c.user + c.system) / 1000);
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (x: number): number => Math.round(x * 10) / 10;
console.log(JSON.stringify({ n, runs, loadMs: ms(median(load)), reportMs: ms(median(wall)), reportCpuMs: ms(median(cpu)) }));

/**
 * One timed chain measurement for bench/systems.ts, in a process of its own
 * (so a run does not pay for the nodes earlier runs left in the intern
 * table), after a warm-up (WARM_UP in system-problems.ts): `loadFile` + `report` of a chain
 * of n definitions, printed as JSON
 * `{ "ms": wall, "cpuMs": user + system }`.
 */

import { performance } from 'node:perf_hooks';
import { loadFile, report } from '../src/index.ts';
import { chainSystem, WARM_UP } from './system-problems.ts';

const n = Number(process.argv[2]);
// Warmed up first, as the rest of the bench is: chains of other names, so the run measured
// is the compiled code's steady cost, not the JIT's first passes over it.
for (let k = 0; k < WARM_UP.runs; k++) report(loadFile(chainSystem(WARM_UP.length, `warm${k}`)));
const text = chainSystem(n, process.argv[3] ?? '');
const c0 = process.cpuUsage();
const t0 = performance.now();
// a0 counts as depth 1, so the n-th definition is n + 1 deep: one past the default at n = 100,000.
report(loadFile(text), { maxDepth: n + 1 });
const ms = performance.now() - t0;
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000 }));

/**
 * The cost-growth section of `npm run bench` (SPEC §17): systems of
 * definitions, whose symbolic work must grow linearly with their size, and
 * the single-expression peers of that work (random trees against math.js).
 *
 * - chains `a_k = sin(a_{k-1}) + p_k*a_{k-1}` of 1,000 / 10,000 / 100,000
 *   definitions: `loadFile` + `report` of `derive a_n wrt a0`, one process per run,
 *   the lengths in turn round by round;
 * - the 196-64-10 network of SPEC §7 with its 12,544 + 640 update rules:
 *   `nabla run FILE --steps 100`, wall time of the whole command;
 * - random polynomial and rational trees of 1,000 leaves: the full gradient
 *   (simplify the input + the reverse program) against math.js's
 *   derivative for every variable, and the gradient printed with shared
 *   temporaries (`toTextShared`'s bindings and results, operations counted
 *   as trees) against math.js's derivative trees.
 *
 * Run alone with `BENCH_ONLY=systems npm run bench` (prints the section,
 * writes nothing). Every timed run reads fresh names (a new tag).
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { derivative, parse as mathParse, type MathNode } from 'mathjs';
import { parseExpression } from '../src/parse/parse.ts';
import { treeOps } from './sizes.ts';
import { simplify } from '../src/simplify/simplify.ts';
import { gradientProgram, inlineGradient, type GradientProgram } from '../src/diff/reverse.ts';
import { shareSubexpressions } from '../src/print/shared.ts';
import { randomProblem } from './problems.ts';
import { networkSystem, WARM_UP } from './system-problems.ts';

const BIN = fileURLToPath(new URL('../bin/nabla.js', import.meta.url));
const CHAIN_RUN = fileURLToPath(new URL('./system-chain-run.ts', import.meta.url));
const CHAIN_SIZES = [1_000, 10_000, 100_000] as const;
/** Chain runs per size: five of each, the median kept (one run of the largest varied by a fifth from process to process). */
const CHAIN_RUNS = 5;
const NETWORK_RUNS = 1;
const TREE_RUNS = 5;

export interface SystemsResult {
  /** Wall time, and the process's CPU time (user + system: a figure the machine's other load inflates less). */
  readonly chains: readonly { readonly n: number; readonly ms: number; readonly cpuMs: number; readonly runs: number }[];
  readonly network: { readonly ms: number; readonly runs: number; readonly ok: boolean; readonly note?: string };
  readonly trees: readonly {
    readonly name: string;
    readonly nablaMs: number;
    readonly mathjsMs: number;
    readonly sharedOps: number;
    readonly mathjsOps: number;
  }[];
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function timed(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function mathOps(node: MathNode): number {
  let n = 0;
  node.traverse((x) => {
    if (x.type === 'OperatorNode' || x.type === 'FunctionNode') n++;
  });
  return n;
}

function chains(log: (line: string) => void): SystemsResult['chains'] {
  const times = new Map<number, number[]>(CHAIN_SIZES.map((n) => [n, []]));
  const cpu = new Map<number, number[]>(CHAIN_SIZES.map((n) => [n, []]));
  // Round by round, every length once a round: the machine's speed drifts over minutes, and the
  // growth ratio compares lengths, so each is measured under the same drift as the others.
  for (let r = 0; r < CHAIN_RUNS; r++) {
    for (const n of CHAIN_SIZES) {
      // A process per run: the time of one command, not of the nodes earlier runs left interned.
      const out = spawnSync(process.execPath, ['--import', 'tsx', CHAIN_RUN, String(n), `c${r}`], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (out.status !== 0) throw new Error(`chain ${n}: ${out.stderr.split('\n')[0]}`);
      const run = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as { ms: number; cpuMs: number };
      times.get(n)!.push(run.ms);
      cpu.get(n)!.push(run.cpuMs);
    }
  }
  return CHAIN_SIZES.map((n) => {
    const t = times.get(n)!;
    const c = cpu.get(n)!;
    log(`chain ${n}: ${median(t).toFixed(0)} ms wall, ${median(c).toFixed(0)} ms CPU (runs: ${t.map((x) => x.toFixed(0)).join(', ')})`);
    return { n, ms: median(t), cpuMs: median(c), runs: t.length };
  });
}

function network(log: (line: string) => void): SystemsResult['network'] {
  const dir = mkdtempSync(join(os.tmpdir(), 'nabla-bench-'));
  try {
    const file = join(dir, 'mlp-196-64-10.nabla');
    writeFileSync(file, networkSystem());
    const times: number[] = [];
    let ok = true;
    let note: string | undefined;
    for (let r = 0; r < NETWORK_RUNS; r++) {
      const t0 = performance.now();
      const out = spawnSync(process.execPath, [BIN, 'run', file, '--steps', '100', '--max-seconds', '600'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      times.push(performance.now() - t0);
      if (out.status !== 0) {
        ok = false;
        note = out.stderr.split('\n')[0];
      }
    }
    log(`network 196-64-10, run --steps 100: ${median(times).toFixed(0)} ms${ok ? '' : ` (failed: ${note})`}`);
    return { ms: median(times), runs: times.length, ok, note };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function trees(log: (line: string) => void): SystemsResult['trees'] {
  const cases = [{ rational: false, seed: 3 }, { rational: true, seed: 5 }];
  return cases.map(({ rational, seed }) => {
    const nablaTimes: number[] = [];
    let sharedOps = 0;
    for (let r = 0; r < TREE_RUNS; r++) {
      const p = randomProblem(1000, rational, seed, `s${r}`);
      const e = parseExpression(p.text);
      let program: GradientProgram | undefined;
      nablaTimes.push(timed(() => {
        program = gradientProgram(simplify(e), p.vars);
      }));
      const form = shareSubexpressions(inlineGradient(program!));
      sharedOps = treeOps([...form.bindings.map((b) => b.expr), ...form.results]);
    }
    const base = randomProblem(1000, rational, seed);
    const mathTimes: number[] = [];
    let mathjsOps = 0;
    for (let r = 0; r < 3; r++) {
      const node = mathParse(base.text);
      let ops = 0;
      mathTimes.push(timed(() => {
        for (const v of base.vars) ops += mathOps(derivative(node, v, { simplify: false }));
      }));
      mathjsOps = ops;
    }
    const name = `${rational ? 'rational' : 'polynomial'} 1000`;
    log(`${name}: nabla ${median(nablaTimes).toFixed(1)} ms, math.js ${median(mathTimes).toFixed(1)} ms; shared print ${sharedOps} ops, math.js ${mathjsOps}`);
    return { name, nablaMs: median(nablaTimes), mathjsMs: median(mathTimes), sharedOps, mathjsOps };
  });
}

/** Every measurement of the section. */
export function measureSystems(log: (line: string) => void): SystemsResult {
  return { chains: chains(log), network: network(log), trees: trees(log) };
}

const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toPrecision(3)} s` : `${x.toPrecision(3)} ms`);
const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');

/** The section's Markdown lines. */
export function renderSystems(r: SystemsResult): string[] {
  const chainGoal = new Map([[1_000, 100], [10_000, 1_000], [100_000, 10_000]]);
  const at = (n: number): number | undefined => r.chains.find((c) => c.n === n)?.ms;
  const growth = (at(100_000) ?? NaN) / (at(10_000) ?? NaN);
  return [
    '## Systems of definitions: cost that grows with the system',
    '',
    'Chains `a_k = sin(a_{k-1}) + p_k*a_{k-1}`: `report(loadFile(text))` of `derive a_n wrt a0`, one process per run, the lengths in turn,',
    `each after a warm-up on ${WARM_UP.runs} chains of ${WARM_UP.length.toLocaleString('en-US')} definitions of other names (median of the runs shown).`,
    'The network: `nabla run FILE --steps 100` on the 196-64-10 sigmoid network',
    'in SPEC §7\'s indexed form with its 12,544 + 640 update rules, wall time of the command. Random trees of',
    '1,000 leaves: the full gradient (simplify the input + the reverse program) against math.js\'s',
    '`derivative` for every variable; the gradient printed with shared temporaries (`toTextShared`: its',
    'bindings and results, operations counted as trees) against math.js\'s derivative trees.',
    '',
    '| target | measured | goal | |',
    '|---|---|---|---|',
    ...r.chains.map((c) => `| chain of ${c.n.toLocaleString('en-US')} definitions, loadFile + report (${c.runs} run${c.runs === 1 ? '' : 's'}) | ${ms(c.ms)} (CPU ${ms(c.cpuMs)}) | ≤ ${ms(chainGoal.get(c.n)!)} | ${verdict(c.ms <= chainGoal.get(c.n)!)} |`),
    `| growth, t(100,000) / t(10,000) | ${growth.toPrecision(3)} | ≤ 12 | ${verdict(growth <= 12)} |`,
    `| 196-64-10 network, \`run --steps 100\` (${r.network.runs} run) | ${ms(r.network.ms)}${r.network.ok ? '' : ` (failed: ${r.network.note ?? ''})`} | ≤ 10 s | ${verdict(r.network.ok && r.network.ms <= 10_000)} |`,
    ...r.trees.flatMap((t) => [
      `| ${t.name}: full gradient, nabla / math.js | ${ms(t.nablaMs)} / ${ms(t.mathjsMs)} | nabla ≤ math.js | ${verdict(t.nablaMs <= t.mathjsMs)} |`,
      `| ${t.name}: shared print / math.js trees (operations) | ${t.sharedOps} / ${t.mathjsOps} | nabla ≤ math.js | ${verdict(t.sharedOps <= t.mathjsOps)} |`,
    ]),
    '',
  ];
}

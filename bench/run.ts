/**
 * `npm run bench`: how nabla scales, measured against math.js in the same
 * process on the same formula text (bench/problems.ts), and written to
 * bench/results.md with the machine and the date.
 *
 * Per problem, nabla: parse, simplify the input, the reverse-mode gradient
 * program (the full gradient), its size against the forward DAG, the
 * inlined gradient's size as a tree and as a DAG, compile(), and 1000
 * gradient evaluations (compile() and generated JavaScript); also the
 * per-variable symbolic gradient (`gradient()` of the public API: diff and
 * simplify for each name). math.js: parse, `derivative(node, v, {simplify:
 * false})` for every variable, the result's size, and evaluation of the
 * compiled derivatives. Then the parse throughput of a 1 MB formula file and
 * 10000 training steps of the seed network.
 *
 * Honesty rules: every timed nabla run uses fresh names (a new tag), so it
 * is a cold derivation, not a lookup in the intern table; times are medians
 * of several runs; math.js runs have a time budget, and a problem is skipped
 * for math.js when a smaller one of its family already took over 2 s — the
 * table says so, and says when a number is extrapolated.
 */

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { derivative, parse as mathParse, type EvalFunction, type MathNode } from 'mathjs';
import type { Expr } from '../src/expr/node.ts';
import { children } from '../src/expr/walk.ts';
import { parseExpression } from '../src/parse/parse.ts';
import { simplify } from '../src/simplify/simplify.ts';
import { gradientProgram, inlineGradient, programSize } from '../src/diff/reverse.ts';
import { compile } from '../src/numeric/compile.ts';
import { codegen } from '../src/graph/codegen.ts';
import { gradient as perVariableGradient, loadFile, report } from '../src/index.ts';
import { writeFileAtomic } from '../src/io/write-atomic.ts';
import { problems, type Family, type Problem } from './problems.ts';
import { measureStartup, renderStartup, type StartupFigure } from './startup.ts';
import { measureSystems, renderSystems, type SystemsResult } from './systems.ts';
import { measureMatrix, renderMatrix } from './matrix.ts';
import { treeOps } from './sizes.ts';

const RESULTS = fileURLToPath(new URL('./results.md', import.meta.url));
const MLP = readFileSync(new URL('../samples/mlp-2-2-2.nabla', import.meta.url), 'utf8');

/** Runs per nabla measurement; fewer when one run is slow. */
const RUNS = 5;
const SLOW_RUNS = 3;
const PARSE_RUN = fileURLToPath(new URL('./parse-run.ts', import.meta.url));
const SLOW_MS = 300;
/** math.js: skip a problem when a smaller one of its family took longer than this for all derivatives. */
const MATHJS_SKIP_AFTER_MS = 2000;
/** math.js: stop one derivative run after this long, and extrapolate. */
const MATHJS_RUN_BUDGET_MS = 5000;
/** Time allowed for evaluating math.js derivatives per problem (then extrapolated to 1000). */
const MATHJS_EVAL_BUDGET_MS = 1000;
/** The per-variable gradient() is skipped after a smaller problem of the family took longer than this. */
const PER_VARIABLE_SKIP_AFTER_MS = 1000;
const EVALUATIONS = 1000;

// ---------------------------------------------------------------------------
// Timing helpers

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const out = f();
  return [out, performance.now() - t0];
}

/** `12.3 ms`, `1.23 s`, `0.456 ms`: three significant digits. */
function ms(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  if (x >= 1000) return `${(x / 1000).toPrecision(3)} s`;
  return `${x.toPrecision(3)} ms`;
}

const ratio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined || b === 0 ? '—' : `${(a / b).toPrecision(3)}×`;

const count = (n: number | undefined): string =>
  n === undefined ? '—' : n >= 1e6 ? n.toExponential(2) : String(Math.round(n));

// ---------------------------------------------------------------------------
// Sizes

const isLeaf = (e: Expr): boolean => children(e).length === 0;

/** Distinct operations (non-leaf nodes) of a DAG. */
function dagOps(roots: readonly Expr[]): number {
  const seen = new Set<number>();
  const stack = [...roots];
  let n = 0;
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    if (!isLeaf(e)) n++;
    stack.push(...children(e));
  }
  return n;
}

/** Operations (operators and function calls) of a math.js tree. */
function mathOps(node: MathNode): number {
  let n = 0;
  node.traverse((x) => {
    if (x.type === 'OperatorNode' || x.type === 'FunctionNode') n++;
  });
  return n;
}

// ---------------------------------------------------------------------------
// One problem

interface NablaRun {
  parse: number;
  simplify: number;
  program: number;
  /** The gradient program of the parsed text, not simplified. */
  rawProgram: number;
  rawForward: number;
  rawBackward: number;
  inline: number;
  compile: number;
  evalCompiled: number;
  evalGenerated: number;
  forward: number;
  backward: number;
  forwardTree: number;
  gradTree: number;
  gradDag: number;
  slots: number;
}

/** Input values for evaluation: moderate, different per variable. */
const pointFor = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => 0.1 + 0.8 * ((i * 0.618034) % 1) - 0.4);

function runNabla(p: Problem): NablaRun {
  const [e, parse] = timed(() => parseExpression(p.text));
  const [s, simplifyMs] = timed(() => simplify(e));
  const [program, programMs] = timed(() => gradientProgram(s, p.vars));
  // Without simplifying first (as math.js is run): timed only when it is another input,
  // since the same input would find every node already built.
  const [raw, rawMs] = s === e ? [program, programMs] : timed(() => gradientProgram(e, p.vars));
  const rawSize = programSize(raw);
  const [grads, inline] = timed(() => inlineGradient(program));
  const [fn, compileMs] = timed(() => compile([program.value, ...grads], p.vars));
  const x = pointFor(p.vars.length);
  const out = new Float64Array(grads.length + 1);
  const [, evalCompiled] = timed(() => {
    for (let k = 0; k < EVALUATIONS; k++) {
      const i = k % x.length;
      x[i] = x[i]! + 1e-6;
      fn.raw(x, out);
    }
  });
  if (!out.every(Number.isFinite)) throw new Error(`${p.name}: a non-finite gradient at the benchmark point`);
  // Generated JavaScript, as `nabla codegen` writes it, loaded in this process.
  const js = codegen(program.value, { lang: 'js', inputs: p.vars }).replace(/^export function/m, 'return function');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const generated = new Function(js)() as (inputs: Record<string, number>) => { value: number };
  const inputs: Record<string, number> = Object.fromEntries(p.vars.map((v, i) => [v, x[i]!]));
  let check = 0;
  const [, evalGenerated] = timed(() => {
    for (let k = 0; k < EVALUATIONS; k++) {
      inputs[p.vars[k % p.vars.length]!]! += 1e-6;
      check += generated(inputs).value;
    }
  });
  if (!Number.isFinite(check)) throw new Error(`${p.name}: generated code gave a non-finite value`);
  const size = programSize(program);
  return {
    parse, simplify: simplifyMs, program: programMs, rawProgram: rawMs, rawForward: rawSize.forward, rawBackward: rawSize.backward, inline, compile: compileMs, evalCompiled, evalGenerated,
    forward: size.forward, backward: size.backward, forwardTree: treeOps([s]), gradTree: treeOps(grads), gradDag: dagOps(grads), slots: fn.slots,
  };
}

interface MathRun {
  parse: number;
  derivative: number;
  /** Variables differentiated before the budget ran out. */
  done: number;
  ops: number;
  /** Per 1000 evaluations of the value and every derivative; extrapolated when `evalRuns` < 1000. */
  eval?: number;
  evalRuns: number;
}

function runMathjs(p: Problem, withEval: boolean): MathRun {
  const [node, parse] = timed(() => mathParse(p.text));
  const results: MathNode[] = [];
  const t0 = performance.now();
  for (const v of p.vars) {
    results.push(derivative(node, v, { simplify: false }));
    if (performance.now() - t0 > MATHJS_RUN_BUDGET_MS) break;
  }
  const elapsed = performance.now() - t0;
  const done = results.length;
  const derivativeMs = done === p.vars.length ? elapsed : (elapsed * p.vars.length) / done;
  const ops = results.reduce((acc, r) => acc + mathOps(r), 0);
  let evalMs: number | undefined;
  let evalRuns = 0;
  if (withEval && done === p.vars.length) {
    const compiled: EvalFunction[] = [node.compile(), ...results.map((r) => r.compile())];
    const x = pointFor(p.vars.length);
    const scope: Record<string, number> = Object.fromEntries(p.vars.map((v, i) => [v, x[i]!]));
    const e0 = performance.now();
    while (evalRuns < EVALUATIONS && performance.now() - e0 < MATHJS_EVAL_BUDGET_MS) {
      scope[p.vars[evalRuns % p.vars.length]!]! += 1e-6;
      for (const c of compiled) c.evaluate(scope);
      evalRuns++;
    }
    evalMs = ((performance.now() - e0) * EVALUATIONS) / evalRuns;
  }
  return { parse, derivative: derivativeMs, done, ops, eval: evalMs, evalRuns };
}

interface Row {
  readonly problem: Problem;
  readonly nabla: { readonly [K in keyof NablaRun]: number };
  readonly runs: number;
  readonly perVariable?: number;
  readonly perVariableNote?: string;
  readonly mathjs?: MathRun & { runs: number };
  readonly mathjsNote?: string;
}

function medianOf<T extends object>(runs: readonly T[]): { [K in keyof T]: number } {
  const first = runs[0]!;
  const out: Record<string, number> = {};
  for (const k of Object.keys(first)) {
    const xs = runs.map((r) => (r as Record<string, unknown>)[k]).filter((x): x is number => typeof x === 'number');
    if (xs.length > 0) out[k] = median(xs);
  }
  return out as { [K in keyof T]: number };
}

// ---------------------------------------------------------------------------
// Main

function machine(): string[] {
  const cpu = (() => {
    try {
      return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
    } catch {
      return os.cpus()[0]?.model ?? 'unknown';
    }
  })();
  return [
    `- date: ${new Date().toISOString()}`,
    `- CPU: ${cpu}; nproc: ${os.availableParallelism()}; memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- node ${process.version}, ${os.type()} ${os.release()}`,
    `- load average at start: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')} (other work on the machine inflates the times)`,
  ];
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function main(): void {
  // `BENCH_ONLY=systems`: only the systems section, printed (bench/systems.ts).
  if (process.env.BENCH_ONLY === 'systems') {
    console.log(renderSystems(measureSystems(log)).join('\n'));
    return;
  }
  const header = machine();
  const started = performance.now();
  // First, while this process's heap is small: the chains and the 1 MB parse run in child processes,
  // and this process's collector, busy after the peers below, took their CPU (wall time twice the CPU time).
  const systems = measureSystems(log);
  // Parse throughput: a 1 MB formula file through parseFile, in a process of its own (also before the peers).
  const parseRun = spawnSync(process.execPath, ['--import', 'tsx', PARSE_RUN, String(SLOW_RUNS)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (parseRun.status !== 0) throw new Error(`parse throughput: ${parseRun.stderr.split('\n')[0]}`);
  const parsed = JSON.parse(parseRun.stdout.trim().split('\n').at(-1)!) as { bytes: number; lines: number; ms: number[] };
  const { bytes, lines } = parsed;
  const parseTimes = parsed.ms;
  const parseMs = median(parseTimes);
  log(`parse 1 MB: ${ms(parseMs)}`);

  log('warming up…');
  for (let k = 0; k < 3; k++) for (const p of problems(`w${k}`).slice(0, 2)) runNabla(p);

  const list = problems();
  const rows: Row[] = [];
  const slowMathjs = new Map<Family, number>(); // family → shortest text that took too long
  const slowPerVariable = new Map<Family, number>();
  for (let i = 0; i < list.length; i++) {
    const base = list[i]!;
    const nablaRuns: NablaRun[] = [];
    for (let r = 0; r < RUNS; r++) {
      const run = runNabla(problems(`r${r}`)[i]!);
      nablaRuns.push(run);
      if (r + 1 >= SLOW_RUNS && run.parse + run.simplify + run.program > SLOW_MS) break;
    }
    const nabla = medianOf(nablaRuns);

    // Per-variable symbolic gradient (diff + simplify for each name).
    let perVariable: number | undefined;
    let perVariableNote: string | undefined;
    const pvLimit = slowPerVariable.get(base.family);
    if (pvLimit !== undefined && base.text.length >= pvLimit) perVariableNote = `skipped: a smaller problem took > ${PER_VARIABLE_SKIP_AFTER_MS / 1000} s`;
    else {
      const times: number[] = [];
      for (let r = 0; r < SLOW_RUNS; r++) {
        const p = problems(`pv${r}`)[i]!;
        const e = parseExpression(p.text);
        times.push(timed(() => perVariableGradient(e, p.vars))[1]);
        if (times[0]! > SLOW_MS) break;
      }
      perVariable = median(times);
      if (perVariable > PER_VARIABLE_SKIP_AFTER_MS) slowPerVariable.set(base.family, Math.min(slowPerVariable.get(base.family) ?? Infinity, base.text.length));
    }

    // math.js, with its budget.
    let mathjs: (MathRun & { runs: number }) | undefined;
    let mathjsNote: string | undefined;
    const limit = slowMathjs.get(base.family);
    if (limit !== undefined && base.text.length >= limit) {
      mathjsNote = `skipped: a smaller ${base.family} problem took > ${MATHJS_SKIP_AFTER_MS / 1000} s`;
    } else {
      const runs: MathRun[] = [];
      for (let r = 0; r < SLOW_RUNS; r++) {
        // Evaluation once: it has its own budget, and repeating it would only add minutes.
        const run = runMathjs(base, r === 0);
        runs.push(run);
        if (run.derivative > MATHJS_SKIP_AFTER_MS) break;
      }
      const m = medianOf(runs);
      const last = runs[runs.length - 1]!;
      mathjs = { ...m, done: last.done, evalRuns: runs[0]!.evalRuns, eval: runs[0]!.eval, runs: runs.length };
      if (last.done < base.vars.length) mathjsNote = `stopped after ${MATHJS_RUN_BUDGET_MS / 1000} s at ${last.done} of ${base.vars.length} variables; time extrapolated`;
      if (mathjs.derivative > MATHJS_SKIP_AFTER_MS) slowMathjs.set(base.family, Math.min(slowMathjs.get(base.family) ?? Infinity, base.text.length));
    }
    rows.push({ problem: base, nabla, runs: nablaRuns.length, perVariable, perVariableNote, mathjs, mathjsNote });
    log(`${base.name}: nabla gradient ${ms(nabla.simplify + nabla.program)}, math.js ${mathjs ? ms(mathjs.derivative) : 'skipped'}`);
  }


  // Training: 10000 steps of the seed network.
  const trainTimes: number[] = [];
  let finalE = NaN;
  for (let r = 0; r < RUNS; r++) {
    const [rep, t] = timed(() => report(loadFile(MLP), { steps: 10_000 }));
    trainTimes.push(t);
    finalE = rep.training?.steps.at(-1)?.objective ?? NaN;
  }
  const trainMs = median(trainTimes);
  log(`train 10000 steps: ${ms(trainMs)} (E = ${finalE})`);

  const startup = measureStartup();
  for (const f of startup) log(`start-up, ${f.name}: ${f.ms === undefined ? 'not built' : ms(f.ms)}`);

  const matrix = measureMatrix(log);
  writeFileAtomic(RESULTS, `${render(header, rows, { parseMs, bytes, lines }, { trainMs, finalE }, startup, systems, performance.now() - started)}\n\n${renderMatrix(matrix).join('\n')}`);
  log(`wrote ${RESULTS}`);
}

// ---------------------------------------------------------------------------
// The report

function render(
  header: readonly string[], rows: readonly Row[], parse: { parseMs: number; bytes: number; lines: number },
  train: { trainMs: number; finalE: number }, startup: readonly StartupFigure[], systems: SystemsResult, totalMs: number,
): string {
  const find = (name: string): Row | undefined => rows.find((r) => r.problem.name === name);
  const gradientMs = (r: Row | undefined): number | undefined => (r ? r.nabla.simplify + r.nabla.program : undefined);
  const mbPerS = parse.bytes / 1e6 / (parse.parseMs / 1000);
  const maxRatio = Math.max(...rows.map((r) => (r.nabla.forward + r.nabla.backward) / r.nabla.forward));
  const worst = rows.filter((r) => (r.nabla.forward + r.nabla.backward) / r.nabla.forward > 3).map((r) => r.problem.name);
  const target = (what: string, value: string, goal: string, ok: boolean | undefined): string =>
    `| ${what} | ${value} | ${goal} | ${ok === undefined ? 'not measured' : ok ? 'met' : '**missed**'} |`;
  const le = (x: number | undefined, y: number): boolean | undefined => (x === undefined ? undefined : x <= y);

  const out: string[] = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); problems in bench/problems.ts. Times are medians of the runs',
    'shown; every nabla run parses text with fresh names, so nothing is found ready in the intern table.',
    '',
    '## Machine',
    '',
    ...header,
    `- whole benchmark: ${ms(totalMs)}`,
    '',
    '## Targets',
    '',
    '| target | measured | goal | |',
    '|---|---|---|---|',
    target('16-16-16 full gradient (simplify input + reverse program)', ms(gradientMs(find('mlp 16-16-16'))), '≤ 50 ms', le(gradientMs(find('mlp 16-16-16')), 50)),
    target('8-8-8 full gradient', ms(gradientMs(find('mlp 8-8-8'))), '≤ 10 ms', le(gradientMs(find('mlp 8-8-8')), 10)),
    target('program size / forward, worst problem', `${maxRatio.toPrecision(3)}×${worst.length > 0 ? ` (over 3 on: ${worst.join(', ')})` : ''}`, '≤ 3×', maxRatio <= 3),
    target('1000 evaluations of the 16-16-16 gradient, compile()', ms(find('mlp 16-16-16')?.nabla.evalCompiled), '≤ 50 ms', le(find('mlp 16-16-16')?.nabla.evalCompiled, 50)),
    target('2-2-2 loss: derivative + simplification, every partial (`gradient()`)', ms(find('mlp 2-2-2')?.perVariable), '≤ 10 ms', le(find('mlp 2-2-2')?.perVariable, 10)),
    target('2-2-2 loss: full gradient (reverse program)', ms(gradientMs(find('mlp 2-2-2'))), '≤ 10 ms', le(gradientMs(find('mlp 2-2-2')), 10)),
    target('10000 training steps of the seed network', ms(train.trainMs), '≤ 0.5 s', train.trainMs <= 500),
    target('parse throughput, 1 MB formula file (parseFile)', `${mbPerS.toPrecision(3)} MB/s`, '≥ 1 MB/s', mbPerS >= 1),
    '',
    '## nabla: time',
    '',
    'Full gradient = simplify the input (the spelled-out logistic becomes `sigmoid`) + the reverse-mode',
    'gradient program over all variables; the program is also timed on the parsed input as it is (no',
    'simplification, as math.js is run here; the simplifier expands the random polynomials). Per-variable = the public `gradient()`: `diff` and `simplify`',
    'once per variable. Evaluation: 1000 evaluations of the value and every partial, cold (a fresh',
    'compile each run), through `compile()` (one Float64Array of slots) and through the JavaScript',
    '`nabla codegen` writes (locals), loaded with `new Function`.',
    '',
    'Per-variable runs: 3, or 1 when the first took over 0.3 s.',
    '',
    '| problem | text | vars | runs | parse | simplify | gradient program | full gradient | program, unsimplified input | per-variable | inline | compile | 1000 evals compile() | 1000 evals codegen JS |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const n = r.nabla;
      return `| ${r.problem.name} | ${(r.problem.text.length / 1024).toFixed(1)} KB | ${r.problem.vars.length} | ${r.runs} | ${ms(n.parse)} | ${ms(n.simplify)} | ${ms(n.program)} | ${ms(n.simplify + n.program)} | ${ms(n.rawProgram)} | ${r.perVariable === undefined ? `— (${r.perVariableNote})` : ms(r.perVariable)} | ${ms(n.inline)} | ${ms(n.compile)} | ${ms(n.evalCompiled)} | ${ms(n.evalGenerated)} |`;
    }),
    '',
    '## nabla: size (operations = non-leaf nodes)',
    '',
    'Forward DAG = the simplified function; program = forward + backward (adjoint) operations, the',
    'straight-line code codegen writes; the inlined gradient (temporaries substituted) as a DAG and as the',
    'tree a printer without sharing would write.',
    '',
    '| problem | forward DAG | forward tree | backward | program / forward | unsimplified input: program / forward | inlined gradient DAG | inlined gradient tree | compile() slots |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const n = r.nabla;
      return `| ${r.problem.name} | ${n.forward} | ${count(n.forwardTree)} | ${n.backward} | ${((n.forward + n.backward) / n.forward).toFixed(2)} | ${((n.rawForward + n.rawBackward) / n.rawForward).toFixed(2)} | ${n.gradDag} | ${count(n.gradTree)} | ${n.slots} |`;
    }),
    '',
    '## math.js, same text, same process',
    '',
    'Runs: 3, or 1 when the first took over 2 s; evaluation is measured in the first run only.',
    '`math.parse` once, then `math.derivative(node, v, {simplify: false})` for every variable; size is the',
    'operators and function calls of all derivative trees; evaluation is the compiled value and derivatives',
    `(extrapolated to 1000 from the evaluations that fit in ${MATHJS_EVAL_BUDGET_MS / 1000} s, marked ≈). Ratios are math.js / nabla.`,
    '',
    '| problem | runs | parse | all derivatives | vs nabla full gradient | vs nabla program, unsimplified | vs nabla per-variable | derivative ops | vs nabla program ops | 1000 evals | vs nabla compile() | note |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const m = r.mathjs;
      const n = r.nabla;
      if (!m) return `| ${r.problem.name} | — | — | — | — | — | — | — | — | — | — | ${r.mathjsNote ?? ''} |`;
      const evalText = m.eval === undefined ? '—' : `${m.evalRuns < EVALUATIONS ? '≈' : ''}${ms(m.eval)}`;
      return `| ${r.problem.name} | ${m.runs} | ${ms(m.parse)} | ${ms(m.derivative)} | ${ratio(m.derivative, n.simplify + n.program)} | ${ratio(m.derivative, n.rawProgram)} | ${ratio(m.derivative, r.perVariable)} | ${count(m.ops)} | ${ratio(m.ops, n.forward + n.backward)} | ${evalText} | ${ratio(m.eval, n.evalCompiled)} | ${r.mathjsNote ?? ''} |`;
    }),
    '',
    '## Parsing and training',
    '',
    `- parseFile on a generated formula file of ${(parse.bytes / 1e6).toFixed(2)} MB (${parse.lines} lines), in a process of its own after a warm-up: ${ms(parse.parseMs)}, ${mbPerS.toPrecision(3)} MB/s (median of ${SLOW_RUNS}).`,
    `- \`report(loadFile(mlp-2-2-2), { steps: 10000 })\`: ${ms(train.trainMs)} (median of ${RUNS}); objective after 10000 steps E = ${train.finalE.toPrecision(6)}.`,
    '',
    ...renderSystems(systems),
    ...renderStartup(startup),
  ];
  return out.join('\n');
}

main();

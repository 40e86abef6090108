/**
 * Matrix problems of the bench (SPEC §12, §17): sigmoid MLPs 64-32-10 and
 * 784-128-10 with a softmax output and cross-entropy loss, written in matrix
 * notation, beside the seed's 2-2-2 network in the same notation.
 *
 * Per problem: the symbolic derivation (read the file, build the program,
 * derive the four gradients in matrix form; fresh names each run, so it is
 * never a lookup in the intern table), one training step (forward, the four
 * gradients, the four updates, as `--steps` runs them), the same step
 * hand-written in NumPy (test/data/numpy-mlp-gradient.py, run with
 * /usr/bin/python3 from here), their ratio, and the wall time of
 * `node bin/nabla.js run FILE` and of `--steps 1000`, start-up included.
 *
 * `npx tsx bench/matrix.ts` prints the table alone; `npm run bench` appends
 * it to bench/results.md.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadFile } from '../src/index.ts';
import { gradientOf, evaluateProgram } from '../src/matrix/program.ts';
import { evaluateM, type MValue } from '../src/matrix/evaluate.ts';
import { trainProgram, updateRules } from '../src/matrix/check.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PYTHON = '/usr/bin/python3';

export interface MatrixFigure {
  readonly name: string;
  readonly deriveMs: number;
  readonly stepMs: number;
  readonly numpyStepMs?: number;
  readonly run: { wall: number; cpu: number; peakMb: number };
  readonly steps: { wall: number; cpu: number; peakMb: number };
}

/** The network in matrix notation, `tag` appended to every name so that each run derives afresh. */
export function mlpText(nIn: number, nH: number, nOut: number, tag = ''): string {
  const y = Array.from({ length: nOut }, (_, i) => (i === Math.min(2, nOut - 1) ? 1 : 0)).join(', ');
  const t = (n: string): string => `${n}${tag}`;
  return [
    `${t('x')} = random(${nIn}, 1, 1)`, `${t('y')} = [${y}]`,
    `${t('W1')} = 0.1*(random(${nH}, ${nIn}, 2) - 0.5)`, `${t('b1')} = 0.1*(random(${nH}, 1, 3) - 0.5)`,
    `${t('W2')} = 0.1*(random(${nOut}, ${nH}, 4) - 0.5)`, `${t('b2')} = 0.1*(random(${nOut}, 1, 5) - 0.5)`,
    `${t('eta')} = 0.1`,
    `${t('h')} = sigmoid(${t('W1')} @ ${t('x')} + ${t('b1')})`,
    `${t('p')} = softmax(${t('W2')} @ ${t('h')} + ${t('b2')})`,
    `${t('E')} = -sum(${t('y')}*log(${t('p')}))`,
    ...['W1', 'b1', 'W2', 'b2'].map((w) => `${t(w)}_new = ${t(w)} - ${t('eta')}*d(${t('E')})/d(${t(w)})`),
    `derive ${t('E')} wrt ${t('W1')}, ${t('b1')}, ${t('W2')}, ${t('b2')}`,
    '',
  ].join('\n');
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function deriveMs(nIn: number, nH: number, nOut: number, runs: number): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const tag = `q${r}${nIn}${nH}${nOut}`;
    const text = mlpText(nIn, nH, nOut, tag);
    const t0 = performance.now();
    const program = loadFile(text).matrix!;
    for (const w of ['W1', 'b1', 'W2', 'b2']) gradientOf(program, `E${tag}`, `${w}${tag}`);
    times.push(performance.now() - t0);
  }
  return median(times);
}

function stepMs(nIn: number, nH: number, nOut: number, steps: number): number {
  const program = loadFile(mlpText(nIn, nH, nOut)).matrix!;
  const start = new Map<string, MValue>();
  for (const name of program.order) {
    if (program.definitions.get(name)!.input) start.set(name, evaluateM(program.rhs.get(name)!, () => undefined));
  }
  evaluateProgram(program, start);
  // Warm-up, as NumPy's figure is a median of repeats: the first steps run before the JIT has compiled the loops.
  trainProgram(program, start, 'E', updateRules(program), Math.max(20, steps / 10));
  const t0 = performance.now();
  trainProgram(program, start, 'E', updateRules(program), steps);
  return (performance.now() - t0) / steps;
}

function numpyStepMs(nIn: number, nH: number, nOut: number): number | undefined {
  // One BLAS thread: the machine is shared, and nabla's step is one thread too.
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const r = spawnSync(PYTHON, [join(ROOT, 'test', 'data', 'numpy-mlp-gradient.py'), String(nIn), String(nH), String(nOut), String(Math.min(2, nOut - 1)), '51', '0'], { input: '', encoding: 'utf8', env });
  if (r.status !== 0) return undefined;
  return (JSON.parse(r.stdout) as { stepMs: number }).stepMs;
}

/** Wall and CPU (user + system) seconds and peak memory of the launcher, through /usr/bin/time; medians. */
function wallS(args: readonly string[], runs: number): { wall: number; cpu: number; peakMb: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  const peaks: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const p = spawnSync('/usr/bin/time', ['-f', 'TIME %U %S %M', process.execPath, join(ROOT, 'bin', 'nabla.js'), ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
    walls.push((performance.now() - t0) / 1000);
    if (p.status !== 0) throw new Error(p.stderr);
    const m = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(p.stderr);
    if (m) {
      cpus.push(Number(m[1]) + Number(m[2]));
      peaks.push(Number(m[3]) / 1024);
    }
  }
  return { wall: median(walls), cpu: cpus.length ? median(cpus) : NaN, peakMb: peaks.length ? median(peaks) : NaN };
}

export function measureMatrix(log: (s: string) => void = () => {}): MatrixFigure[] {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-bench-matrix-'));
  try {
    const shapes: [string, number, number, number][] = [['2-2-2', 2, 2, 2], ['64-32-10', 64, 32, 10], ['784-128-10', 784, 128, 10]];
    return shapes.map(([name, nIn, nH, nOut]) => {
      const file = join(dir, `${name}.nabla`);
      writeFileSync(file, mlpText(nIn, nH, nOut));
      const figure: MatrixFigure = {
        name,
        deriveMs: deriveMs(nIn, nH, nOut, 7),
        stepMs: stepMs(nIn, nH, nOut, nIn > 100 ? 200 : 2000),
        numpyStepMs: numpyStepMs(nIn, nH, nOut),
        run: wallS(['run', file], 3),
        steps: wallS(['run', file, '--steps', '1000'], 3),
      };
      log(`matrix ${name}: derive ${figure.deriveMs.toFixed(2)} ms, step ${figure.stepMs.toFixed(3)} ms (NumPy ${figure.numpyStepMs?.toFixed(3) ?? '—'} ms), run ${figure.run.wall.toFixed(2)} s (CPU ${figure.run.cpu.toFixed(2)} s), --steps 1000 ${figure.steps.wall.toFixed(2)} s (CPU ${figure.steps.cpu.toFixed(2)} s)`);
      return figure;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function renderMatrix(figures: readonly MatrixFigure[]): string[] {
  return [
    '## Matrix algebra (SPEC §12)',
    '',
    'Sigmoid hidden layer, softmax output, cross-entropy loss, in matrix notation (`W1 @ x + b1`); data from `random(m, n, seed)`.',
    'Derivation: read the file, build the program and derive the four gradients in matrix form (fresh names, median of 7).',
    'Step: forward, the four gradients and the four updates on whole matrices, as `--steps` runs them (mean over 200 or 2000 steps after a tenth as many to warm up).',
    'NumPy: the same step hand-written, updating in place (`W1 -= eta * dW1`; test/data/numpy-mlp-gradient.py, /usr/bin/python3, one BLAS thread, median of 51).',
    'Wall and CPU (user + system): `node bin/nabla.js run FILE` and `… --steps 1000` through /usr/bin/time, start-up included (median of 3);',
    'on a busy machine wall time is several times the CPU time. The §7 expansion of these networks was not run (issue #13 measured 6.9 s for two entries of a 784-64-10 one).',
    '',
    '| network | derivation | one step | NumPy step | step / NumPy | `run` wall (CPU) | peak | `--steps 1000` wall (CPU) |',
    '|---|---|---|---|---|---|---|---|',
    ...figures.map((f) => `| ${f.name} | ${f.deriveMs.toFixed(2)} ms | ${f.stepMs.toFixed(3)} ms | ${f.numpyStepMs === undefined ? '—' : `${f.numpyStepMs.toFixed(3)} ms`} | ${f.numpyStepMs === undefined ? '—' : `${(f.stepMs / f.numpyStepMs).toFixed(1)}×`} | ${f.run.wall.toFixed(2)} s (${f.run.cpu.toFixed(2)} s) | ${f.run.peakMb.toFixed(0)} MB | ${f.steps.wall.toFixed(2)} s (${f.steps.cpu.toFixed(2)} s) |`),
    '',
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = measureMatrix((s) => process.stderr.write(`${s}\n`));
  process.stdout.write(`${renderMatrix(figures).join('\n')}\n`);
}

/**
 * Reverse-mode gradients (src/diff/reverse.ts) against two independent
 * oracles: the per-variable symbolic derivative (diff), and central finite
 * differences of the function itself. Plus the cheap-gradient bound: the
 * whole gradient program is at most three times the forward DAG on
 * generated networks.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sym } from '../src/expr/node.ts';
import { diff } from '../src/diff/diff.ts';
import { gradientProgram, inlineGradient, programSize } from '../src/diff/reverse.ts';
import { compile } from '../src/numeric/compile.ts';
import { checkDerivative } from '../src/numeric/finite-difference.ts';
import { parseExpression } from '../src/parse/parse.ts';
import { toText } from '../src/print/text.ts';
import { loadFile } from '../src/index.ts';
import { inputValues } from '../src/graph/system.ts';
import { NodeDerivatives } from '../src/graph/node-derivative.ts';
import { mlpProblem } from '../bench/problems.ts';
import { arbExpr, NAMES } from './arbitrary.ts';

const MLP = readFileSync(new URL('../samples/mlp-2-2-2.nabla', import.meta.url), 'utf8');

/** Points for the names of arbExpr: moderate values, away from overflow. */
const arbPoint = fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: NAMES.length, maxLength: NAMES.length });

const close = (a: number, b: number, rtol: number): boolean =>
  Math.abs(a - b) <= rtol * Math.max(1, Math.abs(a), Math.abs(b));

describe('reverse-mode gradient', () => {
  it('equals the symbolic derivative of each name, at random points', () => {
    let compared = 0;
    fc.assert(
      fc.property(arbExpr, arbPoint, (e, point) => {
        const program = gradientProgram(e, [...NAMES]);
        const reverse = inlineGradient(program);
        const forward = NAMES.map((n) => diff(e, n));
        const fn = compile([...reverse, ...forward], [...NAMES]);
        const out = fn.raw(point, new Float64Array(2 * NAMES.length));
        NAMES.forEach((n, i) => {
          const r = out[i]!;
          const d = out[NAMES.length + i]!;
          if (!Number.isFinite(r) || !Number.isFinite(d)) return;
          compared++;
          expect(close(r, d, 1e-7), `∂/∂${n} of ${toText(e)} at ${point.join(', ')}: reverse ${r}, diff ${d}`).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(300);
  });

  it('matches central finite differences, away from kinks and poles', () => {
    let passed = 0;
    fc.assert(
      fc.property(arbExpr, arbPoint, (e, point) => {
        const names = [...NAMES];
        const program = gradientProgram(e, names);
        const grads = inlineGradient(program);
        const f = compile([e], names);
        const g = compile(grads, names);
        const value = f.raw(point, new Float64Array(1))[0]!;
        if (!Number.isFinite(value)) return;
        const gradient = g.raw(point, new Float64Array(names.length));
        names.forEach((n, i) => {
          const analytic = gradient[i]!;
          if (!Number.isFinite(analytic) || Math.abs(analytic) > 1e8) return;
          const along = (x: number): number => {
            const p = point.slice();
            p[i] = x;
            return f.raw(p, new Float64Array(1))[0]!;
          };
          const check = checkDerivative(along, point[i]!, analytic, { rtol: 1e-5, atol: 1e-7 });
          // Inconclusive: a kink, a pole or domain edge within the steps, or cancellation.
          if (check.verdict === 'inconclusive') return;
          expect(check.verdict, `∂/∂${n} of ${toText(e)} at ${point.join(', ')}: ${analytic} vs fd ${check.fd}`).toBe('pass');
          passed++;
        });
      }),
      { numRuns: 300 },
    );
    expect(passed).toBeGreaterThan(200);
  });

  it('gives the worked example\'s gradient on the 2-2-2 network', () => {
    const system = loadFile(MLP);
    const E = new NodeDerivatives(system).inline(sym('E'));
    const program = gradientProgram(E, ['w5', 'w1']);
    const values = inputValues(system);
    const names = [...values.keys()];
    const out = compile(inlineGradient(program), names)(names.map((n) => values.get(n)!));
    expect(out[0]).toBeCloseTo(0.0821670406, 9);
    expect(out[1]).toBeCloseTo(0.000438567734, 11);
  });

  it('differentiates by every name when none are given, and gives 0 for a name not used', () => {
    const e = parseExpression('x*y + sin(x)');
    const program = gradientProgram(e);
    expect(program.inputs).toEqual(['x', 'y']);
    expect(inlineGradient(program).map(toText)).toEqual(['y + cos(x)', 'x']);
    expect(inlineGradient(gradientProgram(e, ['z'])).map(toText)).toEqual(['0']);
  });
});

describe('gradient program size', () => {
  const ratio = (text: string): number => {
    const program = gradientProgram(parseExpression(text));
    const size = programSize(program);
    return (size.forward + size.backward) / size.forward;
  };

  it.each([[[2, 2, 2]], [[4, 4, 4]], [[8, 8, 8]], [[4, 8, 8, 2]]])('is at most 3× the forward DAG on a %j network', (sizes) => {
    const r = ratio(mlpProblem(sizes).text);
    expect(r).toBeGreaterThan(1);
    expect(r).toBeLessThanOrEqual(3);
  });

  it('is at most 3× the forward DAG on the sample network', () => {
    const system = loadFile(MLP);
    const E = new NodeDerivatives(system).inline(sym('E'));
    const size = programSize(gradientProgram(E));
    expect((size.forward + size.backward) / size.forward).toBeLessThanOrEqual(3);
  });
});

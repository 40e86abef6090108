/**
 * Finite-difference verdicts that can be trusted (notes/reliability-anchors.md
 * §4): a wrong derivative planted where the report would show it is caught
 * (verdict `fail`), and correct derivatives of many random smooth
 * expressions never fail — including the shapes the fuzzer found where the
 * step is far wider than the scale of f (x = 1e-100 next to a pole at 0),
 * where f″ jumps (relu(x)², first-order convergence), and where the step is
 * lost inside f (sin(1e20 + x)). Deterministic: seeded points, fixed inputs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Expr, sym } from '../src/expr/node.ts';
import { mul } from '../src/expr/canonical.ts';
import { call } from '../src/functions.ts';
import { freeSymbols } from '../src/expr/walk.ts';
import { diff } from '../src/diff/diff.ts';
import { simplify } from '../src/simplify/simplify.ts';
import { compile } from '../src/numeric/compile.ts';
import { checkDerivative } from '../src/numeric/finite-difference.ts';
import { toText } from '../src/print/text.ts';
import { loadFile, report } from '../src/index.ts';
import { NodeDerivatives } from '../src/graph/node-derivative.ts';
import { inputValues } from '../src/graph/system.ts';
import { arbTree, buildExpr, type Tree } from './arbitrary.ts';

const MLP = readFileSync(fileURLToPath(new URL('../samples/mlp-2-2-2.nabla', import.meta.url)), 'utf8');

describe('wrong gradients planted into a report are caught', () => {
  const system = loadFile(MLP);
  const model = report(system, { wrt: ['w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8', 'b1', 'b2'] });
  const graph = new NodeDerivatives(system);
  const values = inputValues(system);
  const names = [...values.keys()];

  /** The check the report runs for gradient g, with the value `claimed` in place of g's. */
  const recheck = (wrt: string, claimed: number) => {
    const f = compile([graph.inline(sym('E'))], names);
    const point = names.map((n) => values.get(n)!);
    const i = names.indexOf(wrt);
    return checkDerivative((t) => {
      const p = point.slice();
      p[i] = t;
      return f(p)[0]!;
    }, point[i]!, claimed);
  };

  it('every gradient of the worked example passes as computed', () => {
    expect(model.gradients).toHaveLength(10);
    for (const g of model.gradients) {
      expect(g.check.verdict, g.wrt).toBe('pass');
      expect(recheck(g.wrt, g.value).verdict, g.wrt).toBe('pass');
    }
  });

  it('off by 1e-4 relative, in either direction, every one fails', () => {
    for (const g of model.gradients) {
      for (const factor of [1 + 1e-4, 1 - 1e-4]) expect(recheck(g.wrt, g.value * factor).verdict, `${g.wrt} ×${factor}`).toBe('fail');
    }
  });

  it('the classic slips fail: a sign, a missing chain factor, the neighbour\'s gradient', () => {
    const byWrt = new Map(model.gradients.map((g) => [g.wrt, g.value]));
    expect(recheck('w5', -byWrt.get('w5')!).verdict).toBe('fail');
    // ∂E/∂w5 without the factor ∂out_o1/∂net_o1 = out_o1(1 - out_o1).
    const outO1 = model.values.find((v) => v.name === 'out_o1')!.value;
    expect(recheck('w5', byWrt.get('w5')! / (outO1 * (1 - outO1))).verdict).toBe('fail');
    expect(recheck('w5', byWrt.get('w6')!).verdict).toBe('fail');
    expect(recheck('w1', byWrt.get('w2')!).verdict).toBe('fail');
  });
});

/** Smooth functions only, so every point is a fair test. */
const SMOOTH = new Set(['exp', 'sin', 'cos', 'tanh', 'sigmoid', 'softplus']);
function smooth(t: Tree): boolean {
  switch (t.op) {
    case 'num': case 'const': case 'sym': return true;
    case '+': case '-': case '*': case '/': return smooth(t.left) && smooth(t.right);
    case 'neg': case 'sqrt': return smooth(t.operand);
    case '^': return smooth(t.base) && smooth(t.exp);
    case 'call': return SMOOTH.has(t.fn) && t.args.every(smooth);
    case 'deriv': return false;
  }
}
const arbSmooth: fc.Arbitrary<Expr> = arbTree({ maxDepth: 4 }).filter(smooth).map(buildExpr);
const NAMES = ['x', 'y', 'w1', 'out_h1', 'gamma'];
const arbPoint = fc.array(fc.integer({ min: -2900, max: 2900 }).map((k) => k / 1000 + 0.000_123_4), { minLength: 5, maxLength: 5 });

describe('random smooth expressions', () => {
  it('the correct derivative never fails, and mostly passes', () => {
    let pass = 0;
    let total = 0;
    fc.assert(fc.property(arbSmooth, arbPoint, fc.integer({ min: 0, max: 4 }), (e, point, k) => {
      // A name the expression uses: a derivative that is exactly 0 next to a large |f|
      // is inconclusive by design (roundoff above the absolute tolerance).
      const used = freeSymbols(e).map((s) => NAMES.indexOf(s.name));
      if (used.length === 0) return;
      const i = used[k % used.length]!;
      const name = NAMES[i]!;
      const f = compile([e], NAMES);
      const g = compile([simplify(diff(e, name))], NAMES);
      let analytic: number;
      try {
        f(point);
        analytic = g(point)[0]!;
      } catch {
        return; // not finite at this point: nothing to compare
      }
      const along = (t: number): number => {
        const p = point.slice();
        p[i] = t;
        return f.raw(p, new Float64Array(1))[0]!;
      };
      const check = checkDerivative(along, point[i]!, analytic);
      total++;
      if (check.verdict === 'pass') pass++;
      expect(check.verdict, `d/d${name} ${toText(e)} at ${point.join(', ')}: ${analytic} vs ${check.fd}`).not.toBe('fail');
    }), { seed: 4_242, numRuns: 3_000 });
    expect(total).toBeGreaterThan(1_500);
    expect(pass / total).toBeGreaterThan(0.97);
  });

  it('a wrong derivative fails: off by 1e-4 relative, with its sign flipped, or by another name', () => {
    let planted = 0;
    let caught = 0;
    fc.assert(fc.property(arbSmooth, arbPoint, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 2 }), (e, point, k, how) => {
      const used = freeSymbols(e).map((s) => NAMES.indexOf(s.name));
      if (used.length === 0) return;
      const i = used[k % used.length]!;
      const f = compile([e], NAMES);
      const g = compile(NAMES.map((n) => simplify(diff(e, n))), NAMES);
      let gradient: Float64Array;
      try {
        f(point);
        gradient = g(point);
      } catch {
        return;
      }
      const right = gradient[i]!;
      const other = gradient[(i + 1) % NAMES.length]!;
      // Only values a check at rtol 1e-6 can tell apart from the right one.
      const wrong = how === 0 ? right * (1 + 1e-4) : how === 1 ? -right : other;
      if (Math.abs(wrong - right) < 1e-3 * Math.max(1, Math.abs(right))) return;
      const along = (t: number): number => {
        const p = point.slice();
        p[i] = t;
        return f.raw(p, new Float64Array(1))[0]!;
      };
      planted++;
      if (checkDerivative(along, point[i]!, wrong).verdict === 'fail') caught++;
    }), { seed: 9_001, numRuns: 3_000 });
    expect(planted).toBeGreaterThan(300);
    expect(caught / planted).toBeGreaterThan(0.99);
  });
});

describe('shapes that used to give false failures, and their wrong siblings', () => {
  const check = (f: (x: number) => number, x: number, claimed: number) => checkDerivative(f, x, claimed);

  it('a pole at 0 seen from x = 1e-100: the right slope passes at the scale of x, a wrong one fails', () => {
    const c = 1.6e-217;
    const f = (x: number): number => c / x;
    const x = 1.28e-105;
    expect(check(f, x, -c / (x * x)).verdict).toBe('pass');
    // f′ ≈ -1e-7 here: a wrong value must differ by more than the absolute tolerance 1e-9 to show.
    expect(check(f, x, (-c / (x * x)) * 1.1).verdict).toBe('fail');
    expect(check(f, x, c / (x * x)).verdict).toBe('fail');
  });

  it('1/(out_h1·w1) at out_h1 = -1.7e-101: passes', () => {
    const w = 1.9e-107;
    const x0 = -2.5e-254;
    const f = (o: number): number => -x0 / (o * w);
    const o = -1.7e-101;
    expect(check(f, o, x0 / (o * o * w)).verdict).toBe('pass');
  });

  it('relu(x)² at 0: f″ jumps, so inconclusive (non-smooth), never a failure', () => {
    const f = (x: number): number => Math.max(0, x) ** 2;
    const r = check(f, 0, 0);
    expect(r.verdict).toBe('inconclusive');
    expect(r.reason).toBe('non-smooth');
    // Away from the kink it passes, and a wrong value there fails.
    expect(check(f, 0.5, 1).verdict).toBe('pass');
    expect(check(f, 0.5, 1.01).verdict).toBe('fail');
  });

  it('sin(1e20 + x): the step is lost inside f, so inconclusive (cancellation)', () => {
    const f = (x: number): number => Math.sin(1e20 + x);
    const r = check(f, 1, Math.cos(1e20 + 1));
    expect(r.verdict).toBe('inconclusive');
    expect(r.reason).toBe('cancellation');
  });

  it('the price of that rule: a wrong slope claimed for a constant is inconclusive, not a failure', () => {
    // A constant takes one value at every sample too. The report's derivatives are
    // symbolic, so a constant's derivative there is the exact 0 and passes.
    expect(check(() => 5, 1, 1).verdict).toBe('inconclusive');
    expect(check(() => 5, 1, 0).verdict).not.toBe('fail');
  });

  it('tiny but smooth: f = 1e-20·x claimed 1 fails, claimed 1e-20 passes', () => {
    const f = (x: number): number => 1e-20 * x;
    expect(check(f, 0.7, 1).verdict).toBe('fail');
    expect(check(f, 0.7, 1e-20).verdict).toBe('pass');
  });

  it('x·|x| at 0 (C¹, f″ jumps): not a failure', () => {
    const f = (x: number): number => x * Math.abs(x);
    expect(check(f, 0, 0).verdict).not.toBe('fail');
  });

  it('through the engine: the derivative of a deep sigmoid chain passes', () => {
    let e: Expr = sym('x');
    for (let k = 0; k < 30; k++) e = call('sigmoid', [mul(sym('w1'), e)]);
    const d = simplify(diff(e, 'x'));
    const f = compile([e], ['x', 'w1']);
    const g = compile([d], ['x', 'w1']);
    for (const x of [-1.3, 0.2, 2.1]) {
      expect(check((t) => f([t, 1.7])[0]!, x, g([x, 1.7])[0]!).verdict).toBe('pass');
    }
  });
});

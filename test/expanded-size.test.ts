/**
 * The shortcuts of the simplifier's trials against the real work they
 * stand in for: the size of an expansion read from monomials
 * (expanded-size.ts) must be the size of `expand`'s node, the node built
 * from the monomials must be that node itself, and the quotient filters
 * (quotient-filter.ts) must never turn away a quotient whose common factor
 * the polynomial work finds. Checked on every subexpression of random
 * expressions and of the benchmark's random polynomial and rational trees.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expr } from '../src/expr/node.ts';
import { mul } from '../src/expr/canonical.ts';
import { freeSymbols, postOrder } from '../src/expr/walk.ts';
import * as Q from '../src/expr/rational.ts';
import { parseExpression } from '../src/parse/parse.ts';
import { toText } from '../src/print/text.ts';
import { simplify } from '../src/simplify/simplify.ts';
import { expand } from '../src/simplify/expand.ts';
import { expandedNode, expandedSize } from '../src/simplify/expanded-size.ts';
import { coefficientsIn, mayCancelIn, numberLeads } from '../src/simplify/quotient-filter.ts';
import { commonFactor, divide, hasNumberLead, toPoly } from '../src/simplify/polynomial.ts';
import { randomProblem } from '../bench/problems.ts';
import { arbExpr } from './arbitrary.ts';

/** Subexpressions the trials look at (they are size-gated at 400 nodes). */
const trialNodes = (root: Expr): Expr[] => postOrder(root).filter((n) => (n.kind === 'add' || n.kind === 'mul' || n.kind === 'pow') && n.size <= 400);

/** Every mismatch between the shortcut and `expand`, as text. */
function sizeMismatches(root: Expr): string[] {
  const out: string[] = [];
  for (const n of trialNodes(root)) {
    const size = expandedSize(n);
    const node = expandedNode(n);
    const real = expand(n);
    if (size !== undefined && size !== real.size) out.push(`size of ${toText(n)}: ${size}, expand gives ${real.size}`);
    if (node !== undefined && node !== real) out.push(`node of ${toText(n)}: ${toText(node)}, expand gives ${toText(real)}`);
  }
  return out;
}

/** The quotient's factor the rule looks for, found the full way, for one name. */
function commonFactorFound(numerator: Expr, denominator: Expr, x: Expr & { kind: 'sym' }): boolean {
  const n = toPoly(numerator, x);
  const d = toPoly(denominator, x);
  if (n === undefined || d === undefined || d.length < 2) return false;
  const whole = divide(n, d);
  return (whole?.remainder.length === 0 ? d : commonFactor(n, d)) !== undefined;
}

/** Quotients whose factor the filters would wrongly turn away. */
function filterMisses(root: Expr): string[] {
  const out: string[] = [];
  for (const e of postOrder(root)) {
    if (e.kind !== 'mul' || e.size > 200) continue;
    const den = e.factors.find((f) => f.kind === 'pow' && f.base.kind === 'add' && f.exp.kind === 'num' && Q.isInteger(f.exp.value) && Q.isNegative(f.exp.value));
    if (den === undefined || den.kind !== 'pow') continue;
    const numerator = mul(...e.factors.filter((f) => f !== den));
    const names = new Set(freeSymbols(numerator));
    for (const x of freeSymbols(den.base)) {
      if (!names.has(x)) continue;
      const lead = numberLeads(den.base, x);
      if (lead !== undefined && lead !== hasNumberLead(den.base, x)) out.push(`lead of ${toText(den.base)} in ${x.name}`);
      if (!commonFactorFound(numerator, den.base, x)) continue;
      if (!hasNumberLead(den.base, x) || !mayCancelIn(numerator, den.base, x)) out.push(`${toText(e)} in ${x.name}`);
    }
  }
  return out;
}

describe('expansion sizes read from monomials', () => {
  it('are the sizes and nodes of expand on random expressions', () => {
    fc.assert(fc.property(arbExpr, (e) => {
      expect(sizeMismatches(e)).toEqual([]);
      expect(sizeMismatches(simplify(e))).toEqual([]);
    }), { numRuns: 300 });
  });

  it('are the sizes and nodes of expand on random polynomial and rational trees', () => {
    for (let seed = 1; seed <= 6; seed++) {
      for (const rational of [false, true]) {
        const p = randomProblem(120, rational, seed, `es${seed}`);
        const e = parseExpression(p.text);
        expect(sizeMismatches(e)).toEqual([]);
        expect(sizeMismatches(simplify(e))).toEqual([]);
      }
    }
  });

  it('meet like terms through sums spelled differently: (a − b)² and (b − a)² in denominators', () => {
    const e = parseExpression('x/(1 + (a - b)^2) + y/(1 + (b - a)^2) + (x + y)*(1 + (a - b)^2)^(-1)');
    expect(sizeMismatches(e)).toEqual([]);
    expect(sizeMismatches(simplify(e))).toEqual([]);
  });
});

describe('quotient filters', () => {
  it('never turn away a common factor the polynomial work finds', () => {
    const found = ['(x^2-1)/(x-1)', '(x^2*y - y)/(x+1)', '(x^3 + 2*x^2*y + x*y^2)/(x+y)', '(x*y + x + y + 1)/(y+1)', '(sin(y)*x^2 - sin(y))/(x - 1)'];
    for (const text of found) expect(filterMisses(parseExpression(text)), text).toEqual([]);
    for (let seed = 1; seed <= 8; seed++) {
      const e = parseExpression(randomProblem(60, true, seed, `qf${seed}`).text);
      expect(filterMisses(e)).toEqual([]);
      expect(filterMisses(simplify(e))).toEqual([]);
    }
  });

  it('read the coefficients toPoly gives, node for node', () => {
    const mismatches: string[] = [];
    const check = (root: Expr): void => {
      for (const e of postOrder(root)) {
        if (e.size > 150 || e.kind === 'num') continue;
        for (const x of freeSymbols(e)) {
          const read = coefficientsIn(e, x);
          if (read === undefined) continue;
          const real = toPoly(e, x);
          const same = read === false ? real === undefined : real !== undefined && real.length === read.length && real.every((c, i) => c === read[i]);
          if (!same) mismatches.push(`${toText(e)} in ${x.name}`);
        }
      }
    };
    for (let seed = 1; seed <= 4; seed++) {
      for (const rational of [false, true]) check(simplify(parseExpression(randomProblem(60, rational, seed, `co${seed}`).text)));
    }
    for (const text of ['(x^2-1)/(x-1)', 'x^13 + y', '(x+y)^3*z - x', 'sin(x)*x + y', 'x^(-1) + 1']) check(parseExpression(text));
    expect(mismatches).toEqual([]);
  });

  it('still let the rule cancel where it should', () => {
    expect(toText(simplify(parseExpression('(x^2*y - y)/(x+1)')))).toBe('y*(x - 1)');
    expect(toText(simplify(parseExpression('(x*y + x + y + 1)/(y+1)')))).toBe('x + 1');
  });
});

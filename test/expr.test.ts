/**
 * Canonical forms of the constructors: interning makes structural equality
 * identity, and the automatic simplifications are the expected ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriv, E, num, ONE, sym, ZERO } from '../src/expr/node.ts';
import { arbExpr } from './arbitrary.ts';
import { add, div, mul, neg, pow, sub } from '../src/expr/canonical.ts';
import { call } from '../src/functions.ts';
import { fromDecimal, rational } from '../src/expr/rational.ts';

const x = sym('x');
const y = sym('y');

describe('hash-consing', () => {
  it('builds one object per structure', () => {
    expect(add(x, mul(num(2), y))).toBe(add(mul(y, num(2)), x));
    expect(sym('x')).toBe(x);
  });

  it('keeps apart the nodes of one hash: a quarter million products, each one object, found again', () => {
    // Nodes are found by a 32-bit hash of their operands (node.ts): among this many,
    // some hashes are shared, and only their operands tell the nodes apart.
    const names = Array.from({ length: 700 }, (_, i) => sym(`h${i}`));
    const ids = new Set<number>();
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) ids.add(mul(names[i]!, names[j]!).id);
    }
    expect(ids.size).toBe((700 * 699) / 2);
    for (let i = 0; i < names.length; i += 7) {
      for (let j = i + 1; j < names.length; j++) {
        const m = mul(names[j]!, names[i]!);
        expect(m.kind === 'mul' && m.factors[0] === names[i] && m.factors[1] === names[j] && ids.has(m.id)).toBe(true);
      }
    }
    expect(pow(names[3]!, names[5]!)).not.toBe(pow(names[5]!, names[3]!));
    expect(deriv(names[3]!, names[5]!)).toBe(deriv(names[3]!, names[5]!));
  });
});

describe('exact numbers', () => {
  it('keeps decimals exact', () => {
    expect(fromDecimal('0.1')).toEqual(rational(1n, 10n));
    expect(fromDecimal('1e-3')).toEqual(rational(1n, 1000n));
    expect(num(fromDecimal('0.05')!)).toBe(div(num(1), num(20)));
  });
  it('folds 1/2*2 to 1 and 0.1 + 0.2 to 3/10', () => {
    expect(mul(div(num(1), num(2)), num(2))).toBe(num(1));
    expect(add(num(fromDecimal('0.1')!), num(fromDecimal('0.2')!))).toBe(num(fromDecimal('0.3')!));
  });
  it('takes exact roots and leaves inexact ones symbolic', () => {
    expect(pow(num(8), div(num(1), num(3)))).toBe(num(2));
    expect(pow(num(-8), div(num(1), num(3)))).toBe(num(-2));
    expect(pow(num(2), div(num(1), num(2))).kind).toBe('pow');
  });
});

describe('identities and collection', () => {
  it('drops 0 and 1 and x^1', () => {
    expect(add(x, num(0))).toBe(x);
    expect(mul(num(1), x)).toBe(x);
    expect(pow(x, num(1))).toBe(x);
    expect(pow(x, num(0))).toBe(num(1));
    expect(mul(num(0), x)).toBe(num(0));
  });
  it('collects like terms and powers', () => {
    expect(add(x, x)).toBe(mul(num(2), x));
    expect(sub(x, x)).toBe(num(0));
    expect(mul(x, x)).toBe(pow(x, num(2)));
    expect(mul(x, pow(x, num(-1)))).toBe(num(1));
    expect(neg(neg(x))).toBe(x);
  });
  it('writes e^u as exp(u) and folds exp(log u)', () => {
    expect(pow(E, x)).toBe(call('exp', [x]));
    expect(call('exp', [call('log', [x])])).toBe(x);
    expect(call('log', [call('exp', [x])])).toBe(x);
  });
});

describe('the fast paths of the constructors', () => {
  // A third operand of 0 (or 1) sends the same sum (or product) down the general path.
  it('a sum of two terms is the node the general path builds', () => {
    fc.assert(fc.property(arbExpr, arbExpr, (a, b) => {
      expect(add(a, b)).toBe(add(a, b, ZERO));
      expect(add(b, a)).toBe(add(a, b, ZERO));
    }), { numRuns: 300 });
  });
  it('a product of two factors is the node the general path builds', () => {
    fc.assert(fc.property(arbExpr, arbExpr, (a, b) => {
      expect(mul(a, b)).toBe(mul(a, b, ONE));
    }), { numRuns: 300 });
  });
  it('a product of many factors is the node the general path builds', () => {
    // A factor 1 sends the same product down the general path (a number leaves the fast one).
    const names = 'abcdefghijklmnopqrstuvwxyz'.split('').map((n) => sym(n));
    const plainish = fc.oneof(arbExpr, fc.constantFrom(...names), fc.constantFrom(...names.slice(0, 4).map((n) => pow(n, num(2)))));
    fc.assert(fc.property(fc.array(plainish, { minLength: 9, maxLength: 20 }), (fs) => {
      expect(mul(...fs)).toBe(mul(...fs, ONE));
    }), { numRuns: 300 });
    const distinct = 'abcdefghijkl'.split('').map((n) => add(sym(n), ONE));
    expect(mul(...distinct)).toBe(mul(...distinct, ONE));
    const withSquare = [...names.slice(0, 10), pow(names[0]!, num(2))];
    expect(mul(...withSquare)).toBe(mul(...withSquare, ONE));
  });
  it('a name is one node however it is reached', () => {
    expect(sym('fast_path_name')).toBe(sym(`fast_path_${'name'}`));
    expect(deriv(x, sym('x')).wrt).toBe(x);
  });
});

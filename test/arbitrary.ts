/**
 * fast-check arbitraries shared by the property tests.
 *
 * A random syntax tree (`Tree`) is generated first; `buildExpr` turns it into
 * an Expr with the constructors, one constructor call per operator, and
 * `sourceText` writes it as fully bracketed ASCII source, independently of
 * the printer. So `arbSource` pairs a text with the expression a parser that
 * lowers each operator to its constructor (`a - b` → `sub`, `a/b` → `div`,
 * `-a` → `neg`, `sqrt(a)` → `a^(1/2)`) must build from it.
 *
 * Sized for speed: at most four levels of operators, so 300 runs of a
 * property take well under a second.
 */

import fc from 'fast-check';
import { deriv, E, type Expr, HALF, num, PI, sym } from '../src/expr/node.ts';
import { add, div, mul, neg, pow, sub } from '../src/expr/canonical.ts';
import * as Q from '../src/expr/rational.ts';
import type { Rational } from '../src/expr/rational.ts';
import { call, FUNCTIONS } from '../src/functions.ts';
import type { FunctionName } from '../src/expr/function-name.ts';

/** The names of `arbExpr`: a plain letter, an indexed name, a subscripted one, a Greek word. */
export const NAMES = ['x', 'y', 'w1', 'out_h1', 'gamma'] as const;

/**
 * More names for printer tests: Greek with a subscript, capital Greek, an
 * update name, the loss, and elements of matrices (SPEC §7).
 */
export const PRINT_NAMES = [...NAMES, 'eta1', 'Delta', 'w5_new', 'target_o1', 'E', 'n', 'x[1,2]', 'w_new[2,1]', 'out_h1[3,1]'] as const;

export type Tree =
  | { readonly op: 'num'; readonly value: Rational }
  | { readonly op: 'const'; readonly name: 'e' | 'pi' }
  | { readonly op: 'sym'; readonly name: string }
  | { readonly op: '+' | '-' | '*' | '/'; readonly left: Tree; readonly right: Tree }
  | { readonly op: 'neg'; readonly operand: Tree }
  | { readonly op: '^'; readonly base: Tree; readonly exp: Tree }
  | { readonly op: 'sqrt'; readonly operand: Tree }
  | { readonly op: 'call'; readonly fn: FunctionName; readonly args: readonly Tree[] }
  | { readonly op: 'deriv'; readonly of: Tree; readonly wrt: string };

export interface TreeOptions {
  /** Names to draw from; `NAMES` by default. */
  readonly names?: readonly string[];
  /** Include unevaluated derivatives `d(F)/d(x)`; off by default (evaluators cannot run them). */
  readonly derivatives?: boolean;
  /** Operator levels; 4 by default. */
  readonly maxDepth?: number;
}

const numberLeaf = (value: Rational): Tree => ({ op: 'num', value });

/** Small integers 0..9 and fractions n/d with d in 2..5 (negatives come from `neg`). */
export const arbRational: fc.Arbitrary<Rational> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 9 }).map((n) => Q.fromInt(n)) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 2, max: 5 })).map(([n, d]) => Q.rational(BigInt(n), BigInt(d))) },
);

/** Exponents: small integers, ±1/2, 1/3, or (rarely) a name. */
function arbExponent(names: readonly string[]): fc.Arbitrary<Tree> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -3, max: 3 }).map((n) => numberLeaf(Q.fromInt(n))) },
    { weight: 3, arbitrary: fc.constantFrom(Q.HALF, Q.rational(-1n, 2n), Q.rational(1n, 3n)).map(numberLeaf) },
    { weight: 1, arbitrary: fc.constantFrom(...names).map((name): Tree => ({ op: 'sym', name })) },
  );
}

/** Random syntax trees over the operators and every registry function (with its arity). */
export function arbTree(options: TreeOptions = {}): fc.Arbitrary<Tree> {
  const names = options.names ?? NAMES;
  const leaf: fc.Arbitrary<Tree> = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...names).map((name): Tree => ({ op: 'sym', name })) },
    { weight: 3, arbitrary: arbRational.map(numberLeaf) },
    { weight: 1, arbitrary: fc.constantFrom('e' as const, 'pi' as const).map((name): Tree => ({ op: 'const', name })) },
  );
  const { tree } = fc.letrec<{ tree: Tree }>((tie) => {
    const sub = tie('tree');
    const callArb = fc.constantFrom(...FUNCTIONS).chain((row) => {
      const count = typeof row.arity === 'number' ? fc.constant(row.arity) : fc.integer({ min: row.arity.min, max: row.arity.min + 1 });
      return count.chain((n) => fc.array(sub, { minLength: n, maxLength: n })).map((args): Tree => ({ op: 'call', fn: row.name, args }));
    });
    const branches: fc.WeightedArbitrary<Tree>[] = [
      { weight: 4, arbitrary: leaf },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const), sub, sub).map(([op, left, right]): Tree => ({ op, left, right })) },
      { weight: 1, arbitrary: sub.map((operand): Tree => ({ op: 'neg', operand })) },
      { weight: 1, arbitrary: fc.tuple(sub, arbExponent(names)).map(([base, exp]): Tree => ({ op: '^', base, exp })) },
      { weight: 1, arbitrary: sub.map((operand): Tree => ({ op: 'sqrt', operand })) },
      { weight: 1, arbitrary: callArb },
    ];
    if (options.derivatives) {
      branches.push({ weight: 1, arbitrary: fc.tuple(sub, fc.constantFrom(...names)).map(([of, wrt]): Tree => ({ op: 'deriv', of, wrt })) });
    }
    return { tree: fc.oneof({ maxDepth: options.maxDepth ?? 4, depthSize: 'small', withCrossShrink: true }, ...branches) };
  });
  return tree;
}

/** The expression of a tree, one constructor call per operator. */
export function buildExpr(t: Tree): Expr {
  switch (t.op) {
    case 'num': return num(t.value);
    case 'const': return t.name === 'e' ? E : PI;
    case 'sym': return sym(t.name);
    case '+': return add(buildExpr(t.left), buildExpr(t.right));
    case '-': return sub(buildExpr(t.left), buildExpr(t.right));
    case '*': return mul(buildExpr(t.left), buildExpr(t.right));
    case '/': return div(buildExpr(t.left), buildExpr(t.right));
    case 'neg': return neg(buildExpr(t.operand));
    case '^': return pow(buildExpr(t.base), buildExpr(t.exp));
    case 'sqrt': return pow(buildExpr(t.operand), HALF);
    case 'call': return call(t.fn, t.args.map(buildExpr));
    case 'deriv': return deriv(buildExpr(t.of), sym(t.wrt));
  }
}

/** The tree as fully bracketed ASCII source (SPEC §2), written without the printer. */
export function sourceText(t: Tree): string {
  switch (t.op) {
    case 'num': return Q.isInteger(t.value) ? Q.toFraction(t.value) : `(${Q.toFraction(t.value)})`;
    case 'const': case 'sym': return t.name;
    case '+': case '-': case '*': case '/': return `(${sourceText(t.left)} ${t.op} ${sourceText(t.right)})`;
    case 'neg': return `(-${sourceText(t.operand)})`;
    case '^': return `(${sourceText(t.base)}^${sourceText(t.exp)})`;
    case 'sqrt': return `sqrt(${sourceText(t.operand)})`;
    case 'call': return `${t.fn}(${t.args.map(sourceText).join(', ')})`;
    case 'deriv': return `(d(${sourceText(t.of)})/d(${t.wrt}))`;
  }
}

/** Random expressions over `NAMES`, numbers, `+ - * / ^`, sqrt and every registry function. */
export const arbExpr: fc.Arbitrary<Expr> = arbTree().map(buildExpr);

/** Like `arbExpr`, over `PRINT_NAMES` and with derivatives: for printer tests. */
export const arbPrintableExpr: fc.Arbitrary<Expr> = arbTree({ names: PRINT_NAMES, derivatives: true }).map(buildExpr);

/** A source text with the expression a parser must build from it. */
export const arbSource: fc.Arbitrary<{ readonly text: string; readonly expr: Expr }> =
  arbTree().map((t) => ({ text: sourceText(t), expr: buildExpr(t) }));

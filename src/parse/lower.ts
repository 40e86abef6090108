/**
 * Syntax → Expr: from what was written to the canonical algebra.
 *
 * Every check that needs to know what a name means happens here, with the
 * span of the offending node: unknown functions, arity, a function name used
 * as a variable, a derivative with respect to something that is not a name,
 * a number literal out of range. Numbers are exact (`0.05` is 1/20), names
 * are keyed by `canonicalName` (`w_5` is `w5`, `γ` is `gamma`).
 *
 * Long sums and products are walked along their spine with a loop, so a
 * 100,000-term sum does not recurse 100,000 deep; everything else nests at
 * most as deep as the parser's nesting limit allows.
 */

import {
  add, assertNever, call, deriv, div, E, HALF, MINUS_ONE, mul, neg, num, PI, pow, sym,
  type Expr, type Sym,
} from '../expr/expr.ts';
import { canonicalName } from '../expr/names.ts';
import { fromDecimal } from '../expr/rational.ts';
import { NablaError } from '../errors.ts';
import { arityOk, arityText, FUNCTION_WORDS, lookupFunction } from '../functions.ts';
import {
  locator, type BinarySyntax, type CallSyntax, type DerivativeSyntax, type Locator, type NameSyntax, type NumberSyntax,
  type Range, type Syntax,
} from './syntax.ts';

/** Products longer than this are built in one call instead of pairwise (pairwise is quadratic). */
const PAIRWISE_PRODUCT_LIMIT = 64;

/** Words that are not variables: functions and the special forms. */
const RESERVED_FUNCTION_WORDS: ReadonlySet<string> = new Set([...FUNCTION_WORDS, 'diff']);

/**
 * Lower an expression parsed from `source`; throws a positioned NablaError
 * (with the source attached) on a bad node.
 */
export function lowerExpression(node: Syntax, source: string, locate: Locator = locator(source)): Expr {
  return new Lowering(source, locate).expression(node);
}

/**
 * Check a name that is being defined or differentiated by (`w5 = …`,
 * `derive E wrt w5`) and return it as a symbol.
 */
export function lowerDefinedName(n: NameSyntax, source: string, locate: Locator = locator(source)): Sym {
  const key = canonicalName(n.text);
  const fail = (message: string): never => {
    throw new NablaError(message, locate(n), source);
  };
  if (key === 'e') fail('e is Euler\'s number: choose another name.');
  if (key === 'pi' || key === '\u03c0') fail(`${n.text} is the constant π: choose another name.`);
  if (RESERVED_FUNCTION_WORDS.has(n.text)) fail(`${n.text} is a function: choose another name.`);
  return sym(key);
}

class Lowering {
  constructor(private readonly source: string, private readonly locate: Locator) {}

  fail(message: string, at: Range): never {
    throw new NablaError(message, this.locate(at), this.source);
  }

  expression(n: Syntax): Expr {
    switch (n.kind) {
      case 'number': return this.number(n);
      case 'name': return this.name(n);
      case 'group': return this.expression(n.inner);
      case 'unary': return n.op === '-' ? neg(this.expression(n.operand)) : this.expression(n.operand);
      case 'binary': return this.binary(n);
      case 'call': return this.call(n);
      case 'derivative': return this.derivative(n);
      default: return assertNever(n);
    }
  }

  /** The exact value of a number literal; refuses literals outside the range of a double. */
  number(n: NumberSyntax): Expr {
    const float = Number(n.value);
    if (!Number.isFinite(float)) return this.fail(`Number ${n.value} is too large.`, n);
    const exact = fromDecimal(n.value);
    if (exact === undefined || (float === 0 && exact.num !== 0n)) {
      return this.fail(`Number ${n.value} is too ${float === 0 ? 'small' : 'large'}.`, n);
    }
    return num(exact);
  }

  /** A name in an expression: a variable, `e`, `pi`, or a misused function word. */
  name(n: NameSyntax): Expr {
    const key = canonicalName(n.text);
    if (key === 'e') return E;
    if (key === 'pi' || key === '\u03c0') return PI;
    if (RESERVED_FUNCTION_WORDS.has(n.text)) {
      return this.fail(`${n.text} is a function: write ${n.text}(${n.text === 'diff' ? 'F, x' : '…'}).`, n);
    }
    return sym(key);
  }

  binary(n: BinarySyntax): Expr {
    if (n.op === '^') return pow(this.expression(n.left), this.expression(n.right));
    // Walk the left spine of a left-associative chain with a loop.
    const additive = n.op === '+' || n.op === '-';
    const chain: BinarySyntax[] = [];
    let first: Syntax = n;
    while (first.kind === 'binary' && first.op !== '^' && (first.op === '+' || first.op === '-') === additive) {
      chain.push(first);
      first = first.left;
    }
    chain.reverse();
    if (additive) {
      // Sums are associative in the canonical form: one n-ary `add` equals `sub`/`add` pairwise.
      const terms = [this.expression(first)];
      for (const link of chain) terms.push(link.op === '-' ? neg(this.expression(link.right)) : this.expression(link.right));
      return add(...terms);
    }
    if (chain.length > PAIRWISE_PRODUCT_LIMIT) {
      const factors = [this.expression(first)];
      for (const link of chain) factors.push(link.op === '/' ? pow(this.expression(link.right), MINUS_ONE) : this.expression(link.right));
      return mul(...factors);
    }
    let acc = this.expression(first);
    for (const link of chain) acc = link.op === '/' ? div(acc, this.expression(link.right)) : mul(acc, this.expression(link.right));
    return acc;
  }

  call(n: CallSyntax): Expr {
    const written = n.name.text;
    if (written === 'sqrt' || written === 'pow') {
      const arity = written === 'sqrt' ? 1 : 2;
      if (n.args.length !== arity) {
        this.fail(`${written} takes ${arity} argument${arity === 1 ? '' : 's'}, found ${n.args.length}.`, n);
      }
      const args = n.args.map((a) => this.expression(a));
      return written === 'sqrt' ? pow(args[0]!, HALF) : pow(args[0]!, args[1]!);
    }
    const row = lookupFunction(written);
    if (row === undefined) return this.fail(unknownFunction(written), n.name);
    if (!arityOk(row, n.args.length)) this.fail(`${written} takes ${arityText(row)}, found ${n.args.length}.`, n);
    return call(row.name, n.args.map((a) => this.expression(a)));
  }

  derivative(n: DerivativeSyntax): Expr {
    const of = this.expression(n.of);
    let wrt = n.wrt;
    while (wrt.kind === 'group') wrt = wrt.inner;
    if (wrt.kind !== 'name') {
      return this.fail(`Expected a name to differentiate with respect to, found "${quote(this.source, wrt)}".`, n.wrt);
    }
    const w = this.name(wrt);
    if (w.kind !== 'sym') return this.fail(`Expected a name to differentiate with respect to, found the constant "${wrt.text}".`, wrt);
    return deriv(of, w);
  }
}

function unknownFunction(written: string): string {
  const near = closestFunction(written);
  if (near !== undefined) return `Unknown function "${written}": did you mean ${near}?`;
  return `Unknown function "${written}": write ${written}*(…) to multiply.`;
}

/** A function word at most two edits away from a misspelt name of 3+ letters. */
function closestFunction(written: string): string | undefined {
  if (written.length < 3 || !/^[a-z]+$/.test(written)) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const word of [...FUNCTION_WORDS].sort()) {
    const d = editDistance(written, word);
    if (d < bestDistance && d < word.length - 1) {
      best = word;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/** The source text of a node for messages, shortened when long. */
function quote(source: string, at: Range): string {
  const text = source.slice(at.offset, at.offset + at.length).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

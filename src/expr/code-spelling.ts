/**
 * How the registry's functions are spelt in generated JavaScript and NumPy:
 * the spelling types and the small builders the rows are written with
 * (`library('exp')` is `Math.exp` and `np.exp`). Invariant: a spelling
 * computes what its row's `evaluate` computes, with the same conventions at
 * kinks and the same stable formulas (test/functions.test.ts runs both).
 */

import { ERF_SOURCE } from './float-special.ts';

/** A module-level helper function of one argument `x` that generated code calls by name. */
export interface CodeHelper {
  readonly name: string;
  /** A doc comment for the helper, if its convention needs saying. */
  readonly comment?: string;
  /** The body over `x`: one `return` statement, or a few statements ending in one (erf). */
  readonly body: string;
}

/** How generated code spells a call: its expression from the argument codes. */
export interface CodeSpelling {
  readonly call: (args: readonly string[]) => string;
}

/** A JavaScript spelling may call a helper, which the module then defines once (NumPy has every function built in). */
export interface JsSpelling extends CodeSpelling {
  readonly helper?: CodeHelper;
}

/** `f(a, b)`: a call of the target language's own function. */
export const applied = (f: string): CodeSpelling => ({ call: (args) => `${f}(${args.join(', ')})` });
/** A call of a helper that the module defines once. */
export const viaHelper = (helper: CodeHelper): JsSpelling => ({ ...applied(helper.name), helper });
/** An expression over the single argument. */
export const unary = (f: (a: string) => string): CodeSpelling => ({ call: (args) => f(args[0]!) });
/** The same library function in both targets: `Math.exp` and `np.exp`. */
export const library = (name: string): { readonly js: JsSpelling; readonly numpy: CodeSpelling } => ({ js: applied(`Math.${name}`), numpy: applied(`np.${name}`) });

/** `np.maximum(a, np.maximum(b, c))`: NumPy's element-wise extremum takes two arguments. */
export const nested = (f: string): CodeSpelling => ({
  call: (args) => {
    let acc = args[args.length - 1]!;
    for (let i = args.length - 2; i >= 0; i--) acc = `${f}(${args[i]!}, ${acc})`;
    return acc;
  },
});

/** sec, csc, cot as the reciprocal of cos, sin, tan in both targets. */
export const reciprocalOf = (name: string): { readonly js: JsSpelling; readonly numpy: CodeSpelling } => ({
  js: unary((a) => `(1 / Math.${name}(${a}))`), numpy: unary((a) => `(1 / np.${name}(${a}))`),
});

/** The stable logistic in JavaScript; silu calls it too, and the module defines it once. */
export const SIGMOID_HELPER: CodeHelper = { name: 'sigmoid', body: 'return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));' };
/** σ(x) = exp(−log(1 + e^(−x))) in NumPy: no overflow for any x. */
export const numpySigmoid = (a: string): string => `np.exp(-np.logaddexp(0.0, -${a}))`;
/** erf in JavaScript (float-special.ts); gelu calls it too. */
export const ERF_HELPER: CodeHelper = { name: 'erf', comment: 'The error function, to about 1e-16.', body: ERF_SOURCE };
/** NumPy has no erf and generated code depends on NumPy alone: the standard library's, element-wise. */
export const numpyErf = (a: string): string => `np.vectorize(__import__("math").erf, otypes=[float])(${a})`;

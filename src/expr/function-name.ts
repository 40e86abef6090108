/**
 * The names of the registry's functions, as a string-literal union: a call
 * node's `fn` is one of these, so every pass finds its registry row without
 * a lookup that can fail. The rows themselves live in functions.ts, which
 * is above the constructors; this list is below them, so node types can
 * name it. Invariant: the registry has exactly one row per name here (its
 * table is a `Record<FunctionName, …>`, so the compiler checks it).
 */

/** In registry order: the order of rows for tables, fuzzing and helpers. */
export const FUNCTION_NAMES = [
  'exp', 'log', 'sin', 'cos', 'tan', 'tanh', 'sigmoid', 'softplus', 'relu', 'abs', 'sign', 'step', 'max', 'min',
  'asin', 'acos', 'atan', 'sinh', 'cosh', 'asinh', 'acosh', 'atanh', 'sec', 'csc', 'cot', 'atan2', 'log2', 'log10',
  'cbrt', 'hypot', 'erf', 'gelu', 'silu', 'leaky_relu', 'elu', 'softsign', 'hard_sigmoid', 'log_sigmoid',
  'floor', 'ceil', 'round', 'clip',
] as const;

export type FunctionName = (typeof FUNCTION_NAMES)[number];

const NAMES: ReadonlySet<string> = new Set(FUNCTION_NAMES);

/** True when `word` is a registry function's own name (aliases such as `ln` are the registry's `lookupFunction`). */
export function isFunctionName(word: string): word is FunctionName {
  return NAMES.has(word);
}

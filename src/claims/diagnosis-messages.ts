/**
 * Every sentence a diagnosis says (SPEC §14), one table of keys with named
 * parameters, so a translation (`ko`) is a second table of the same keys.
 * Invariant: a template names only parameters its finding supplies; `say`
 * leaves an unknown `{name}` as written rather than inventing text.
 */

export const DIAGNOSIS_MESSAGES = {
  'wrong-rule': 'uses {rule}, a misremembered rule: {right}',
  'missing-factor': 'missing the factor {factor}',
  'extra-factor': 'an extra factor {factor}',
  'wrong-name.wrt': 'this is {right}; the claim is about {wrt}',
  'wrong-name.of': 'this is {right}; the claim is about {of}',
  'wrong-name.swap': 'right with {written} in place of {meant}',
  'carried': 'correct given your {claimed} on line {line}',
  'rounding': 'the document\'s own rounded numbers give {recomputed}: the method is right, the digits are not',
  'rounding.truncated': 'the true value {value} truncated instead of rounded',
  'sign': 'the sign is wrong',
  'sign.term': 'the sign of the term {term} is wrong',
  'constant-factor': 'off by a constant factor: the true value is {factor} times the claim',
  'order-of-magnitude': 'right digits, wrong power of ten: the true value is {value}',
  'additive-constant': 'off by a constant: the true value is the claim plus {constant}',
  'transposed': 'this is the transpose of the true matrix',
} as const;

export type DiagnosisMessageKey = keyof typeof DIAGNOSIS_MESSAGES;

export type MessageParams = Readonly<Record<string, string | number>>;

/** The sentence of a key with its parameters filled in. */
export function say(key: DiagnosisMessageKey, params: MessageParams): string {
  return DIAGNOSIS_MESSAGES[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

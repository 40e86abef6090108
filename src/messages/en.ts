/**
 * The English catalogue: every sentence nabla says to a person, as a key
 * and a template (SPEC §15). The keys and their parameters are the
 * contract; ko.ts says the same things in Korean.
 *
 * Template syntax (format.ts): `{name}` puts a parameter in; `{name|one|other}`
 * chooses English's singular or plural by the number `name`; `{name:은}`
 * (Korean only) writes the particle that fits the end of `name`.
 */

export const EN = {
  // Verdicts of `nabla check` and their summary.
  'verdict.verified': 'verified',
  'verdict.refuted': 'refuted',
  'verdict.unchecked': 'unchecked',
  'claims.summary': '{total} claims: {verified} verified, {refuted} refuted, {unchecked} unchecked',
  'claims.definitions': 'Definitions ({count}, repeats included):',
  'claims.defines': 'defines',
  'claims.repeated': 'repeated',
  'claims.skipped': 'Not equations, nothing to check ({count}):',
  'claims.sides': 'left side {lhs}, right side {rhs}',
  'claims.at': 'at {point}',

  // Why a claim got its verdict.
  'reason.entry': 'entry {entry}: {reason}',
  'reason.all-entries': 'all {count} entries: {reasons}',
  'reason.not-defined': '{names} {count|is|are} not defined',
  'reason.zero-only': 'holds only because d({of})/d({wrt}) is 0 here: {of} is not defined in terms of {wrt}',
  'reason.no-value': '{name} has no value: {why}',
  'reason.proved': 'proved symbolically',
  'reason.agrees-written': 'agrees to the {written} written',
  'reason.agree-precision': 'agree to the precision written',
  'reason.left-side-is': 'the left side is {value}, not {written}',
  'reason.undecided': 'undecided: the two sides could not be evaluated at enough points',
  'reason.numbers-agree': 'the numbers agree',
  'reason.random-points': 'agrees at {count} random points',
  'reason.given-values': 'agrees at the given values',
  'reason.holds-given': 'holds at the given values (not as an identity)',
  'reason.holds-given-if': 'holds at the given values (in general it needs {condition})',
  'reason.sides-differ': 'the two sides differ',
  'list.join': '{first}{separator}{rest}',
  'list.two': '{first} and {second}',
  'list.more': '{init} and {last}',

  // The chain-rule report (`nabla run`).
  'report.gradients': 'Gradients',
  'report.gradients-after': 'Gradients (after {steps} steps)',
  'report.values': 'Values',
  'report.values-after': 'Values (after training)',
  'report.updates': 'Updates',
  'report.training': 'Training: {steps} {steps|step|steps} of gradient descent on {objective}',
  'report.step': 'step',
  'report.final-values': 'Final values',
  'report.sum-of-paths': 'sum of {count} paths',
  'report.path': 'path {index}',
  'report.kink': 'kink',
  'report.at-kink': 'at a kink: the convention value of the derivative is used',
  'report.no-dependence': '{target} does not depend on {wrt}',
  'report.fd-check': 'finite difference {fd}, relative error {error}: {verdict}',
  'report.fd-pass': 'pass',
  'report.fd-fail': 'FAIL',
  'report.fd-inconclusive': 'inconclusive',
  'report.fd-inconclusive-why': 'inconclusive ({why})',
  'report.fd-only': 'finite difference {fd}: {verdict}',
  'report.fd-matrix': 'finite differences: {verdict}',
  'report.fd-fail-for': 'FAIL for {names}',
  'report.fd-inconclusive-for': 'inconclusive for {names}',
  'report.fd-pass-all': 'pass for all {count} entries',
  'report.inputs': 'inputs',
  'report.definitions': 'definitions',
  'report.expanded-above': ' (expanded above)',
  'report.below': ' (below)',
  'report.not-a-number': 'not a number',
  'report.more-factors': '… {count} more factors …',
  'report.too-large': '(too large to print: {size} nodes written out)',

  // The terminal listing of `nabla check`.
  'claims.at-given': ' (at the given values)',
  'claims.also': ' (also: {codes})',
  'claims.assign': '{name} = {value}',

  // Reasons read from the notes themselves.
  'reason.ellipsis': 'contains an ellipsis (\\dots): the terms it stands for are not written out',
  'reason.shapes': 'the two sides have different shapes: {lhs} and {rhs}{note}',
  'reason.shapes-note': ' (a product of matrices is taken entry by entry here)',
  'shape.number': 'a number',
  'shape.matrix': 'a {dims} matrix',
  'shape.vector': 'a vector of {count}',
  'list.comma': '{first}, {rest}',
  'list.or': '{first} or {second}',

  // Errors: where, what was expected, what was found.
  'error.expected': 'Expected {wanted}, found {found}{hint}.',
  'error.an-operator': 'an operator',
  'error.an-expression': 'an expression',
  'error.a-name': 'a name',
  'error.a-number': 'a number',
  'error.end-of-input': 'end of input',
  'error.end-of-line': 'end of line',
  'error.double-script': 'Double {which}: use braces, as in {example}.',
  'error.superscript': 'superscript',
  'error.subscript': 'subscript',
  'hint.derivative': '; a derivative is written {frac} or {slash}',
  'hint.cdot': '; write \\cdot to multiply by a number',
  'hint.nabla': '; write \\nabla_w L for the derivative of L with respect to w',
  'hint.braces': '; write {braced} for a {which} of several characters',

  // Diagnoses of refuted claims (SPEC §14).
  'diagnosis.wrong-rule': 'uses {rule}, a misremembered rule: {right}',
  'diagnosis.missing-factor': 'missing the factor {factor}',
  'diagnosis.extra-factor': 'an extra factor {factor}',
  'diagnosis.wrong-name.wrt': 'this is {right}; the claim is about {wrt}',
  'diagnosis.wrong-name.of': 'this is {right}; the claim is about {of}',
  'diagnosis.wrong-name.swap': 'right with {written} in place of {meant}',
  'diagnosis.carried': 'correct given your {claimed} on line {line}',
  'diagnosis.rounding': 'the document\'s own rounded numbers give {recomputed}: the method is right, the digits are not',
  'diagnosis.rounding.truncated': 'the true value {value} truncated instead of rounded',
  'diagnosis.sign': 'the sign is wrong',
  'diagnosis.sign.term': 'the sign of the term {term} is wrong',
  'diagnosis.constant-factor': 'off by a constant factor: the true value is {factor} times the claim',
  'diagnosis.order-of-magnitude': 'right digits, wrong power of ten: the true value is {value}',
  'diagnosis.additive-constant': 'off by a constant: the true value is the claim plus {constant}',
  'diagnosis.transposed': 'this is the transpose of the true matrix',
} as const;

export type MessageKey = keyof typeof EN;

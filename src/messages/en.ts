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
  'claims.summary': '{total} {total|claim|claims}: {verified} verified, {refuted} refuted, {unchecked} unchecked',
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
  'list.two': '{first} and {second}',
  'list.more': '{init}, and {last}',

  // The chain-rule report (`nabla run`).
  'report.gradients': 'Gradients',
  'report.gradients-after': 'Gradients (after {steps} {steps|step|steps})',
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
} as const;

export type MessageKey = keyof typeof EN;

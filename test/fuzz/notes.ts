/**
 * Generated notes for the notes fuzz test (test/notes-fuzz.test.ts):
 * Markdown/LaTeX documents built from the pieces real notes are made of
 * (Korean and English prose, inline and display math, `align` with `&`,
 * `\\` and `\tag`, `cases`, `bmatrix`, fractions, partials, sums, layer
 * superscripts, hats, primes, `\leftarrow`, `:=`, numbers, `%` comments),
 * some of them cut short or with a stray delimiter, as drafts are.
 */
import fc from 'fast-check';

const NAMES = ['x', 'y_1', 'w_5', 'E', 'L', 'z^{(1)}_1', 'W^{(2)}_{11}', 'a^{(l)}_j', '\\hat{y}_1', '\\hat{y}', 'b', 'h', '\\eta', '\\delta_2', 's_2', 'x\'', '\\sigma', 'p'];
const NUMBERS = ['0', '1', '2', '0.5', '-0.1171', '1.5', '0.7311', '3', '1e-3', '0.25'];
const FUNCTIONS = ['\\tanh', '\\sigma', '\\log', '\\exp', '\\sin', '\\tanh\'', '\\sigma\'', '\\operatorname{softmax}', '\\max'];
const PROSE = ['수업 노트를 다시 정리했다.', 'The gradient is', '틀린 곳이 있으면 찾아 준다:', 'so', '즉', 'where', '이다.', 'Note that', '(1)에 곱한다'];

/** A math atom: a name, a number, or a small construct of the textbooks. */
const atom: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NAMES), weight: 4 },
  { arbitrary: fc.constantFrom(...NUMBERS), weight: 4 },
  fc.constantFrom('\\frac{\\partial L}{\\partial w}', '\\partial E / \\partial w_5', '\\frac{\\partial a^{(1)}_1}{\\partial z^{(1)}_1}', '\\nabla_w L'),
  fc.constantFrom('\\sum_{j=1}^{n} z_j', '\\sum_{j=1}^{2} e^{z_j}', '\\sum_i w_i x_i', 'e^{z_1}', '{a^{(1)}_1}^2', '\\max\\{0, x\\}', '\\|v\\|'),
  fc.constantFrom('\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}', '\\begin{cases} z & z > 0 \\\\ 0 & \\text{otherwise} \\end{cases}'),
);

/** An expression of a few atoms joined the ways notes join them. */
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('e'), fc.constantFrom(' + ', ' - ', ' \\cdot ', ' \\times ', ' ', '/'), tie('e')).map(([a, op, b]) => `${a}${op}${b}`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `\\frac{${a}}{${b}}`),
    fc.tuple(fc.constantFrom(...FUNCTIONS), tie('e')).map(([f, a]) => `${f}(${a})`),
    tie('e').map((a) => `(${a})`),
    tie('e').map((a) => `{${a}}^2`),
  ),
})).e;

/** An equation, chain, definition or update as notes write them. */
const equation: fc.Arbitrary<string> = fc.oneof(
  fc.array(expression, { minLength: 2, maxLength: 4 }).map((sides) => sides.join(' = ')),
  fc.tuple(fc.constantFrom(...NAMES), expression).map(([n, e]) => `${n} := ${e}`),
  fc.tuple(fc.constantFrom(...NAMES), expression).map(([n, e]) => `${n} \\leftarrow ${n} - \\eta ${e}`),
  fc.tuple(fc.constantFrom(...FUNCTIONS), expression).map(([f, e]) => `${f}(z) = ${e}`),
  expression,
);

const alignRows = fc.array(fc.tuple(expression, expression, fc.option(fc.nat(9))), { minLength: 1, maxLength: 3 });

/** A math block in one of the forms notes use. */
const block: fc.Arbitrary<string> = fc.oneof(
  equation.map((e) => `$${e}$`),
  equation.map((e) => `$$${e}$$`),
  equation.map((e) => `\\[${e}\\]`),
  fc.tuple(equation, equation).map(([a, b]) => `$$${a}, \\quad ${b}$$`),
  fc.tuple(fc.constantFrom('align', 'align*'), alignRows).map(([env, rows]) =>
    [`\\begin{${env}}`, rows.map(([l, r, tag]) => `${l} &= ${r}${tag === null ? '' : ` \\tag{${tag}}`}`).join(' \\\\\n'), `\\end{${env}}`].join('\n')),
);

/** A line of notes: prose, math, a comment, or several in a row. */
const line: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROSE),
  block,
  fc.tuple(fc.constantFrom(...PROSE), block, fc.constantFrom(...PROSE)).map((parts) => parts.join(' ')),
  equation.map((e) => `% ${e}`),
  fc.constantFrom('# 역전파', '## Backward pass', '', '    npx nabla check notes.md'),
);

/**
 * Notes with a forward pass: values given, definitions over them, then
 * claims about them, so that the checker reaches its verdicts (not only
 * its reasons for leaving a claim unchecked).
 */
const worked: fc.Arbitrary<string> = fc.tuple(
  fc.array(fc.tuple(fc.constantFrom(...NAMES.slice(0, 12)), fc.constantFrom(...NUMBERS)), { minLength: 1, maxLength: 5 }),
  fc.array(fc.tuple(fc.constantFrom('h', 'E', 'L', 'p', '\\hat{y}_1'), expression), { minLength: 1, maxLength: 3 }),
  fc.array(line, { minLength: 1, maxLength: 5 }),
).map(([values, definitions, rest]) => [
  `주어진 값: ${values.map(([n, v]) => `$${n} = ${v}$`).join(', ')}.`,
  ...definitions.map(([n, e]) => `$$${n} = ${e}$$`),
  ...rest,
].join('\n\n'));

/** Whole notes, sometimes cut short or with a stray delimiter, as drafts are. */
export const documents: fc.Arbitrary<string> = fc.tuple(
  fc.oneof(fc.array(line, { minLength: 1, maxLength: 8 }), worked.map((doc) => [doc])),
  fc.option(fc.nat(400)),
  fc.option(fc.constantFrom('$', '$$', '\\[', '\\begin{align}', '}', '{', '\\end{cases}', '&', '\\\\', '^{(', '\\frac{')),
).map(([lines, cut, stray]) => {
  const whole = lines.join('\n\n') + (stray ?? '');
  return cut === null ? whole : whole.slice(0, cut);
});

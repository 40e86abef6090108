/**
 * The fuzzing properties, shared by the bounded run inside `npm test`
 * (test/fuzz.test.ts) and the long run (`npm run fuzz`, test/fuzz/long-run.ts).
 *
 * Two families:
 * - garbage in: random bytes, random Unicode and random soups of the
 *   languages' own tokens go into every entry point that reads text
 *   (parseExpression, parseFile, parseLatex, parseLatexEquations, and
 *   checkClaims on a random Markdown document or formula file). The only
 *   exception allowed out is a NablaError whose span lies inside the text,
 *   and whose formatted message has no raw control character;
 * - valid in: random expressions (test/arbitrary.ts) through the whole
 *   pipeline — simplify, diff by every name, simplify, toText, toLatex,
 *   compile — where nothing may throw but an EvaluationError at
 *   evaluation, printing reads back, and the derivative agrees with finite
 *   differences (verdict `fail` is a bug; `inconclusive` is allowed).
 *
 * Each property is a function of fast-check parameters, so either runner
 * chooses the seed and the number of runs.
 */
import fc from 'fast-check';
import { formatError, NablaError } from '../../src/errors.ts';
import { parseExpression, parseFile } from '../../src/parse/parse.ts';
import { parseLatex, parseLatexEquations } from '../../src/parse/latex.ts';
import { checkClaims } from '../../src/claims/document.ts';
import { simplify } from '../../src/simplify/simplify.ts';
import { diff } from '../../src/diff/diff.ts';
import { toText } from '../../src/print/text.ts';
import { toLatex } from '../../src/print/latex.ts';
import { compile, EvaluationError } from '../../src/numeric/compile.ts';
import { checkDerivative } from '../../src/numeric/finite-difference.ts';
import { lookupFunction } from '../../src/functions.ts';
import type { Expr } from '../../src/expr/node.ts';
import { postOrder } from '../../src/expr/walk.ts';
import { arbExpr, NAMES } from '../arbitrary.ts';

// ---------------------------------------------------------------------------
// What may come out

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A failure of a property, with what to print. */
export class PropertyFailure extends Error {}

/** `err` is a NablaError pointing into `text`, with a clean rendering; anything else is rethrown as a failure. */
export function expectPositionedError(err: unknown, text: string, where: string): void {
  if (!(err instanceof NablaError)) {
    const what = err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err);
    throw new PropertyFailure(`${where} threw something other than a NablaError: ${what}`);
  }
  expectSpanIn(err, text, where);
}

/** The error's span is a real position in `text`: line ≥ 1, column ≥ 1, at most one past the end of its line. */
export function expectSpanIn(err: NablaError, text: string, where: string): void {
  const span = err.span;
  if (span === undefined) throw new PropertyFailure(`${where}: "${err.message}" has no position`);
  const lines = text.split('\n');
  const line = lines[span.line - 1];
  if (span.line < 1 || line === undefined) throw new PropertyFailure(`${where}: line ${span.line} of "${err.message}" is outside the text (${lines.length} lines)`);
  if (span.column < 1 || span.column > line.length + 1) {
    throw new PropertyFailure(`${where}: column ${span.column} of "${err.message}" is outside line ${span.line} (${line.length} characters)`);
  }
  if (span.offset < 0 || span.offset > text.length) throw new PropertyFailure(`${where}: offset ${span.offset} is outside the text`);
  const shown = formatError(err.source === undefined ? err.withSource(text) : err);
  if (RAW_CONTROL.test(shown)) throw new PropertyFailure(`${where}: the formatted error echoes a raw control character: ${JSON.stringify(shown)}`);
}

/** Run `f`; only a positioned NablaError may escape it. */
function onlyPositioned(text: string, where: string, f: () => void): void {
  try {
    f();
  } catch (err) {
    if (err instanceof PropertyFailure) throw err;
    expectPositionedError(err, text, where);
  }
}

// ---------------------------------------------------------------------------
// Garbage

/** Random bytes read as UTF-8 (so invalid sequences become U+FFFD) or as Latin-1. */
export const arbBytes: fc.Arbitrary<string> = fc.tuple(fc.uint8Array({ maxLength: 120 }), fc.boolean())
  .map(([bytes, utf8]) => Buffer.from(bytes).toString(utf8 ? 'utf8' : 'latin1'));

/** Random Unicode: controls, surrogate halves, format characters, astral letters. */
export const arbUnicode: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.array(fc.constantFrom('\u0000', '\u001b[2J', '\u202e', '\u200b', '\ufeff', '\u2028', '\r', '\r\n', '\t', '\ud800', '\udc00', '\u{1d465}', '−', '·', '²', 'γ', 'π', 'x', '1', '('), { maxLength: 20 }).map((xs) => xs.join('')),
);

/** Pieces of the ASCII formula language, to make text that is nearly valid. */
const ASCII_TOKENS = [
  'x', 'y', 'w_5', 'out_h1', 'gamma', 'γ', 'E', 'e', 'pi', '2', '0.5', '1e-3', '1e999', '.5', '1.2.3', '2x', '2(',
  '+', '-', '−', '*', '·', '/', '^', '²', '(', ')', '[', ']', ',', '=', ';', ':', '..', '\n', ' ', '#c\n', "'",
  'sin(', 'exp(', 'log(', 'sqrt(', 'max(', 'min(', 'pow(', 'relu(', 'sigmoid(', 'foo(', 'd(', 'diff(', '∂', ')/d(',
  'derive ', ' wrt ', 'claim ', 'sum(', 'i=1..3', 'for ', '[[1, 2], [3, 4]]', 'x[1,1]', '@', '$', '\\', '\u0000', '\u001b',
];

/** Pieces of LaTeX as lecture notes write it, and a few it must refuse. */
const LATEX_TOKENS = [
  'x', 'y', 'w_5', 'w_{5}', 'out_{o1}', '2', '0.5', '+', '-', '=', '\\cdot', '\\times', '/', '^', '_', '{', '}', '(', ')',
  '[', ']', '\\{', '\\}', '|', ',', '.', ' ', '\\\\', '&', '\n', '\\frac', '\\dfrac', '\\frac{1}{2}', '\\sqrt', '\\sqrt[3]',
  '\\sin', '\\exp', '\\log', '\\sigma', '\\max', '\\operatorname{relu}', '\\left(', '\\right)', '\\left.', '\\right.',
  '\\partial', '\\frac{\\partial E}{\\partial w}', 'd', '\\sum_{i=1}^{3}', '\\begin{bmatrix}', '\\end{bmatrix}', '\\begin{aligned}',
  '\\end{aligned}', '\\text{so}', '\\quad', '\\Rightarrow', '\\dots', '\\gamma', 'γ', "'", '^+', '\\foo', '\\def', '\\href{x}',
  '\\includegraphics', '\\rule{9em}{9em}', '\\newcommand', '%', '$', '#', '~', '\u0000', '\u001b[1m',
];

const soup = (tokens: readonly string[], maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...tokens), { maxLength }).map((xs) => xs.join(''));

export const arbAsciiSoup = soup(ASCII_TOKENS, 30);
export const arbLatexSoup = soup(LATEX_TOKENS, 30);

/** Anything: bytes, Unicode, or a soup of either language. */
export const arbText: fc.Arbitrary<string> = fc.oneof(arbBytes, arbUnicode, arbAsciiSoup, arbLatexSoup);

/** A Markdown document: prose, code, and math of every delimiter, with soup inside. */
export const arbDocument: fc.Arbitrary<string> = fc.array(
  fc.oneof(
    fc.constantFrom('Some prose. ', '한국어 설명 ', '\n\n', '\n', '`code $x$`', '```\n$$x$$\n```\n', '\\$5 ', '# Title\n'),
    arbLatexSoup.map((t) => `$${t}$`),
    arbLatexSoup.map((t) => `$$${t}$$`),
    arbLatexSoup.map((t) => `\\[${t}\\]`),
    arbLatexSoup.map((t) => `\\begin{align}${t}\\end{align}`),
    fc.constantFrom('$$E = \\frac{1}{2}(y - o)^2$$', '$$\\frac{\\partial E}{\\partial o} = o - y$$', '$w_5 = 0.4$', '$', '$$', '\\begin{equation}'),
  ),
  { maxLength: 12 },
).map((parts) => parts.join(''));

// ---------------------------------------------------------------------------
// Garbage properties

/** Every text reader either reads the text or says where it went wrong. */
export const readersProperty = (arb: fc.Arbitrary<string>): fc.IPropertyWithHooks<[string]> => fc.property(arb, (text) => {
  onlyPositioned(text, 'parseExpression', () => parseExpression(text));
  onlyPositioned(text, 'parseLatex', () => parseLatex(text));
  onlyPositioned(text, 'parseFile', () => {
    for (const err of parseFile(text).errors) expectSpanIn(err, text, 'parseFile (an error value)');
  });
  onlyPositioned(text, 'parseLatexEquations', () => {
    for (const eq of parseLatexEquations(text)) if (eq.error) expectSpanIn(eq.error, text, 'parseLatexEquations (an error value)');
  });
});

/** Claims of a random document, or of the text as a formula file: positions inside the text. */
export const claimsProperty = (arb: fc.Arbitrary<string>, kind: 'document' | 'formula'): fc.IPropertyWithHooks<[string]> => fc.property(arb, (text) => {
  onlyPositioned(text, `checkClaims (${kind})`, () => {
    const report = checkClaims(text, { kind });
    const lines = text.split('\n');
    for (const c of report.claims) {
      if (c.line < 1 || c.line > lines.length || c.column < 1 || c.column > lines[c.line - 1]!.length + 1) {
        throw new PropertyFailure(`checkClaims (${kind}): claim at ${c.line}:${c.column} is outside the text`);
      }
    }
  });
});

// ---------------------------------------------------------------------------
// Valid expressions through the pipeline

/** True when a call of a function with kinks (relu, abs, max, …) sits exactly on one at the point (as report/model.ts decides). */
function atKink(e: Expr, names: readonly string[], point: readonly number[]): boolean {
  for (const node of postOrder(e)) {
    if (node.kind !== 'call') continue;
    const row = lookupFunction(node.fn);
    if (row?.kink === undefined) continue;
    try {
      const args = compile(node.args, names)(point);
      if (row.kink([...args])) return true;
    } catch {
      // An argument without a finite value: no kink to speak of.
    }
  }
  return false;
}

/**
 * Points in [-3, 3]: any double, with nonzero magnitudes below 1e-5 read as
 * 0, and points just off the integers and halves, where kinks and poles of
 * small expressions sit. Finite differences step about 6e-6·max(1, |x|), so
 * they cannot see structure at a smaller scale: with w1 = 0 and
 * out_h1 = 1e-30, -out_h1*w1/(out_h1 + w1) has slope -1 at w1 = 0 and slope
 * 0 a step away, and a ten-minute run found such points (and subnormal
 * products, where the analytic value itself loses its bits).
 */
export const arbPoint: fc.Arbitrary<number[]> = fc.array(
  fc.oneof(
    fc.double({ min: -3, max: 3, noNaN: true }).map((v) => (Math.abs(v) < 1e-5 ? 0 : v)),
    fc.integer({ min: -300, max: 300 }).map((k) => k / 100 + 0.001234567),
  ),
  { minLength: NAMES.length, maxLength: NAMES.length },
);

/** Counts of what the pipeline property saw, for the summary. */
export interface PipelineStats {
  cases: number;
  derivatives: number;
  pass: number;
  inconclusive: number;
  evaluationErrors: number;
}

export const newStats = (): PipelineStats => ({ cases: 0, derivatives: 0, pass: 0, inconclusive: 0, evaluationErrors: 0 });

/** Evaluate, turning an EvaluationError (a value that is not finite) into undefined. */
function valueOrUndefined(f: () => number, stats: PipelineStats): number | undefined {
  try {
    return f();
  } catch (err) {
    if (err instanceof EvaluationError) {
      stats.evaluationErrors++;
      return undefined;
    }
    throw err;
  }
}

/**
 * simplify, diff by every name, simplify, print both ways, read the text
 * back, compile and compare the derivative with finite differences.
 */
export const pipelineProperty = (stats: PipelineStats): fc.IPropertyWithHooks<[Expr, number[]]> => fc.property(arbExpr, arbPoint, (e, point) => {
  stats.cases++;
  const names = [...NAMES];
  const s = simplify(e);
  for (const x of [e, s]) {
    const text = toText(x);
    toLatex(x);
    const back = parseExpression(text);
    if (back !== x) throw new PropertyFailure(`toText does not read back: ${text} → ${toText(back)}`);
  }
  const f = compile([s], names);
  const fx = valueOrUndefined(() => f(point)[0]!, stats);
  names.forEach((name, i) => {
    const d = simplify(diff(s, name));
    toText(d);
    toLatex(d);
    if (fx === undefined) return;
    const g = compile([d], names);
    const analytic = valueOrUndefined(() => g(point)[0]!, stats);
    if (analytic === undefined) return;
    stats.derivatives++;
    const along = (t: number): number => {
      const p = point.slice();
      p[i] = t;
      return f(p)[0]!;
    };
    // At a kink the convention value is used, as the report does: it passes `kink`.
    const check = checkDerivative(along, point[i]!, analytic, { kink: atKink(s, names, point) });
    if (check.verdict === 'fail') {
      throw new PropertyFailure(`d/d${name} of ${toText(s)} at ${names.map((n, j) => `${n}=${point[j]}`).join(', ')}: `
        + `analytic ${analytic}, finite differences ${check.fd} (tolerance ${check.tolerance}): ${toText(d)}`);
    }
    if (check.verdict === 'pass') stats.pass++;
    else stats.inconclusive++;
  });
});

// ---------------------------------------------------------------------------
// The catalogue, for both runners

export interface NamedProperty {
  readonly name: string;
  /** Relative cost of one run, for sharing a time budget. */
  readonly weight: number;
  readonly property: () => fc.IRawProperty<unknown[]>;
}

export function properties(stats: PipelineStats): NamedProperty[] {
  return [
    { name: 'bytes and Unicode into the readers', weight: 1, property: () => readersProperty(fc.oneof(arbBytes, arbUnicode)) as fc.IRawProperty<unknown[]> },
    { name: 'ASCII token soup into the readers', weight: 1, property: () => readersProperty(arbAsciiSoup) as fc.IRawProperty<unknown[]> },
    { name: 'LaTeX token soup into the readers', weight: 1, property: () => readersProperty(arbLatexSoup) as fc.IRawProperty<unknown[]> },
    { name: 'checkClaims on a random Markdown document', weight: 2, property: () => claimsProperty(arbDocument, 'document') as fc.IRawProperty<unknown[]> },
    { name: 'checkClaims on a random formula file', weight: 2, property: () => claimsProperty(fc.oneof(arbAsciiSoup, arbText), 'formula') as fc.IRawProperty<unknown[]> },
    { name: 'valid expressions through the pipeline, derivatives against finite differences', weight: 4, property: () => pipelineProperty(stats) as fc.IRawProperty<unknown[]> },
  ];
}

/**
 * Bad input, row by row (SPEC §10; notes/reliability-anchors.md §2 and §3):
 * every row is one thing a user can type, the catalogue id it comes from,
 * and what nabla must answer — the exit status, where (line:column, with
 * the caret under that column) and what (a regular expression on the
 * message). Rows that are not errors (a look-alike read as meant, a peer
 * project's bug we must not have) give the expected output instead.
 *
 * Every answer is also checked for what must never happen: a stack trace,
 * an "internal error", or a raw control or direction-override character
 * echoed back to the terminal.
 *
 * Rows marked `child` run the real launcher (bin/nabla.js) as a process;
 * the others call `main()` with buffered streams, which is the same code
 * path minus process start-up. The table is an array of objects, not a
 * dictionary: a duplicated key cannot silently drop a case, and a test at
 * the end counts that every row ran.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { parseExpression } from '../src/parse/parse.ts';
import { evaluate } from '../src/numeric/compile.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'nabla.js');
const dir = mkdtempSync(join(tmpdir(), 'nabla-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Files the rows refer to as `@name`. */
const FILES: Readonly<Record<string, string>> = {
  'ok.nabla': 'x = 1\nE = x^2\n',
  'nul.nabla': 'x = 1\nE = x\u0000 + 1\n',
  'esc.nabla': 'x = 1\nE = x + \u001b]52;c;aGk=\u0007y\n',
  'crlf.nabla': 'x = 1\r\nE = x +\r\nderive E wrt x\r\n',
  'bom.nabla': '\ufeffx = 1\nE = x^2\nderive E wrt x\n',
  'two-errors.nabla': 'E = (x\ny = 2\nz = 3 +\n',
  'cycle.nabla': 'a = b + 1\nb = a * 2\nE = a\n',
  'cycle3.nabla': 'a = b\nb = c\nc = a + 1\nE = a\n',
  'dup.nabla': 'x = 1\nx = 2\nE = x^2\n',
  'dup-same.nabla': 'x = 1\nx = 1.0\nE = x^2\nderive E wrt x\n',
  'cut.nabla': 'y = x^2\nE = sin(y)\nx = 0.5\nderive E wrt y\n',
  'fn-name.nabla': 'sin = 3\nE = sin*2\n',
  'euler.nabla': 'e = 2\nE = e\n',
  'free.nabla': 'E = x^2 + q\nx = 1\n',
  'overflow.nabla': 'x = 1000\nE = exp(x)\nderive E wrt x\n',
  'log-negative.nabla': 'x = -1\nE = 2*log(x)\nderive E wrt x\n',
  'cube.nabla': 'E = x^3\nx = 0\nderive E wrt x\n',
  'open-dollars.md': '# Notes\n\n$$\nE = x^2\n\nLater: $x = 3$ and $x^2 = 9$\n',
  'open-bracket.md': 'Intro \\[ x = 2\n\n$$1 + 1 = 2$$\n',
  'open-align.tex': '\\begin{align}\nz &= 3 \\\\\n\nThen $w = 2$ and $w + 1 = 3$.\n',
  'mx-inner.nabla': 'W1 : 64x784\nx : 10\nE = sum(W1 @ x)\n',
  'mx-undeclared.nabla': 'x : 3\nh = sigmoid(W @ x)\nE = sum(h)\n',
  'mx-entrywise.nabla': 'W : 2x2\nx : 2\nh = sigmoid(W*x)\nE = sum(transpose(h))\n',
  'doc.md': '# Notes\n\n$$E = \\frac{1}{2}(y - o)^2$$\n\nA bad one: $\\frac{1}$ and a good one:\n\n$$\\frac{\\partial E}{\\partial o} = o - y$$\n',
  'hidden-math.md': 'Old: <!-- $1 + 1 = 3$ -->\nIt costs $5, and $x^2 = 4$ at $x = 2$.\n\n    $2 + 2 = 5$\n',
  'wide-sum.nabla': `x = 1\nE = ${Array.from({ length: 100_001 }, () => 'x').join(' + ')}\n`,
  'many-claims.nabla': `x = 2\n${Array.from({ length: 20_000 }, (_, i) => `claim x*${i % 9 + 1} = ${2 * (i % 9 + 1)}\n`).join('')}`,
};
for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
// A UTF-16 (little-endian) file with its byte-order mark, as Windows editors save "Unicode" text.
writeFileSync(join(dir, 'utf16.nabla'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x = 3\nE = x^2\nderive E wrt x\n', 'utf16le')]));
const file = (arg: string): string => (arg.startsWith('@') ? join(dir, arg.slice(1)) : arg);

interface Row {
  /** Catalogue id (reliability-anchors §2, P-n for §3's peer bugs) and a few words. */
  readonly id: string;
  readonly args: readonly string[];
  readonly status: 0 | 1 | 2;
  /** `line:column` of the error, or undefined for an error without a position. */
  readonly at?: string;
  /** On stderr (errors) or stdout (status 0 and 1, and `--json`). */
  readonly message: RegExp;
  /** Run as a child process. */
  readonly child?: boolean;
  /** Further checks of the outputs. */
  readonly also?: (r: Result) => void;
}

interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const value = (r: Result): number => Number(r.stdout.trim());
/** The derivative printed by `diff` equals `oracle` at a few points of x. */
const sameFunction = (oracle: string, names: readonly string[] = ['x']) => (r: Result): void => {
  const got = parseExpression(r.stdout.trim());
  const want = parseExpression(oracle);
  for (const x of [0.3, 0.7, 1.9, 4.2]) {
    const at = Object.fromEntries(names.map((n, i) => [n, x + 0.1 * i]));
    expect(evaluate(got, at)).toBeCloseTo(evaluate(want, at), 9);
  }
};

const ROWS: readonly Row[] = [
  // ---- Lexical (§2.1)
  { id: 'M-1 matrix product of sizes that differ (SPEC §12)', args: ['run', '@mx-inner.nabla'], status: 2, at: '3:9', message: /A 64x784 matrix times a vector of 10: the inner sizes differ/ },
  { id: 'M-2 an undeclared name in a matrix product', args: ['run', '@mx-undeclared.nabla'], status: 2, at: '2:13', message: /W is a scalar here .*declare it/, child: true },
  { id: 'M-3 entry-wise * where @ was meant', args: ['run', '@mx-entrywise.nabla'], status: 2, at: '3:13', message: /A 2x2 matrix times \(entry-wise\) a vector of 2: the shapes differ.*written @/ },
  { id: 'L-1 unknown character', args: ['diff', 'x $ y', '--wrt', 'x'], status: 2, at: '1:3', message: /Unexpected character "\$"\./, child: true },
  { id: 'L-1 dollar', args: ['diff', 'x + $y', '--wrt', 'x'], status: 2, at: '1:5', message: /Unexpected character "\$"/ },
  { id: 'L-1 tilde', args: ['eval', '~2'], status: 2, at: '1:1', message: /Unexpected character "~"/ },
  { id: 'L-4 NUL in an argument', args: ['diff', 'x\u0000+1', '--wrt', 'x'], status: 2, at: '1:2', message: /Unexpected character "\\u0000" \(U\+0000\)/ },
  { id: 'L-4 NUL in a file', args: ['run', '@nul.nabla'], status: 2, at: '2:6', message: /Unexpected character "\\u0000"/, child: true },
  { id: 'L-4 ESC sequence is shown escaped', args: ['diff', 'x\u001b[2J+1', '--wrt', 'x'], status: 2, at: '1:2', message: /Unexpected character "\\u001b" \(U\+001B\)/, child: true },
  { id: 'L-4 OSC 52 in a file', args: ['run', '@esc.nabla'], status: 2, at: '2:9', message: /\\u001b/ },
  { id: 'L-4 DEL', args: ['eval', '1\u007f+1'], status: 2, at: '1:2', message: /U\+007F/ },
  { id: 'L-2 U+2212 minus is a minus', args: ['diff', 'x \u2212 1', '--wrt', 'x'], status: 0, message: /^1\n$/, child: true },
  { id: 'L-2 U+22C5 and ² (Qalculate#54)', args: ['eval', '(x\u2212y)\u00b2 + 2\u22c5x\u22c51', '--at', 'x=3,y=1'], status: 0, message: /^10\n$/ },
  { id: 'L-2 × and ·', args: ['diff', '2\u00d73\u00b7x', '--wrt', 'x'], status: 0, message: /^6\n$/ },
  { id: 'L-3 zero-width space', args: ['diff', 'x\u200b + x', '--wrt', 'x'], status: 2, at: '1:2', message: /Unexpected character "\\u200b" \(U\+200B\)/ },
  { id: 'L-3 right-to-left override is escaped', args: ['diff', 'x\u202e+1', '--wrt', 'x'], status: 2, at: '1:2', message: /U\+202E/ },
  { id: 'L-5 astral letter', args: ['diff', '\u{1d465} + 1', '--wrt', 'x'], status: 2, at: '1:1', message: /U\+1D465/ },
  { id: 'L-6 1.1.1', args: ['eval', '1.1.1'], status: 2, at: '1:4', message: /Expected an operator or end of input, found "\.1"/ },
  { id: 'L-6 1e999', args: ['eval', '1e999'], status: 2, at: '1:1', message: /Number 1e999 is too large/ },
  { id: 'L-6 1e-400', args: ['eval', '1e-400*2'], status: 2, at: '1:1', message: /Number 1e-400 is too small/ },
  { id: 'L-7 CRLF lines count as lines', args: ['run', '@crlf.nabla'], status: 2, at: '2:8', message: /Expected an expression, found end of line/, child: true },
  { id: 'L-7 a byte-order mark is not text', args: ['run', '@bom.nabla', '--json'], status: 0, message: /"value": 2,/ },
  { id: 'L-8 a UTF-16 file is decoded by its byte-order mark', args: ['run', '@utf16.nabla', '--json'], status: 0, message: /"value": 6,/, child: true },

  // ---- Syntactic (§2.2)
  { id: 'S-1 empty input', args: ['diff', '', '--wrt', 'x'], status: 2, at: '1:1', message: /Expected an expression, found end of input/, child: true },
  { id: 'S-1 only spaces', args: ['eval', '   '], status: 2, at: '1:1', message: /Expected an expression, found end of input/ },
  { id: 'S-2 unclosed bracket names its opener', args: ['diff', '(x+1', '--wrt', 'x'], status: 2, at: '1:5', message: /Expected "\)" to close "\(" at 1:1, found end of input/, child: true },
  { id: 'S-2 stray closer', args: ['diff', 'x+1)', '--wrt', 'x'], status: 2, at: '1:4', message: /found "\)"/ },
  { id: 'S-2 unclosed, then the rest of the file still read', args: ['run', '@two-errors.nabla'], status: 2, at: '1:7', message: /Expected "\)" to close "\(" at 1:5[\s\S]*3:8: Expected an expression, found end of line/ },
  { id: 'S-3 a +', args: ['diff', 'a +', '--wrt', 'a'], status: 2, at: '1:4', message: /Expected an expression, found end of input/ },
  { id: 'S-3 2 +* 3', args: ['eval', '2 +* 3'], status: 2, at: '1:4', message: /Expected an expression, found "\*"/, child: true },
  { id: 'S-3 a / b /', args: ['diff', 'a / b /', '--wrt', 'a'], status: 2, at: '1:8', message: /Expected an expression/ },
  { id: 'S-3 lone minus', args: ['diff', '-', '--wrt', 'x'], status: 2, at: '1:2', message: /Expected an expression, found end of input/ },
  { id: 'S-3 lone caret', args: ['diff', '^', '--wrt', 'x'], status: 2, at: '1:1', message: /Expected an expression, found "\^"/ },
  { id: 'S-3 f() is no function', args: ['diff', 'f()', '--wrt', 'x'], status: 2, at: '1:1', message: /Unknown function "f"/ },
  { id: 'S-3 max(x,,y)', args: ['diff', 'max(x,,y)', '--wrt', 'x'], status: 2, at: '1:7', message: /Expected an expression, found ","/ },
  { id: 'S-3 two names side by side', args: ['diff', 'x y', '--wrt', 'x'], status: 2, at: '1:3', message: /write "\*" to multiply/ },
  { id: 'S-7 (2)(3)+4 is refused, not read as 2*(3+4) (mathjs#621)', args: ['eval', '(2)(3)+4'], status: 2, at: '1:4', message: /write "\*" to multiply/ },
  { id: 'M-8 sin()', args: ['diff', 'sin()', '--wrt', 'x'], status: 2, at: '1:1', message: /sin takes 1 argument, found 0/ },
  { id: 'M-8 max(x)', args: ['diff', 'max(x)', '--wrt', 'x'], status: 2, at: '1:1', message: /max takes at least 2 arguments, found 1/ },
  { id: 'S-3 --json error has line and column', args: ['diff', 'sin(x', '--wrt', 'x', '--json'], status: 2, message: /"line":1,"column":6/ },

  // ---- LaTeX (§2.3)
  { id: 'X-1 \\frac{1}', args: ['parse-latex', '\\frac{1}'], status: 2, at: '1:9', message: /Expected "\{" \(the denominator of \\frac\), found end of input/, child: true },
  { id: 'X-1 \\frac{2}{}', args: ['parse-latex', '\\frac{2}{}'], status: 2, at: '1:10', message: /Expected an expression, found "\}"/ },
  { id: 'X-1 \\sqrt{}', args: ['parse-latex', '\\sqrt{}'], status: 2, at: '1:7', message: /Expected an expression, found "\}"/ },
  { id: 'X-2 unknown macro by name', args: ['parse-latex', '\\foo x'], status: 2, at: '1:1', message: /Unknown command \\foo\./ },
  { id: 'X-2 \\dfrac is \\frac, not d·f·r·a·c (sympy#20317)', args: ['parse-latex', '-\\dfrac{n}{m}'], status: 0, message: /^-n\/m\n$/ },
  { id: 'X-2 \\mathbb', args: ['parse-latex', '\\mathbb{R}'], status: 2, at: '1:1', message: /\\mathbb is not supported/ },
  { id: 'X-2 \\operatorname{sinc}', args: ['parse-latex', '\\operatorname{sinc}(x)'], status: 2, at: '1:1', message: /Unknown function \\operatorname\{sinc\}/ },
  { id: 'X-3 \\def', args: ['parse-latex', '\\def\\x{1} x'], status: 2, at: '1:1', message: /\\def is not allowed in formulas/, child: true },
  { id: 'X-3 \\newcommand', args: ['parse-latex', '\\newcommand{\\x}{1}'], status: 2, at: '1:1', message: /\\newcommand is not allowed/ },
  { id: 'X-4 \\href', args: ['parse-latex', '\\href{javascript:alert(1)}{x}'], status: 2, at: '1:1', message: /\\href is not allowed/, child: true },
  { id: 'X-4 \\includegraphics', args: ['diff', '\\includegraphics{x" onerror=alert(1)}', '--wrt', 'x'], status: 2, at: '1:1', message: /\\includegraphics is not allowed/ },
  { id: 'X-5 \\rule', args: ['parse-latex', '\\rule{999em}{999em}'], status: 2, at: '1:1', message: /\\rule is not allowed/ },
  { id: 'X-8 double superscript', args: ['parse-latex', 'x^2^3'], status: 2, at: '1:4', message: /Double superscript/ },
  { id: 'X-7 unclosed \\left(', args: ['parse-latex', '\\left( x'], status: 2, at: '1:9', message: /to close "\\left\(" at 1:1/ },
  { id: 'S-2 LaTeX unclosed brace', args: ['parse-latex', '{'], status: 2, at: '1:2', message: /Expected "\}" to close "\{" at 1:1/ },
  { id: 'S-3 \\cdot \\cdot', args: ['parse-latex', 'a \\cdot \\cdot b'], status: 2, at: '1:9', message: /Expected an expression, found "\\cdot"/ },
  { id: 'X-9 \\frac{d}{dx}(x)+1 is 1 + 1 (compute-engine#336)', args: ['eval', '\\frac{d}{dx}(x)+1'], status: 0, message: /^2\n$/ },
  { id: 'X-11 a bad equation in a document is unchecked, the others checked', args: ['check', '@doc.md'], status: 0, message: /5:13 +unchecked[\s\S]*Expected "\{" \(the denominator of \\frac\)[\s\S]*7:3 +verified/, child: true },
  { id: 'X-12 an unclosed $$ is unchecked at its opener, the rest still checked', args: ['check', '@open-dollars.md'], status: 0, message: /^3:1 +unchecked +\$\$\n +Expected "\$\$" to close "\$\$", found the end of the document\.\n[\s\S]*6:21 +verified +x\^2 = 9[\s\S]*2 claims: 1 verified, 0 refuted, 1 unchecked/, child: true },
  {
    id: 'X-12 an unclosed \\[', args: ['check', '@open-bracket.md', '--json'], status: 0, message: /"status": "verified"/,
    also: (r) => expect((JSON.parse(r.stdout) as { claims: unknown[] }).claims[0]).toEqual({
      line: 1, column: 7, text: '\\[ x = 2', status: 'unchecked', reason: 'Expected "\\]" to close "\\[", found the end of the document.',
    }),
  },
  { id: 'X-13 math in an HTML comment, a price ($5) and an indented code block are no claims', args: ['check', '@hidden-math.md'], status: 0, message: /^2:19 +verified +x\^2 = 4\n[\s\S]*\n1 claims: 1 verified, 0 refuted, 0 unchecked\n$/ },
  { id: 'X-12 an unclosed align environment', args: ['check', '@open-align.tex'], status: 0, message: /^1:1 +unchecked +\\begin\{align\}\n +Expected "\\end\{align\}" to close "\\begin\{align\}", found the\n +end of the document\.[\s\S]*4:19 +verified/ },

  // ---- Generated code (§8)
  { id: 'C-1 codegen --name Math would shadow the JavaScript module\'s Math', args: ['codegen', '@ok.nabla', '--lang', 'js', '--name', 'Math'], status: 2, at: '1:1', message: /^--name:1:1: "Math" cannot name the generated function: the JavaScript module uses the built-in Math; choose another name\./, child: true },
  { id: 'C-1 codegen --name JSON in TypeScript', args: ['codegen', '@ok.nabla', '--lang', 'ts', '--name', 'JSON'], status: 2, at: '1:1', message: /the TypeScript module uses the built-in JSON/ },
  { id: 'C-1 codegen --name print would shadow the Python example\'s print', args: ['codegen', '@ok.nabla', '--lang', 'python', '--name', 'print'], status: 2, at: '1:1', message: /^--name:1:1: "print" cannot name the generated function: the Python module uses the built-in print; choose another name\./ },
  { id: 'C-1 codegen --name float in Python', args: ['codegen', '@ok.nabla', '--lang', 'python', '--name', 'float'], status: 2, at: '1:1', message: /the Python module uses the built-in float/ },
  { id: 'C-1 codegen --name a reserved word points at the option', args: ['codegen', '@ok.nabla', '--lang', 'js', '--name', 'class'], status: 2, at: '1:1', message: /^--name:1:1: "class" cannot name the generated function: use a plain identifier\./ },

  // ---- Semantic (§2.4)
  { id: 'M-2 a cycle names its lines', args: ['run', '@cycle.nabla'], status: 2, at: '1:1', message: /Cycle in the definitions: a → b → a \(lines 1, 2\)/, child: true },
  { id: 'M-2 a three-cycle names every member', args: ['run', '@cycle3.nabla'], status: 2, at: '1:1', message: /a → b → c → a \(lines 1, 2, 3\)/ },
  { id: 'M-3 conflicting definitions', args: ['run', '@dup.nabla'], status: 2, at: '2:1', message: /"x" is defined twice with different right-hand sides \(line 1 and line 2\)/, child: true },
  { id: 'M-3 an identical repeat is fine', args: ['run', '@dup-same.nabla', '--json'], status: 0, message: /"value": 2,/ },
  {
    id: 'M-4 d/d of a defined name is the cut derivative (SPEC §3)', args: ['run', '@cut.nabla', '--json'], status: 0, message: /"expr": "cos\(y\)"/, child: true,
    also: (r) => {
      const json = JSON.parse(r.stdout) as { gradients: { E: { y: { value: number; check: { verdict: string } } } } };
      expect(json.gradients.E.y.value).toBeCloseTo(Math.cos(0.25), 14);
      expect(json.gradients.E.y.check.verdict).toBe('pass');
    },
  },
  { id: 'M-4 d with respect to a number', args: ['diff', 'd(x+1)/d(2)', '--wrt', 'x'], status: 2, at: '1:10', message: /Expected a name to differentiate with respect to, found "2"/ },
  { id: 'M-4 d with respect to pi', args: ['diff', 'd(x)/d(pi)', '--wrt', 'x'], status: 2, at: '1:8', message: /found the constant "pi"/ },
  { id: 'M-5 a function name defined', args: ['run', '@fn-name.nabla'], status: 2, at: '1:1', message: /sin is a function: choose another name[\s\S]*2:5: sin is a function: write sin\(…\)/ },
  { id: 'M-5 a function name as a variable', args: ['diff', 'sin + 1', '--wrt', 'x'], status: 2, at: '1:1', message: /sin is a function: write sin\(…\)/ },
  { id: 'M-5 --wrt a function name', args: ['diff', 'x', '--wrt', 'x,sin'], status: 2, at: '1:3', message: /Expected a name in --wrt: sin is a function, not a name/ },
  { id: 'X-10 --wrt e', args: ['diff', 'x', '--wrt', 'e'], status: 2, at: '1:1', message: /e is Euler's number, not a name/ },
  { id: 'X-10 defining e', args: ['run', '@euler.nabla'], status: 2, at: '1:1', message: /e is Euler's number: choose another name/ },
  { id: 'M-1 --wrt names something absent', args: ['run', '@ok.nabla', '--wrt', 'x,zz'], status: 2, at: '1:3', message: /"zz" does not appear in ok\.nabla/, child: true },
  { id: 'M-1 --at names something absent', args: ['run', '@ok.nabla', '--wrt', 'x', '--at', 'x=2,q=2'], status: 2, at: '1:5', message: /"q" does not appear in the file/ },
  { id: 'M-1 --at a formula, not an input', args: ['run', '@ok.nabla', '--wrt', 'x', '--at', 'E=2'], status: 2, at: '1:1', message: /"E" is defined by a formula, not an input/ },
  { id: 'M-1 --at value with a name', args: ['eval', 'x', '--at', 'x=y'], status: 2, at: '1:3', message: /must be a number, not a formula in y/ },
  { id: 'M-1 a free name without a value', args: ['run', '@free.nabla', '--wrt', 'x'], status: 2, at: '1:1', message: /"q" has no value: define it in the file or give --at q=…/ },
  { id: 'M-1 eval without a value', args: ['eval', 'x + y*2', '--at', 'x=1'], status: 2, at: '1:5', message: /"y" has no value: give --at y=…/ },

  // ---- Numeric (§2.5)
  { id: 'N-1 exp overflow', args: ['eval', '1 + exp(1000)'], status: 2, at: '1:5', message: /overflow in exp\(1000\)/, child: true },
  { id: 'N-1 overflow in a file names the line', args: ['run', '@overflow.nabla'], status: 2, at: '2:1', message: /overflow in exp\(x\)/ },
  { id: 'N-2 log of a negative', args: ['eval', '2*log(-1)'], status: 2, at: '1:3', message: /log of a negative number in log\(-1\)/ },
  { id: 'N-2 log of a negative in a file', args: ['run', '@log-negative.nabla'], status: 2, at: '2:1', message: /log of a negative number in log\(x\)/ },
  { id: 'N-2 sqrt of a negative', args: ['eval', '2 + sqrt(x) * 3', '--at', 'x=-4'], status: 2, at: '1:5', message: /a fractional power of a negative number in sqrt\(x\)/ },
  { id: 'N-2 (-8)^(1/3) is the real root', args: ['eval', '(-8)^(1/3)'], status: 0, message: /^-2\n$/ },
  { id: 'N-2 x^(1/3) at -8', args: ['eval', 'x^(1/3)', '--at', 'x=-8'], status: 0, message: /^-2\n$/ },
  { id: 'N-3 0/0 is not 0', args: ['eval', '0/0'], status: 2, at: '1:1', message: /division by zero/, child: true },
  { id: 'N-3 1/x at 0', args: ['eval', '1/x', '--at', 'x=0'], status: 2, at: '1:1', message: /division by zero in 1\/x/ },
  { id: 'N-5 --at x=1/0 points into the option', args: ['eval', 'x', '--at', 'x=1/0'], status: 2, at: '1:3', message: /^--at:1:3: division by zero in 0\^\(-1\) \(in the value of x\)\./, child: true },
  { id: 'N-5 --at log of a negative points at that value', args: ['eval', 'x + y', '--at', 'y=2,x=log(-1)'], status: 2, at: '1:7', message: /^--at:1:7: log of a negative number in log\(-1\) \(in the value of x\)\./ },
  { id: 'N-4 0^0 is 1 (JS and math.js convention)', args: ['eval', '0^0'], status: 0, message: /^1\n$/ },
  {
    id: 'N-4 d/dx x^3 at 0 is 0, not NaN (MetaPhysicL#49)', args: ['run', '@cube.nabla', '--json'], status: 0, message: /"expr": "3\*x\^2"/,
    also: (r) => expect((JSON.parse(r.stdout) as { gradients: { E: { x: { value: number } } } }).gradients.E.x.value).toBe(0),
  },
  { id: 'N-4 d/dx x^0 is 0 and d/dx x^1 is 1', args: ['diff', 'x^0 + x^1', '--wrt', 'x'], status: 0, message: /^1\n$/ },

  // ---- Limits of size and time (§2.6)
  { id: 'W-1 a sum over 100,000 terms is refused at the first term past the limit', args: ['run', '@wide-sum.nabla', '--max-seconds', '100'], status: 2, at: '2:400005', message: /This sum has more than 100000 terms \(100001\); split it into named parts\./ },
  { id: 'W-2 --max-seconds covers reading and checking', args: ['check', '@many-claims.nabla', '--max-seconds', '0.05', '--json'], status: 2, message: /"message":"Stopped (reading|reading the file|checking): it took longer than the limit of 0\.05 s/ },

  // ---- Peer bugs (§3), as regression tests
  { id: 'P-32 d/dx 0^(2^x + x^3 + 2) is 0, with no ln 0 or 0^(-1) (mathjs derivative tests)', args: ['diff', '0^(2^x + x^3 + 2)', '--wrt', 'x'], status: 0, message: /^0\n$/, child: true },
  { id: 'P-1 1 - -2x (mathjs#934)', args: ['diff', '1 - -2x', '--wrt', 'x'], status: 0, message: /^2\n$/, child: true },
  { id: 'P-1 -((-2)*x) - 1 and 1 - (-2)*x', args: ['diff', '-((-2)*x) - 1 + 1 - (-2)*x', '--wrt', 'x'], status: 0, message: /^4\n$/ },
  { id: 'P-2 -(x-y) simplified (mathjs#998)', args: ['latex', '-(x-y)'], status: 0, message: /^y - x\n$/ },
  { id: 'P-2 d/dy -(x-y)', args: ['diff', '-(x-y)', '--wrt', 'y'], status: 0, message: /^1\n$/ },
  { id: 'P-3 8 - 4n: a user n is no rule variable (mathjs#949)', args: ['diff', '8 - 4n', '--wrt', 'n'], status: 0, message: /^-4\n$/ },
  { id: 'P-3 8 - n and 8 - 4n1 terminate', args: ['diff', '8 - n + 8 - 4n1', '--wrt', 'n,n1'], status: 0, message: /^d\/dn: -1\nd\/dn1: -4\n$/ },
  { id: 'P-3 printed back unchanged', args: ['parse-latex', '8 - 4n'], status: 0, message: /^8 - 4\*n\n$/ },
  { id: 'P-4 c + (-1)(a+b) prints with its minus signs (sympy#13651)', args: ['latex', 'c+(-1)*(a+b)'], status: 0, message: /^c - a - b\n$/ },
  { id: 'P-5 -x^2 is -(x^2)', args: ['eval', '-x^2', '--at', 'x=3'], status: 0, message: /^-9\n$/ },
  { id: 'P-5 -2^2 is -4', args: ['eval', '-2^2'], status: 0, message: /^-4\n$/ },
  { id: 'P-10 3/4/5 is 3/20 (algebra-latex#12)', args: ['eval', '3/4/5'], status: 0, message: /^0\.15\n$/, also: (r) => expect(value(r)).toBe(0.15) },
  { id: 'P-10 \\frac{a}{\\frac{1}{b}} is a·b (sympy#21537)', args: ['parse-latex', '\\frac{a}{\\frac{1}{b}}'], status: 0, message: /^a\*b\n$/ },
  { id: 'P-12 (x^0.5 + x)^3 at 4 is 135 (nerdamer#590)', args: ['diff', '(x^(0.5)+x)^3', '--wrt', 'x'], status: 0, message: /sqrt\(x\)/, also: (r) => expect(evaluate(parseExpression(r.stdout), { x: 4 })).toBeCloseTo(135, 12) },
  { id: 'P-31 d/dx (x+2)/(x-3) is -5/(x-3)^2 (ncalc#42 expected the wrong sign)', args: ['diff', '(x+2)/(x-3)', '--wrt', 'x'], status: 0, message: /x/, also: sameFunction('-5/(x-3)^2') },
  { id: 'P-8 d/dt (-1/5)cos(t)^5 keeps 1/5 exact (sympy#9994)', args: ['diff', '(-1/5)*cos(t)^5', '--wrt', 't'], status: 0, message: /^cos\(t\)\^4\*sin\(t\)\n$/ },
  { id: 'P-24 -1·(x-1) prints as 1 - x (nerdamer#42)', args: ['latex', '-1*(x-1)'], status: 0, message: /^1 - x\n$/ },
  { id: 'P-26 x·(-9/10) has one minus (algebra.js#32)', args: ['latex', 'x*(-9/10)'], status: 0, message: /^-\\frac\{9x\}\{10\}\n$/ },
];

/** Run the CLI in this process with buffered streams. */
async function inProcess(args: readonly string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const status = await main(args.map(file), {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    color: false,
    stderrIsTTY: false,
  });
  return { status, stdout, stderr };
}

/** Run the real launcher as a child process. */
function childProcess(args: readonly string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args.map(file)], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    // A hang guard: a row takes seconds even on a loaded machine.
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

// C0 and C1 controls other than \n and \t, and the bidirectional overrides and isolates.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** The contract every answer keeps, error or not. */
function expectClean(r: Result): void {
  for (const stream of [r.stderr, r.stdout]) {
    expect(stream).not.toMatch(/\n\s+at /);
    expect(stream).not.toMatch(/internal error/);
    expect(stream).not.toMatch(RAW_CONTROL);
  }
}

/** An error's first line starts with `[file:]line:col: `, and the caret sits under that column. */
function expectPosition(r: Result, at: string): void {
  const [line, column] = at.split(':').map(Number) as [number, number];
  const text = r.stderr;
  const lines = text.split('\n');
  expect(lines[0], text).toMatch(new RegExp(`^(?:[^\\n]*:)?${line}:${column}: `));
  // The excerpt, then the caret line.
  expect(lines[2], text).toMatch(/^ +\^+$/);
  const excerpt = lines[1]!;
  if (!excerpt.includes('\\u') && !excerpt.startsWith('  …') && !/[\u{10000}-\u{10ffff}]/u.test(excerpt)) {
    expect(lines[2]!.indexOf('^') - 2, text).toBe(column - 1);
  }
}

let ran = 0;

describe('bad input: one row per catalogue entry', () => {
  for (const row of ROWS) {
    it.concurrent(`${row.id}${row.child ? ' [process]' : ''}`, async () => {
      const r = row.child ? await childProcess(row.args) : await inProcess(row.args);
      ran++;
      expectClean(r);
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(row.status);
      const json = row.args.includes('--json');
      const where = row.status === 2 && !json ? r.stderr : r.stdout;
      expect(where, `${r.stdout}${r.stderr}`).toMatch(row.message);
      if (row.status === 2 && !json) {
        expect(r.stdout).toBe('');
        if (row.at !== undefined) expectPosition(r, row.at);
      }
      if (json && row.status === 2) {
        const error = (JSON.parse(r.stdout) as { error: { message: string; line: number; column: number } }).error;
        expect(error.line).toBeGreaterThanOrEqual(1);
        expect(error.column).toBeGreaterThanOrEqual(1);
      }
      row.also?.(r);
    });
  }
});

describe('the table itself', () => {
  it('has at least 60 rows, a dozen of them real processes, every id once', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
    expect(ROWS.filter((r) => r.child).length).toBeGreaterThanOrEqual(12);
    expect(new Set(ROWS.map((r) => r.id)).size).toBe(ROWS.length);
    // Every error row but the JSON one names a position.
    expect(ROWS.filter((r) => r.status === 2 && r.at === undefined && !r.args.includes('--json'))).toEqual([]);
  });
});

afterAll(() => {
  // Non-vacuity: every row ran (a skipped or filtered run is not counted as a pass of the table).
  if (!process.argv.some((a) => a === '-t' || a.startsWith('--testNamePattern'))) expect(ran).toBe(ROWS.length);
});

/**
 * Zero false refutations (issue 12): `checkClaims` over every document in
 * samples/ and every notes document the claim tests build refutes only the
 * mistakes planted on purpose. Each planted mistake is listed below with why
 * it is wrong, from the mathematics (the oracle), not from nabla's output.
 *
 * The tests' documents are read from their sources with the TypeScript
 * parser: every string literal, template without substitutions, or array of
 * them joined, that holds math (`$`, `\[` or `\begin`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkClaims } from '../src/index.ts';

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** Planted mistakes in samples/: file, line, and why the claim is false. */
const SAMPLE_MISTAKES: readonly (readonly [string, number, string])[] = [
  ['conv-notes.md', 15, '∂E/∂net · ∂net/∂w11 is ∂E/∂w11 (net_ij holds w11 x_ij); ∂E/∂w12 needs ∂net/∂w12'],
  ['homework-with-mistakes.md', 28, 'E = ½Σ(y − out)², so ∂E/∂out_o2 = −(y_2 − out_o2): the sign is dropped'],
  ['homework-with-mistakes.md', 30, 'σ′ = σ(1 − σ), so ∂out/∂net = out(1 − out), not out'],
  ['homework-with-mistakes.md', 42, 'h feeds net_o1 through v_1 and net_o2 through v_2: the second path needs ∂E/∂net_o2, not ∂E/∂net_o1'],
  ['homework-with-mistakes.md', 58, 'd_2 enters only net_o2, so ∂E/∂d_2 = (out_o2 − y_2)·out_o2(1 − out_o2) = +0.1163, not −0.1163'],
  ['homework-with-mistakes.md', 62, '∂E/∂v_2 = ∂E/∂out_o2 · σ′(net_o2) · h: the factor out_o2(1 − out_o2) is missing'],
  ['homework-with-mistakes.md', 66, 'd/dout ½(y − out)² = out − y: the ½ is cancelled by the square\'s 2'],
  ['homework-with-mistakes.md', 72, '∂E/∂v_1 = δ_o1·h = −0.0479392 to those digits; −0.0479264 is −0.0793 × h'],
  ['homework-with-mistakes.md', 76, '∂E/∂c = ∂E/∂net_h = −0.05739, not −0.5739'],
  ['homework-with-mistakes.md', 80, 'tanh′ = 1 − tanh², so ∂E/∂c = ∂E/∂h (1 − h²)'],
  ['matrix-notes.md', 15, '∂E/∂W = δ xᵀ is a 2x2 matrix; without the transpose δ x is two column vectors side by side, no product at all'],
  ['softmax-notes.ko.md', 55, '∂z^(2)_1/∂W^(2)_12 = a^(1)_2: the factor a^(1)_2 is missing'],
  ['softmax-notes.ko.md', 65, '∂z^(1)_1/∂W^(1)_11 = x_1, not x_2'],
  ['softmax-notes.ko.md', 67, 'σ′(z) = σ(z)(1 − σ(z)): the sign is wrong'],
  ['softmax-notes.ko.md', 79, '0.3 − 0.1 × 0.1036 = 0.28964, not 0.3104'],
];

/** Planted mistakes in the tests' documents: test file, the claim, and why it is false. */
const TEST_MISTAKES: readonly (readonly [string, string, string])[] = [
  ['claim-meaning', 'a b = 2 \\cdot 4', 'a = 2 and b = 3, so ab = 6, not 8'],
  ['latex-notation', '\\partial E / \\partial w_6 = 2', 'E = w_5² + w_6, so ∂E/∂w_6 = 1'],
  ['latex-notation', '\\frac{\\partial L}{\\partial W^{(1)}_{11}} = a^{(1)}_1', 'W^(1)_11 multiplies a^(2)_1, a different name from a^(1)_1'],
  ['latex-notation', '\\frac{\\partial L}{\\partial y_1} = 2(\\hat{y}_1 - y_1)', 'd/dy (ŷ − y)² = −2(ŷ − y)'],
  ['latex-notation', '\\frac{\\partial E}{\\partial \\mathbf{W}} = W', 'E = W x, so ∂E/∂W = x'],
  ['latex-notation', "\\sigma'(z) = \\sigma(z)", 'σ′ = σ(1 − σ)'],
  ['latex-notation', "\\tanh'(z) = 1 + \\tanh(z)^2", 'tanh′ = 1 − tanh²'],
  ['latex-notation', '\\frac{\\partial L}{\\partial w_2} = x_1', 'L = Σ w_i x_i, so ∂L/∂w_2 = x_2'],
  ['latex-notation', '\\frac{\\partial S}{\\partial z_2} = \\frac{e^{z_1} e^{z_2}}{(e^{z_1} + e^{z_2} + e^{z_3})^2}', 'the quotient rule gives −e^{z_1}e^{z_2}/(Σe^{z_j})²: the sign is dropped'],
  ['latex-notation', 'a = 7', 'in Markdown % is text, so $a = 7$ is a claim, and a = 2'],
  ['latex-notation', "w' = w - \\eta w", 'L = w², so w − η∇L = w − 2ηw'],
  ['latex-notation', 'b = 7', 'a := 3 and b = 2a = 6'],
  ['latex-notation', '\\min\\{0, x\\} = 0', 'x = −1, so min{0, x} = −1'],
  ['notes', '\\frac{\\partial E}{\\partial w_{21}} = 4', 'E = Σ w_ij x_ij, so ∂E/∂w_21 = x_21 = 3'],
];

const TEST_FILES = ['claims', 'claim-meaning', 'latex-notation', 'notes', 'softmax-notes'];

/** The text of a string literal, or of an array of them joined, else undefined. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 'join') return undefined;
  const array = node.expression.expression;
  if (!ts.isArrayLiteralExpression(array)) return undefined;
  const parts = array.elements.map(literalText);
  const separator = node.arguments[0] === undefined ? ',' : literalText(node.arguments[0]);
  return separator !== undefined && parts.every((p) => p !== undefined) ? parts.join(separator) : undefined;
}

/** The notes documents a test file builds: the outermost literals that hold math. */
function documentsIn(testFile: string): string[] {
  const source = ts.createSourceFile(testFile, read(`test/${testFile}.test.ts`), ts.ScriptTarget.Latest, true);
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    const text = literalText(node);
    if (text !== undefined && /\$|\\\[|\\begin/.test(text)) found.add(text);
    else ts.forEachChild(node, visit);
  };
  visit(source);
  return [...found];
}

describe('zero false refutations', () => {
  it('refutes in samples/ only the planted mistakes', () => {
    const refuted = readdirSync(new URL('../samples/', import.meta.url)).filter((f) => /\.(md|nabla)$/.test(f)).sort().flatMap((file) =>
      checkClaims(read(`samples/${file}`), { fileName: file }).claims.filter((c) => c.status === 'refuted').map((c) => `${file}:${c.line}`));
    expect(refuted).toEqual(SAMPLE_MISTAKES.map(([file, line]) => `${file}:${line}`));
  });

  it.each(TEST_FILES.map((f) => [f]))('refutes in the documents of test/%s.test.ts only the planted mistakes', (testFile) => {
    const documents = documentsIn(testFile);
    const refuted = [...new Set(documents.flatMap((doc) =>
      checkClaims(doc, { kind: 'document' }).claims.filter((c) => c.status === 'refuted').map((c) => c.text)))];
    expect(refuted.sort()).toEqual(TEST_MISTAKES.filter(([f]) => f === testFile).map(([, claim]) => claim).sort());
  });

  it('reads documents from every test file it names (not vacuous)', () => {
    expect(TEST_FILES.filter((f) => f !== 'claims' && f !== 'softmax-notes').every((f) => documentsIn(f).length > 0)).toBe(true);
  });
});

/**
 * Correct claims at the edges of log, sqrt, division and fractional powers
 * (SPEC §14): random points outside a domain are skipped, values near a
 * removable singularity lose digits to cancellation, and none of that may
 * refute a true claim. "undecided" (unchecked) is allowed, refuted is not.
 */
const DOMAIN_EDGES: readonly string[] = [
  '$$\\sqrt{z}^2 - z = 0$$', '$$\\log(e^{z}) - z = 0$$', '$$e^{\\log(z)} - z = 0$$', '$$(z^{1/3})^3 - z = 0$$',
  '$$z^{1/2} z^{1/2} - z = 0$$', '$$\\log(x^2) = 2\\log(|x|)$$', '$$\\log(x y) = \\log(x) + \\log(y)$$',
  '$$\\frac{x^2 - 1}{x - 1} = x + 1$$', '$$\\sqrt{x^2} = |x|$$', '$$\\frac{\\sqrt{x}}{x} = \\frac{1}{\\sqrt{x}}$$',
  '$$x^{3/2} = x \\sqrt{x}$$', '$$\\frac{1}{x} x = 1$$', '$$\\log(1 + x) - \\log(x) = \\log\\left(\\frac{1 + x}{x}\\right)$$',
  '$$\\frac{d}{dx} \\sqrt{x} = \\frac{1}{2\\sqrt{x}}$$', '$$\\frac{d}{dx} \\log(x - 2) = \\frac{1}{x - 2}$$',
  '$$\\log(x - 50) \\cdot 2 = \\log((x - 50)^2)$$', '$$\\frac{x}{x - 1} = 1 + \\frac{1}{x - 1}$$',
  '$$\\frac{1}{\\sqrt{x - 3}} = (x - 3)^{-1/2}$$', '$$\\log(x^3) = 3 \\log(x)$$', '$$\\sqrt{x y} = \\sqrt{x} \\sqrt{y}$$',
  '$$\\frac{1 - \\cos(z)}{z^2} = \\frac{2 \\sin(z/2)^2}{z^2}$$', '$$\\log(x) - \\log(x - 1) = \\log\\left(\\frac{x}{x - 1}\\right)$$',
  '$$\\frac{\\sqrt{z} - 1}{z - 1} = \\frac{1}{\\sqrt{z} + 1}$$', '$$\\frac{\\sqrt{1 + z} - 1}{z} = \\frac{1}{\\sqrt{1 + z} + 1}$$',
  '$$\\frac{e^{z} - 1}{z} = \\frac{e^{z/2} (e^{z/2} - e^{-z/2})}{z}$$', '$$\\sqrt{x - 29} \\sqrt{x - 29} = x - 29$$',
  '$x = 0.000001$\n\n$$\\log(x^2) = 2\\log(x)$$', '$x = 1.0000001$\n\n$$\\frac{x^2 - 1}{x - 1} = x + 1$$',
  '$x = 0.00001$\n\n$$\\frac{1 - \\cos(x)}{x^2} = \\frac{2 \\sin(x/2)^2}{x^2}$$',
  '$x = 0.00001$\n\n$$\\frac{1 - \\cos(x)}{x^2} = 0.4999999999958333$$',
  '$x = 1.000001$\n\n$$\\frac{\\sqrt{x} - 1}{x - 1} = \\frac{1}{\\sqrt{x} + 1}$$',
  '$x = 3.0000001$\n\n$$\\frac{d}{dx} \\sqrt{x - 3} = \\frac{1}{2\\sqrt{x - 3}}$$',
  '$x = 0.999999$\n\n$$\\sqrt{1 - x^2}^2 = 1 - x^2$$',
  '$x = 0.0000001$\n\n$$\\frac{\\log(1 + x)}{x} = 1 - \\frac{x}{2} + \\frac{x^2}{3} - \\frac{x^3}{4} + \\frac{x^4}{5}$$',
];

describe('zero false refutations near domain edges', () => {
  it.each(DOMAIN_EDGES.map((d) => [d.replace(/\n/g, ' ')]))('%s is not refuted', (text) => {
    const claims = checkClaims(DOMAIN_EDGES.find((d) => d.replace(/\n/g, ' ') === text)!, { kind: 'document' }).claims;
    expect(claims.length).toBeGreaterThan(0);
    for (const c of claims) expect(c.status, `${c.reason ?? ''} ${JSON.stringify(c.counterexample ?? {})}`).not.toBe('refuted');
  });

  it('a claim with no point inside its domain is unchecked, "undecided", never guessed', () => {
    const [c] = checkClaims('$$\\log(-1 - x^2) \\cdot 2 = \\log((-1 - x^2)^2)$$', { kind: 'document' }).claims;
    expect(c!.status).toBe('unchecked');
    expect(c!.reason).toMatch(/^undecided/);
  });

  it('a domain beyond the usual sample regions is found: log(x − 50) is checked for x > 50', () => {
    const [right, wrong] = checkClaims('$$\\log(x - 50) \\cdot 2 = \\log((x - 50)^2)$$\n\n$$\\log(x - 50) = \\log(x) - \\log(50)$$', { kind: 'document' }).claims;
    expect(right!.status).toBe('verified');
    expect(wrong!.status).toBe('refuted');
    expect(wrong!.counterexample!.x).toBeGreaterThan(50);
  });

  it('a false claim near an edge is still refuted (the rounding bound is not a blanket)', () => {
    const c = checkClaims('$x = 0.00001$\n\n$$\\frac{1 - \\cos(x)}{x^2} = 0.4999$$', { kind: 'document' }).claims.at(-1);
    expect(c!.status).toBe('refuted');
  });
});

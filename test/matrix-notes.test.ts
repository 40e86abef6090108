/**
 * Matrix notation in notes (SPEC §12, issue #13): shapes from
 * `\in \mathbb{R}^{m \times n}`, juxtaposition and `\cdot` as the matrix
 * product where shapes chain, `^\top`/`^T`/`^{\mathsf{T}}`, `\odot`/`\circ`,
 * `\mathbf{}`/`\boldsymbol{}`, norms, softmax. Every verdict is against a
 * formula derived by hand (the textbook's backpropagation), and every wrong
 * variant must be refuted.
 */
import { describe, expect, it } from 'vitest';
import { checkClaims } from '../src/index.ts';

const verdicts = (text: string): { status: string; reason?: string; line: number; column: number }[] =>
  checkClaims(text, { kind: 'document' }).claims.map((c) => ({ status: c.status, reason: c.reason, line: c.line, column: c.column }));

const LAYER = [
  '$W \\in \\mathbb{R}^{2 \\times 2}$, $x \\in \\mathbb{R}^{2}$, $b \\in \\mathbb{R}^{2}$, $t \\in \\mathbb{R}^{2}$',
  '',
  '$$h = \\sigma(W x + b)$$',
  '',
  '$$E = \\frac{1}{2} \\lVert h - t \\rVert^2$$',
  '',
].join('\n');

describe('the issue\'s note', () => {
  it('verifies ∂E/∂W = ((h − t) ⊙ h ⊙ (1 − h)) xᵀ and refutes it without the transpose, naming both shapes', () => {
    const v = verdicts(`${LAYER}$$\\frac{\\partial E}{\\partial W} = ((h - t) \\odot h \\odot (1 - h)) x^\\top$$\n\n$$\\frac{\\partial E}{\\partial W} = ((h - t) \\odot h \\odot (1 - h)) x$$\n`);
    expect(v.map((c) => c.status)).toEqual(['verified', 'refuted']);
    expect(v[1]!.reason).toMatch(/a vector of 2 beside a vector of 2/);
    expect(v[1]!.reason).toMatch(/the left side is a 2x2 matrix/);
    expect(v[1]!.line).toBe(8);
  });

  it('reads \\frac{1}{2}\\sum, \\|v\\|, \\mathbf, \\boldsymbol, ^T, ^{\\mathsf{T}}, \\cdot and \\circ the same way', () => {
    const text = [
      '$\\mathbf{W} \\in \\mathbb{R}^{2 \\times 3}$ and $x \\in \\mathbb{R}^{3}$ and $t \\in \\mathbb{R}^{2}$',
      '$$h = \\tanh(\\mathbf{W} \\cdot \\boldsymbol{x})$$',
      '$$E = \\frac{1}{2} \\|h - t\\|^2$$',
      '$$\\frac{\\partial E}{\\partial W} = ((h - t) \\circ (1 - h \\circ h)) x^T$$',
      '$$\\frac{\\partial E}{\\partial x} = W^{\\mathsf{T}} ((h - t) \\odot (1 - h \\odot h))$$',
      '$$\\frac{\\partial E}{\\partial x} = W^T (h - t)$$',
      '$$\\frac{\\partial E}{\\partial W} = (h - t) x^\\top$$',
    ].join('\n');
    expect(verdicts(text).map((c) => c.status)).toEqual(['verified', 'verified', 'refuted', 'refuted']);
  });

  it('u^\\top v is the dot product, u v^\\top the outer product, and two vectors side by side are neither', () => {
    const text = [
      '$u \\in \\mathbb{R}^{3}$ and $v \\in \\mathbb{R}^{3}$',
      '$$s = u^\\top v$$',
      '$$M = u v^\\top$$',
      '$$\\frac{\\partial s}{\\partial u} = v$$',
      '$$\\frac{\\partial s}{\\partial u} = u$$',
      '$$g = u v$$',
    ].join('\n');
    const v = verdicts(text);
    expect(v.map((c) => c.status)).toEqual(['verified', 'refuted', 'unchecked']);
    expect(v[2]!.reason).toMatch(/a vector of 3 beside a vector of 3: two column vectors side by side are no product/);
    expect([v[2]!.line, v[2]!.column]).toEqual([6, 7]);
  });

  it('softmax with cross-entropy: ∂L/∂z = p − y for a one-hot y, and the s(1 − s) slip is refuted', () => {
    const text = [
      '$z \\in \\mathbb{R}^{3}$',
      '$$y = \\begin{bmatrix} 0 \\\\ 1 \\\\ 0 \\end{bmatrix}$$',
      '$$p = \\operatorname{softmax}(z)$$',
      '$$L = -y^\\top \\log(p)$$',
      '$$\\frac{\\partial L}{\\partial z} = p - y$$',
      '$$\\frac{\\partial L}{\\partial z} = p \\odot (1 - p) \\odot (p - y)$$',
    ].join('\n');
    expect(verdicts(text).map((c) => c.status)).toEqual(['verified', 'refuted']);
  });
});

describe('\\sum with no limits', () => {
  it('adds the entries of a vector: E = ½ Σ (h − t)² has the gradient of ½ ‖h − t‖²', () => {
    const text = LAYER.replace('\\frac{1}{2} \\lVert h - t \\rVert^2', '\\frac{1}{2} \\sum (h - t)^2');
    expect(text).toContain('\\sum (h - t)^2');
    const v = verdicts(`${text}$$\\frac{\\partial E}{\\partial b} = (h - t) \\odot h \\odot (1 - h)$$\n`);
    expect(v.map((c) => c.status)).toEqual(['verified']);
  });
});

describe('claim lines in a formula file of matrix algebra', () => {
  it('verifies the δ-form of backpropagation and refutes a missing transpose', () => {
    const file = [
      'x = [0.05, 0.10]', 't = [0.01, 0.99]', 'W1 = [[0.15, 0.20], [0.25, 0.30]]', 'W2 = [[0.40, 0.45], [0.50, 0.55]]',
      'h = sigmoid(W1 @ x + 0.35)', 'o = sigmoid(W2 @ h + 0.60)', 'E = 1/2*sum((o - t)^2)',
      'claim d(E)/d(W2) = ((o - t)*o*(1 - o)) @ transpose(h)',
      'claim d(E)/d(h) = transpose(W2) @ ((o - t)*o*(1 - o))',
      'claim d(E)/d(h) = W2 @ ((o - t)*o*(1 - o))',
      'claim d(E)/d(W2[1,1]) = 0.0821670406',
    ].join('\n');
    const r = checkClaims(file, { kind: 'formula' });
    expect(r.claims.map((c) => c.status)).toEqual(['verified', 'verified', 'refuted', 'verified']);
  });
});

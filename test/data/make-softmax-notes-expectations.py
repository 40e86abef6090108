#!/usr/bin/env python3
"""Generate test/data/softmax-notes-expectations.json: the verdict each claim
of samples/softmax-notes.ko.md must get, worked out by SymPy, independently
of nabla.

Run with a python that has SymPy:  python3 test/data/make-softmax-notes-expectations.py

The network of the notes is written out here in SymPy (2 inputs, 2 tanh
hidden units, a softmax over 2 outputs, cross-entropy against a one-hot
label), and each claim is stated again as two SymPy expressions. The verdict
follows SPEC section 5:

- `identity`: a claim in names the notes give no value (`z`): verified when
  the two sides are equal as functions, refuted otherwise;
- `at-values`: a claim whose names all have values in the notes: verified
  when the sides agree at those values (to 1e-9 relative), refuted otherwise;
- `rounded`: a side computed from numbers the notes round to their written
  digits: verified when the two sides agree within the uncertainty those
  digits carry (half a unit in the last digit of each rounded number,
  propagated through the side's derivative by that number), refuted otherwise;
- `number`: a bare number: verified when it agrees with the other side's
  value to half a unit in its last written digit.

Each entry names the claim by its two sides as written in the notes (LaTeX
with spaces as in the file), so the test can find it.
"""

import json
import os

import sympy as sp

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'softmax-notes-expectations.json')

x1, x2 = sp.Rational(1), sp.Rational(1, 2)
W1 = sp.Matrix([[sp.Rational(1, 10), sp.Rational(2, 10)], [sp.Rational(-3, 10), sp.Rational(4, 10)]])
b1 = [sp.Integer(0), sp.Rational(2, 10)]
W2 = sp.Matrix([[sp.Rational(5, 10), sp.Rational(-6, 10)], [sp.Rational(3, 10), sp.Rational(8, 10)]])
b2 = [sp.Integer(0), sp.Integer(0)]
y = [sp.Integer(1), sp.Integer(0)]
eta = sp.Rational(1, 10)

# Symbols for the quantities the claims differentiate by.
w2 = sp.Matrix(2, 2, lambda i, j: sp.Symbol(f'W2_{i + 1}{j + 1}'))
w1 = sp.Matrix(2, 2, lambda i, j: sp.Symbol(f'W1_{i + 1}{j + 1}'))
zs = sp.symbols('z2_1 z2_2')
a_s = sp.symbols('a1_1 a1_2')
bias2 = sp.symbols('b2_1 b2_2')
values = {**{w2[i, j]: W2[i, j] for i in range(2) for j in range(2)},
          **{w1[i, j]: W1[i, j] for i in range(2) for j in range(2)},
          bias2[0]: b2[0], bias2[1]: b2[1]}

z1 = [w1[j, 0] * x1 + w1[j, 1] * x2 + b1[j] for j in range(2)]
a1 = [sp.tanh(z) for z in z1]


def logits(a):
    return [w2[k, 0] * a[0] + w2[k, 1] * a[1] + bias2[k] for k in range(2)]


def softmax(z):
    total = sum(sp.exp(v) for v in z)
    return [sp.exp(v) / total for v in z]


def loss(p):
    return -sum(y[k] * sp.log(p[k]) for k in range(2))


z2 = logits(a1)
yhat = softmax(z2)
L = loss(yhat)
at = lambda e: sp.N(e.subs(values), 30)

# Derivatives by a node (SPEC section 3: the node's own definition cut).
dL_dz2 = [sp.diff(loss(softmax(list(zs))), zs[k]).subs({zs[0]: z2[0], zs[1]: z2[1]}) for k in range(2)]
dL_da1 = sp.diff(loss(softmax(logits(list(a_s)))), a_s[0]).subs({a_s[0]: a1[0], a_s[1]: a1[1]})
da1_dz1 = sp.diff(sp.tanh(sp.Symbol('u')), sp.Symbol('u')).subs(sp.Symbol('u'), z1[0])
dL_dW2 = lambda i, j: sp.diff(L, w2[i, j])
dL_dW1_11 = sp.diff(L, w1[0, 0])
dL_db2_1 = sp.diff(L, bias2[0])

z = sp.Symbol('z', real=True)
SAMPLE_POINTS = [sp.Rational(p) for p in ('-3.7', '-1.2', '-0.3', '0.4', '1.1', '2.9', '7.5')]
sigma = lambda u: 1 / (1 + sp.exp(-u))


def rounded_value(expr, literals):
    """The value of a side written with rounded numbers, and the uncertainty those digits carry."""
    symbols = [sp.Symbol(f'r{k}') for k in range(len(literals))]
    f = expr(*symbols)
    at_written = {s: sp.Rational(text) for s, (text, _) in zip(symbols, literals)}
    value = sp.N(f.subs(at_written), 30)
    spread = sum(abs(sp.N(sp.diff(f, s).subs(at_written), 30)) * sp.Rational(1, 2) * sp.Rational(10) ** -decimals
                 for s, (_, decimals) in zip(symbols, literals))
    return value, spread


def number(text):
    decimals = len(text.split('.')[1]) if '.' in text else 0
    return sp.Rational(text), sp.Rational(1, 2) * sp.Rational(10) ** -decimals


entries = []


def claim(lhs_text, rhs_text, kind, lhs, rhs, why):
    if kind == 'identity':
        # Symbolically when SymPy can; Max against Piecewise it cannot, so then at points of both signs.
        difference = lhs - rhs
        ok = sp.simplify(difference) == 0 or all(abs(sp.N(difference.subs(z, p))) < 1e-12 for p in SAMPLE_POINTS)
    elif kind == 'at-values':
        l, r = at(lhs), at(rhs)
        ok = abs(l - r) <= sp.Float('1e-9') * max(1, abs(l), abs(r))
    elif kind == 'rounded':
        value, spread = rhs
        l = at(lhs) if isinstance(lhs, sp.Expr) else lhs[0]
        spread_l = 0 if isinstance(lhs, sp.Expr) else lhs[1]
        ok = abs(l - value) <= (spread + spread_l) * (1 + sp.Float('1e-9')) + sp.Float('1e-12')
    elif kind == 'number':
        value, half = rhs
        l = at(lhs) if isinstance(lhs, sp.Expr) else lhs[0]
        ok = abs(l - value) <= half * (1 + sp.Float('1e-9'))
    else:
        raise ValueError(kind)
    entries.append({'lhs': lhs_text, 'rhs': rhs_text, 'status': 'verified' if ok else 'refuted', 'why': why})


# ## Numeric substitution
claim('z^{(1)}_1', '0.1 \\cdot 1.0 + 0.2 \\cdot 0.5 + 0', 'at-values', z1[0], sp.Rational(2, 10), 'the values put in')
claim('0.1 \\cdot 1.0 + 0.2 \\cdot 0.5 + 0', '0.2', 'number', (sp.Rational(2, 10), 0), number('0.2'), 'arithmetic')
claim('a^{(1)}_1', '\\tanh(0.2)', 'at-values', a1[0], sp.tanh(sp.Rational(2, 10)), 'the value put in')
claim('\\tanh(0.2)', '0.1974', 'number', sp.tanh(sp.Rational(2, 10)), number('0.1974'), 'rounded to 4 places')
claim('\\hat{y}_1', '0.4750', 'number', yhat[0], number('0.4750'), 'rounded to 4 places')
claim('\\hat{y}_2', '0.5250', 'number', yhat[1], number('0.5250'), 'rounded to 4 places')

# ## Backpropagation
claim('\\frac{\\partial L}{\\partial z^{(2)}_1}', '\\hat{y}_1 - y_1', 'at-values', dL_dz2[0], yhat[0] - y[0],
      'softmax + cross-entropy: p1 (y1 + y2) - y1, and the label is one-hot')
claim('\\frac{\\partial L}{\\partial z^{(2)}_2}', '\\hat{y}_2 - y_2', 'at-values', dL_dz2[1], yhat[1] - y[1],
      'softmax + cross-entropy: p2 (y1 + y2) - y2, and the label is one-hot')
claim('\\frac{\\partial L}{\\partial W^{(2)}_{11}}', '(\\hat{y}_1 - y_1) a^{(1)}_1', 'at-values', dL_dW2(0, 0), (yhat[0] - y[0]) * a1[0],
      'the error signal times the hidden output')
claim('(\\hat{y}_1 - y_1) a^{(1)}_1', '(0.4750 - 1) \\times 0.1974', 'rounded', (yhat[0] - y[0]) * a1[0],
      rounded_value(lambda p, a: (p - 1) * a, [('0.4750', 4), ('0.1974', 4)]), 'the rounded values put in')
claim('(0.4750 - 1) \\times 0.1974', '-0.1036', 'number',
      rounded_value(lambda p, a: (p - 1) * a, [('0.4750', 4), ('0.1974', 4)]), number('-0.1036'), 'arithmetic, rounded')
claim('\\frac{\\partial L}{\\partial W^{(2)}_{12}}', '\\hat{y}_1 - y_1', 'at-values', dL_dW2(0, 1), yhat[0] - y[0],
      'planted: the factor a^(1)_2 is missing')
claim('\\partial L / \\partial b^{(2)}_1', '\\hat{y}_1 - y_1', 'at-values', dL_db2_1, yhat[0] - y[0], 'a bias has no factor')
claim("\\tanh'(z)", '1 - \\tanh^2(z)', 'identity', sp.diff(sp.tanh(z), z), 1 - sp.tanh(z) ** 2, 'the tanh rule')
claim('\\frac{\\partial a^{(1)}_1}{\\partial z^{(1)}_1}', '1 - {a^{(1)}_1}^2', 'at-values', da1_dz1, 1 - a1[0] ** 2, 'the tanh rule')
claim('\\frac{\\partial L}{\\partial a^{(1)}_1}', '(\\hat{y}_1 - y_1) W^{(2)}_{11} + (\\hat{y}_2 - y_2) W^{(2)}_{21}', 'at-values',
      dL_da1, (yhat[0] - y[0]) * w2[0, 0] + (yhat[1] - y[1]) * w2[1, 0], 'two paths, one-hot label')
claim('\\frac{\\partial L}{\\partial W^{(1)}_{11}}', '\\frac{\\partial L}{\\partial a^{(1)}_1} (1 - {a^{(1)}_1}^2) x_2', 'at-values',
      dL_dW1_11, dL_da1 * (1 - a1[0] ** 2) * x2, 'planted: x_2 where x_1 belongs')
claim("\\sigma'(z)", '\\sigma(z)(1 + \\sigma(z))', 'identity', sp.diff(sigma(z), z), sigma(z) * (1 + sigma(z)),
      'planted: the sign in 1 - sigma')
claim('\\operatorname{relu}(z)', '\\max\\{0, z\\}', 'identity', sp.Max(0, z), sp.Max(0, z), 'the definition of relu')
claim('\\operatorname{relu}(z)', '\\begin{cases} z & z > 0 \\\\ 0 & \\text{otherwise} \\end{cases}', 'identity',
      sp.Max(0, z), sp.Piecewise((z, z > 0), (0, True)), 'relu as cases')

# ## Gradient descent
update = lambda i, j: w2[i, j] - eta * dL_dW2(i, j)
claim('W^{(2)}_{11} - \\eta \\frac{\\partial L}{\\partial W^{(2)}_{11}}', '0.5 - 0.1 \\times (-0.1036)', 'rounded', update(0, 0),
      rounded_value(lambda g: sp.Rational(1, 2) - sp.Rational(1, 10) * g, [('-0.1036', 4)]), 'the rounded gradient put in')
claim('0.5 - 0.1 \\times (-0.1036)', '0.5104', 'number',
      rounded_value(lambda g: sp.Rational(1, 2) - sp.Rational(1, 10) * g, [('-0.1036', 4)]), number('0.5104'), 'arithmetic, rounded')
claim('W^{(2)}_{21} - \\eta \\frac{\\partial L}{\\partial W^{(2)}_{21}}', '0.3 - 0.1 \\times 0.1036', 'rounded', update(1, 0),
      rounded_value(lambda g: sp.Rational(3, 10) - sp.Rational(1, 10) * g, [('0.1036', 4)]), 'the rounded gradient put in')
claim('0.3 - 0.1 \\times 0.1036', '0.3104', 'number',
      rounded_value(lambda g: sp.Rational(3, 10) - sp.Rational(1, 10) * g, [('0.1036', 4)]), number('0.3104'),
      'planted: 0.3 - 0.01036 is 0.28964')

with open(OUT, 'w', encoding='utf-8') as f:
    json.dump({'sample': 'samples/softmax-notes.ko.md', 'claims': entries}, f, ensure_ascii=False, indent=1)
    f.write('\n')
print(f'wrote {OUT}: {len(entries)} claims, {sum(e["status"] == "refuted" for e in entries)} refuted')

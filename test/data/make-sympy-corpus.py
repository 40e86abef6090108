#!/usr/bin/python3
"""Generate test/data/sympy-corpus.json: SymPy's derivatives of a corpus of formulas.

Run with Debian's python (SymPy 1.11):  /usr/bin/python3 test/data/make-sympy-corpus.py

Each entry is a formula in nabla's ASCII syntax (SPEC section 2), the name to
differentiate by, SymPy's plain `diff` of it as `str()` prints it (no
simplify: the output a SymPy user sees first), and SymPy's value of that
derivative at a few points, so that test/sympy-corpus.test.ts can use SymPy
as an independent oracle for both the length and the value of our result.

The formula is translated the way a SymPy user writes it: sigmoid(u) as
1/(1 + exp(-u)), relu(u) as Max(0, u), softplus(u) as log(1 + exp(u)),
abs as Abs, and the symbols are declared real (which only helps SymPy: Abs
and Max then differentiate to sign and Heaviside).

Deterministic: a fixed seed; running it twice gives the same file.
"""

import json
import os
import random
import re

import sympy
from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations

SEED = 20240611
POINTS_PER_ENTRY = 3
# Kink arguments (of Max, Abs) closer to 0 than this make a point unusable.
KINK_MARGIN = 1e-2
DIGITS = 30

rng = random.Random(SEED)

# ---------------------------------------------------------------------------
# Translation to SymPy


def _sigmoid(u):
    return 1 / (1 + sympy.exp(-u))


def _relu(u):
    return sympy.Max(0, u)


def _softplus(u):
    return sympy.log(1 + sympy.exp(u))


FUNCTIONS = {
    'sigmoid': _sigmoid,
    'relu': _relu,
    'softplus': _softplus,
    'exp': sympy.exp,
    'log': sympy.log,
    'sqrt': sympy.sqrt,
    'sin': sympy.sin,
    'cos': sympy.cos,
    'tan': sympy.tan,
    'tanh': sympy.tanh,
    'abs': sympy.Abs,
}

NAMES = ['x', 'y', 'z', 't', 'a', 'b', 'c', 'k', 'b1', 'b2', 'c1', 'c2', 't1', 't2',
         'x1', 'x2', 'x3', 'w', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'v1', 'v2']
SYMBOLS = {n: sympy.Symbol(n, real=True) for n in NAMES}


def to_sympy(text):
    local = dict(SYMBOLS)
    local.update(FUNCTIONS)
    return parse_expr(text, local_dict=local, global_dict={'Integer': sympy.Integer, 'Float': sympy.Float,
                                                            'Rational': sympy.Rational, 'Symbol': sympy.Symbol},
                      transformations=standard_transformations + (convert_xor,), evaluate=True)


# ---------------------------------------------------------------------------
# Backprop-shaped formulas


def affine(ws, xs, bias):
    return ' + '.join(f'{w}*{x}' for w, x in zip(ws, xs)) + (f' + {bias}' if bias else '')


def act(name, z, explicit=False):
    if name == 'sigmoid' and explicit:
        return f'1/(1 + exp(-({z})))'
    return f'{name}({z})'


def backprop_formulas():
    out = []
    acts = ['sigmoid', 'tanh', 'relu', 'softplus']
    # One neuron, squared error.
    for n_in in (1, 2, 3):
        xs = ['x1', 'x2', 'x3'][:n_in] if n_in > 1 else ['x']
        ws = ['w1', 'w2', 'w3'][:n_in] if n_in > 1 else ['w']
        for a in acts:
            z = affine(ws, xs, 'b')
            for wrt in (ws[0], 'b'):
                out.append((f'1/2*(t - {act(a, z)})^2', wrt))
    # Sigmoid spelled out, as lecture notes write it.
    for n_in in (1, 2):
        xs = ['x1', 'x2'][:n_in] if n_in > 1 else ['x']
        ws = ['w1', 'w2'][:n_in] if n_in > 1 else ['w']
        z = affine(ws, xs, 'b')
        for wrt in (ws[0], 'b', xs[0]):
            out.append((f'1/2*(t - {act("sigmoid", z, explicit=True)})^2', wrt))
    # Cross-entropy with a sigmoid output.
    for z, wrts in (('w*x + b', ('w', 'b')), ('w1*x1 + w2*x2 + b', ('w1', 'w2', 'b'))):
        for wrt in wrts:
            out.append((f'-(t*log(sigmoid({z})) + (1 - t)*log(1 - sigmoid({z})))', wrt))
        out.append((f'-(t*log({act("sigmoid", z, True)}) + (1 - t)*log(1 - {act("sigmoid", z, True)}))', wrts[0]))
    # Logistic loss as softplus, and its log(1 + exp) spelling.
    out.append(('softplus(-t*(w*x + b))', 'w'))
    out.append(('log(1 + exp(-t*(w1*x1 + w2*x2 + b)))', 'w2'))
    # Weight decay.
    out.append(('1/2*(t - sigmoid(w*x + b))^2 + k/2*w^2', 'w'))
    out.append(('(w1*x1 + w2*x2 + b - t)^2 + k*(w1^2 + w2^2)', 'w1'))
    # Two layers, two hidden units, one output (the seed network's shape).
    for a1 in acts:
        for a2 in ('sigmoid', 'tanh'):
            h1 = act(a1, 'w1*x1 + w2*x2 + b1')
            h2 = act(a1, 'w3*x1 + w4*x2 + b1')
            o = act(a2, f'w5*{h1} + w6*{h2} + b2')
            for wrt in ('w5', 'w1'):
                out.append((f'1/2*(t - {o})^2', wrt))
    # Two outputs sharing the hidden layer (d(E)/d(w1) has two paths).
    h1 = 'sigmoid(w1*x1 + w2*x2 + b1)'
    h2 = 'sigmoid(w3*x1 + w4*x2 + b1)'
    o1 = f'sigmoid(w5*{h1} + w6*{h2} + b2)'
    o2 = f'sigmoid(v1*{h1} + v2*{h2} + b2)'
    for wrt in ('w1', 'w5', 'b1', 'x2'):
        out.append((f'1/2*(t1 - {o1})^2 + 1/2*(t2 - {o2})^2', wrt))
    # Two stacked single-unit layers, various activations.
    for a1 in acts:
        for a2 in acts:
            if rng.random() < 0.5:
                continue
            inner = act(a1, 'w1*x + b1')
            outer = act(a2, f'w2*{inner} + b2')
            wrt = rng.choice(['w1', 'b1', 'w2', 'x'])
            out.append((f'1/2*(t - {outer})^2', wrt))
    # Cross-entropy through a hidden layer.
    for a1 in ('tanh', 'relu', 'sigmoid'):
        hidden = act(a1, 'w1*x + b1')
        z = f'w2*{hidden} + b2'
        out.append((f'-(t*log(sigmoid({z})) + (1 - t)*log(1 - sigmoid({z})))', 'w1'))
    return out


# ---------------------------------------------------------------------------
# Random formulas


UNARY = ['sin', 'cos', 'exp', 'log', 'sqrt', 'tanh', 'sigmoid', 'softplus', 'tan', 'abs']
RANDOM_VARS = ['x', 'y', 'a']


def rand_const():
    return rng.choice(['2', '3', '5', '1/2', '3/4', '0.5', '1.5', '7'])


def paren(text):
    """Brackets around a compound operand, none around a name, number or call."""
    return text if re.fullmatch(r'[A-Za-z0-9_.]+|[A-Za-z]+\(.*\)', text) and balanced_call(text) else f'({text})'


def balanced_call(text):
    """True when text is a leaf, or one call whose brackets close at the end."""
    if '(' not in text:
        return '/' not in text
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == '('
        depth -= ch == ')'
        if depth == 0 and ch == ')' and i != len(text) - 1:
            return False
    return True


def rand_expr(depth, wrt):
    if depth == 0:
        r = rng.random()
        if r < 0.6:
            return wrt
        if r < 0.8:
            return rng.choice([v for v in RANDOM_VARS if v != wrt])
        return rand_const()
    kind = rng.random()
    if kind < 0.3:
        f = rng.choice(UNARY)
        return f'{f}({rand_expr(depth - 1, wrt)})'
    if kind < 0.45:
        base = rand_expr(depth - 1, wrt)
        p = rng.choice(['2', '3', '-1', '-2', '1/2', '3/2', '4'])
        return f'{paren(base)}^{p if p.isdigit() else "(" + p + ")"}'
    op = rng.choice(['+', '-', '*', '*', '/'])
    left = rand_expr(depth - 1, wrt)
    right = rand_expr(rng.randint(0, depth - 1), wrt)
    if op == '*' and rng.random() < 0.3:
        return f'{rand_const()}*{paren(left)}*{paren(right)}'
    if op == '+':
        return f'{left} + {right}'
    if op == '-':
        return f'{left} - {paren(right)}'
    return f'{paren(left)}{op}{paren(right)}'


def polynomial(wrt):
    deg = rng.randint(2, 5)
    terms = []
    for p in range(deg, -1, -1):
        c = rng.randint(-9, 9)
        if c == 0:
            continue
        other = rng.choice(['', '', '*' + ('a' if wrt == 'y' else 'y'), '*a'])
        mono = wrt if p == 1 else f'{wrt}^{p}' if p > 1 else ''
        coef = str(abs(c)) if abs(c) != 1 or not mono else ''
        body = '*'.join(s for s in (coef, mono) if s) + (other if mono else '')
        terms.append((' - ' if c < 0 else ' + ') + body)
    s = ''.join(terms)
    s = s[3:] if s.startswith(' + ') else '-' + s[3:] if s.startswith(' - ') else s
    return s if s else wrt


def random_formulas(count):
    out = []
    shapes = ['poly-in', 'rational', 'composed', 'composed', 'composed', 'product']
    while len(out) < count:
        wrt = rng.choice(['x', 'x', 'y'])
        shape = rng.choice(shapes)
        if shape == 'poly-in':
            f = rng.choice(['sin', 'exp', 'tanh', 'sigmoid', 'log', 'sqrt', 'cos'])
            text = f'{f}({polynomial(wrt)})'
        elif shape == 'rational':
            text = f'({polynomial(wrt)})/({polynomial(wrt)})'
        elif shape == 'product':
            text = f'{rand_expr(2, wrt)} * {rand_expr(2, wrt)}'
        else:
            text = rand_expr(rng.randint(2, 4), wrt)
        if wrt not in tokens(text):
            continue
        out.append((text, wrt))
    return out


def tokens(text):
    return set(re.findall(r'[A-Za-z_][A-Za-z0-9_]*', text))


# ---------------------------------------------------------------------------
# Sample points


def kink_args(expr):
    args = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Max):
            a, b = node.args[0], node.args[1]
            args.append(a - b)
        elif isinstance(node, (sympy.Abs, sympy.sign, sympy.Heaviside)):
            args.append(node.args[0])
    return args


def real_value(expr, subs):
    v = sympy.N(expr.subs(subs), DIGITS)
    if not v.is_number or v.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return None
    re_v, im_v = v.as_real_imag()
    if abs(im_v) > 1e-25 * max(1, abs(re_v)):
        return None
    f = float(re_v)
    if f != f or abs(f) == float('inf') or abs(f) > 1e12:
        return None
    return f


def real_parts(expr):
    """Subexpressions that must be real at a point for it to be in nabla's real domain.

    Abs of a complex number is real, so f alone being real is not enough:
    abs(sin(x)^(3/2)) at sin(x) < 0 is real in SymPy and outside nabla's domain.
    """
    return [node for node in sympy.preorder_traversal(expr)
            if isinstance(node, (sympy.Pow, sympy.Function)) and not node.is_number]


def sample_points(f_expr, d_expr, names):
    kinks = kink_args(f_expr) + kink_args(d_expr)
    parts = list(dict.fromkeys(real_parts(f_expr)))
    points = []
    for _ in range(400):
        if len(points) == POINTS_PER_ENTRY:
            break
        point = {}
        for n in names:
            v = rng.uniform(0.3, 1.7)
            # Negative values where a formula allows them, for random formulas mostly.
            if rng.random() < 0.3:
                v = -v
            point[n] = round(v, 6)
        subs = {SYMBOLS[n]: sympy.Rational(str(v)) for n, v in point.items()}
        if any(real_value(sympy.Abs(k), subs) is None or real_value(sympy.Abs(k), subs) < KINK_MARGIN for k in kinks):
            continue
        if real_value(f_expr, subs) is None or any(real_value(p, subs) is None for p in parts):
            continue
        value = real_value(d_expr, subs)
        if value is None:
            continue
        points.append({'point': point, 'value': value})
    return points


# ---------------------------------------------------------------------------


def main():
    formulas = [(text, wrt, 'backprop') for text, wrt in backprop_formulas()]
    formulas += [(text, wrt, 'random') for text, wrt in random_formulas(90)]
    entries = []
    seen = set()
    for text, wrt, kind in formulas:
        if (text, wrt) in seen:
            continue
        seen.add((text, wrt))
        f_expr = to_sympy(text)
        d_expr = sympy.diff(f_expr, SYMBOLS[wrt])
        # Degenerate draws (`x - x`, a constant) say nothing about derivatives.
        if SYMBOLS[wrt] not in f_expr.free_symbols or d_expr == 0:
            continue
        names = sorted(str(s) for s in f_expr.free_symbols)
        points = sample_points(f_expr, d_expr, names)
        if len(points) < 2:
            continue
        entries.append({
            'kind': kind,
            'input': text,
            'wrt': wrt,
            'sympy': str(d_expr),
            'points': points,
        })
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'sympy-corpus.json')
    with open(path, 'w', encoding='utf-8') as fh:
        json.dump({
            'generator': 'test/data/make-sympy-corpus.py',
            'sympy': sympy.__version__,
            'seed': SEED,
            'entries': entries,
        }, fh, indent=2, ensure_ascii=False)
        fh.write('\n')
    kinds = [e['kind'] for e in entries]
    print(f'{len(entries)} entries ({kinds.count("backprop")} backprop-shaped, {kinds.count("random")} random) -> {path}')


if __name__ == '__main__':
    main()

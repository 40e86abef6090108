#!/usr/bin/env python3
"""Generate test/data/functions-corpus.json: SymPy's values and derivatives of the registry's newer functions.

Run with a python that has SymPy (1.14 here):  python3 test/data/make-functions-corpus.py

For every function of issue 20 (asin ... clip), written as a SymPy user writes
it (the activations by their PyTorch definitions: gelu(x) = x/2*(1 + erf(x/sqrt(2))),
elu and leaky_relu as their two branches, clip as Min(Max(x, lo), hi)), the file holds

- `values`: the function at many points, to 30 digits and rounded to a double,
  the reference for our `evaluate`;
- `derivatives`: formulas in nabla's ASCII syntax that call it (alone and
  composed), a name to differentiate by, SymPy's plain `diff` as `str()` prints
  it, and its value at points away from kinks and domain edges.

test/functions-more.test.ts compares our values and derivatives with these,
and the printed size of our derivative with SymPy's. Deterministic: a fixed seed.
"""

import json
import os
import random

import sympy
from sympy.parsing.sympy_parser import convert_xor, parse_expr, standard_transformations

SEED = 20261202
DIGITS = 30
VALUE_POINTS = 24
DERIVATIVE_POINTS = 3
# Points closer than this to a kink or a domain edge are not used.
MARGIN = 0.05

rng = random.Random(SEED)
NAMES = ['x', 'y', 'a', 'b', 'w', 'lo', 'hi']
SYMBOLS = {n: sympy.Symbol(n, real=True) for n in NAMES}
half = sympy.Rational(1, 2)


def piecewise(x, positive, other):
    return sympy.Piecewise((positive, x > 0), (other, True))


# name: (SymPy translation, arity, sampler of one argument tuple)
FUNCTIONS = {
    'asin': (sympy.asin, 1), 'acos': (sympy.acos, 1), 'atan': (sympy.atan, 1),
    'sinh': (sympy.sinh, 1), 'cosh': (sympy.cosh, 1), 'asinh': (sympy.asinh, 1),
    'acosh': (sympy.acosh, 1), 'atanh': (sympy.atanh, 1),
    'sec': (sympy.sec, 1), 'csc': (sympy.csc, 1), 'cot': (sympy.cot, 1),
    'atan2': (sympy.atan2, 2), 'log': (lambda x, b=None: sympy.log(x) if b is None else sympy.log(x, b), 2),
    'log2': (lambda x: sympy.log(x, 2), 1), 'log10': (lambda x: sympy.log(x, 10), 1),
    'cbrt': (lambda x: sympy.real_root(x, 3), 1), 'hypot': (lambda x, y: sympy.sqrt(x**2 + y**2), 2),
    'erf': (sympy.erf, 1), 'gelu': (lambda x: x / 2 * (1 + sympy.erf(x / sympy.sqrt(2))), 1),
    'silu': (lambda x: x / (1 + sympy.exp(-x)), 1), 'swish': (lambda x: x / (1 + sympy.exp(-x)), 1),
    'leaky_relu': (lambda x, a=sympy.Rational(1, 100): piecewise(x, x, a * x), 2),
    'elu': (lambda x, a=1: piecewise(x, x, a * (sympy.exp(x) - 1)), 2),
    'softsign': (lambda x: x / (1 + sympy.Abs(x)), 1),
    'hard_sigmoid': (lambda x: sympy.Min(sympy.Max(x / 6 + half, 0), 1), 1),
    'log_sigmoid': (lambda x: -sympy.log(1 + sympy.exp(-x)), 1),
    'floor': (sympy.floor, 1), 'ceil': (sympy.ceiling, 1),
    'round': (lambda x: sympy.Function('round_half_even')(x), 1),
    'clip': (lambda x, lo, hi: sympy.Min(sympy.Max(x, lo), hi), 3),
}

# Kinks and domain edges per function, as a predicate on float arguments: True when a point is usable.
def usable(name, args):
    x = args[0]
    far = lambda v, c: abs(v - c) > MARGIN
    if name in ('asin', 'acos', 'atanh'):
        return abs(x) < 1 - MARGIN
    if name == 'acosh':
        return x > 1 + MARGIN
    if name in ('log', 'log2', 'log10'):
        return x > MARGIN and (len(args) < 2 or (args[1] > MARGIN and far(args[1], 1)))
    if name == 'cbrt':
        return far(x, 0)
    if name in ('csc', 'cot'):
        return abs(sympy.sin(x)) > MARGIN
    if name == 'sec':
        return abs(sympy.cos(x)) > MARGIN
    if name == 'atan2':
        return not (abs(args[0]) < MARGIN and args[1] < MARGIN)
    if name == 'hypot':
        return abs(args[0]) + abs(args[1]) > MARGIN
    if name in ('leaky_relu', 'elu', 'softsign'):
        return far(x, 0)
    if name == 'hard_sigmoid':
        return far(x, -3) and far(x, 3)
    if name in ('floor', 'ceil'):
        return far(x, round(x))
    if name == 'round':
        return far(x - int(x // 1), 0.5)
    if name == 'clip':
        return args[1] < args[2] and far(x, args[1]) and far(x, args[2])
    return True


def round_half_even(v):
    return float(sympy.Float(v, DIGITS).round())


def sample(name, arity):
    while True:
        args = [round(rng.uniform(-4, 4), 6) for _ in range(arity)]
        if name in ('leaky_relu', 'elu'):
            args[1] = round(rng.uniform(0.01, 0.99), 6)
        if name == 'log' and arity == 2:
            args[1] = round(rng.uniform(0.1, 5), 6)
        if name == 'clip':
            args[1], args[2] = sorted(args[1:])
        if usable(name, args):
            return args


def value_at(name, args):
    if name == 'round':
        return round_half_even(args[0])
    f = FUNCTIONS[name][0]
    return float(sympy.N(f(*[sympy.Float(a, DIGITS) for a in args]), DIGITS))


# Formulas that call each function: alone, in each argument, and composed.
DERIVATIVE_FORMULAS = {
    'asin': ['asin(x)', 'asin(x*y/4)'], 'acos': ['acos(x)', 'acos(x/2)*y'], 'atan': ['atan(x)', 'atan(w*x + b)'],
    'sinh': ['sinh(x)', 'sinh(w*x + b)^2'], 'cosh': ['cosh(x)', 'cosh(x)/x'], 'asinh': ['asinh(x)', 'asinh(x^2 + y)'],
    'acosh': ['acosh(x)', 'acosh(x^2 + 1)'], 'atanh': ['atanh(x)', 'atanh(x/4)*y'],
    'sec': ['sec(x)', 'sec(w*x)'], 'csc': ['csc(x)', 'csc(x)^2'], 'cot': ['cot(x)', 'x*cot(x)'],
    'atan2': ['atan2(y, x)', 'atan2(x*y, x + 2)'], 'log': ['log(x, b)', 'log(x^2, 3)'],
    'log2': ['log2(x)', 'log2(x^2 + 1)'], 'log10': ['log10(x)', 'log10(w*x + 5)'],
    'cbrt': ['cbrt(x)', 'cbrt(x^2 + 1)'], 'hypot': ['hypot(x, y)', 'hypot(w*x, 1)'],
    'erf': ['erf(x)', 'erf(w*x + b)'], 'gelu': ['gelu(x)', 'gelu(w*x + b)'], 'silu': ['silu(x)', 'silu(w*x)'],
    'swish': ['swish(x)'], 'leaky_relu': ['leaky_relu(x)', 'leaky_relu(x, a)'], 'elu': ['elu(x)', 'elu(x, a)'],
    'softsign': ['softsign(x)', 'softsign(w*x + b)'], 'hard_sigmoid': ['hard_sigmoid(x)', 'hard_sigmoid(2*x)'],
    'log_sigmoid': ['log_sigmoid(x)', 'log_sigmoid(w*x + b)'], 'floor': ['floor(x)'], 'ceil': ['ceil(x)'],
    'round': ['round(x)'], 'clip': ['clip(x, lo, hi)'],
}


def to_sympy(text):
    local = dict(SYMBOLS)
    local.update({n: f for n, (f, _) in FUNCTIONS.items()})
    return parse_expr(text, local_dict=local, transformations=standard_transformations + (convert_xor,), evaluate=True)


def kink_arguments(name, text, point):
    """The arguments of the formula's call of `name` at the point (the formulas call it once)."""
    inner = text[text.index(name + '(') + len(name) + 1:]
    depth, parts, current = 0, [], ''
    for ch in inner:
        if ch == '(':
            depth += 1
        if ch == ')':
            if depth == 0:
                break
            depth -= 1
        if ch == ',' and depth == 0:
            parts.append(current)
            current = ''
        else:
            current += ch
    parts.append(current)
    subs = {SYMBOLS[k]: sympy.Float(v, DIGITS) for k, v in point.items()}
    return [float(to_sympy(p).subs(subs)) for p in parts]


def derivative_entries(name, text):
    f = to_sympy(text)
    names = sorted(str(s) for s in f.free_symbols)
    out = []
    for wrt in names:
        d = sympy.diff(f, SYMBOLS[wrt])
        points = []
        while len(points) < DERIVATIVE_POINTS:
            point = {n: round(rng.uniform(-3, 3), 6) for n in names}
            if 'a' in point and name in ('leaky_relu', 'elu'):
                point['a'] = round(rng.uniform(0.05, 0.95), 6)
            if 'b' in point and name == 'log':
                point['b'] = round(rng.uniform(0.2, 4), 6)
            if 'hi' in point:
                point['lo'], point['hi'] = -1.5, 1.5
            if not usable(name, kink_arguments(name, text, point)):
                continue
            subs = {SYMBOLS[k]: sympy.Float(v, DIGITS) for k, v in point.items()}
            value = 0.0 if name in ('floor', 'ceil', 'round') else float(sympy.N(d.subs(subs), DIGITS))
            points.append({'point': point, 'value': value})
        out.append({'function': name, 'input': text, 'wrt': wrt, 'sympy': '0' if name in ('floor', 'ceil', 'round') else str(d), 'points': points})
    return out


def main():
    values = []
    for name, (_, arity) in FUNCTIONS.items():
        for _ in range(VALUE_POINTS):
            args = sample(name, arity)
            values.append({'function': name, 'args': args, 'value': value_at(name, args)})
    derivatives = [e for name, texts in DERIVATIVE_FORMULAS.items() for t in texts for e in derivative_entries(name, t)]
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, 'functions-corpus.json'), 'w') as fh:
        json.dump({'generator': 'test/data/make-functions-corpus.py', 'sympy': sympy.__version__, 'seed': SEED,
                   'values': values, 'derivatives': derivatives}, fh, indent=1)
        fh.write('\n')


if __name__ == '__main__':
    main()

# The ASCII formula language (SPEC §2). Compile with `npm run grammar`;
# grammar/formula.js is generated from this file and never edited by hand.
#
# One nonterminal per precedence level, loosest first. No whitespace rules:
# the lexer drops spaces, and the parser is fed one statement at a time.
# The grammar must stay unambiguous: every input has at most one parse
# (test/parse.test.ts checks a corpus).
#
#   sum       + -            left-associative
#   product   * / implicit @ left-associative (`1/2x` is `(1/2)*x`; `@` is the matrix product, SPEC §12)
#   unary     - +            looser than ^ (`-x^2` is `-(x^2)`)
#   power     ^              right-associative; its right side may start with - or +
#   primary   number, name, (expr), call, d(F)/d(x), ∂F/∂x, diff(F, x),
#             an element x[i, j], a list [1, 2] (a list of lists is a matrix)
#
# Indexed expressions (SPEC §7): a call's arguments may be ranges and named
# arguments (`sum(i=1..3, x[i])`, `conv2d(x, w, stride=2)`); a definition
# may define an element for every index tuple (`net[i,j] = … for i=1..3,
# j=1..3`); `x : 4x4` declares a shape (the lexer reads `4x4` as `4`, an
# implicit product and the name `x4`, so the dimensions are taken as tokens
# and checked when lowered).
#
# A user function (SPEC §2): `silu(t) = t*sigmoid(t)` is a call on the left
# of `=`; lowering checks that its arguments are distinct plain names.

@preprocessor esmodule

@{%
import { tokenTypes } from '../src/parse/lexer.ts';
import * as S from '../src/parse/syntax.ts';
%}

@lexer tokenTypes

statement -> definition {% id %}
  | function {% id %}
  | shape {% id %}
  | derive {% id %}
  | claim {% id %}

definition -> target %equals expression {% (d) => S.define(d[0], d[2]) %}
  | target %equals expression %forKeyword ranges {% (d) => S.defineFor(d[0], d[2], d[4]) %}

function -> call %equals expression {% (d) => S.defineFunction(d[0], d[2]) %}

target -> name {% id %}
  | element {% id %}

ranges -> range {% (d) => S.list(d[0]) %}
  | ranges %comma range {% (d) => S.append(d[0], d[2]) %}

range -> %name %equals expression %range expression {% (d) => S.binding(d[0], d[2], d[4]) %}

shape -> name %colon dimensions {% (d) => S.shape(d[0], d[2]) %}

dimensions -> dimension {% (d) => S.list(d[0]) %}
  | dimensions dimension {% (d) => S.append(d[0], d[1]) %}

dimension -> %number {% id %}
  | %name {% id %}
  | %times {% id %}
  | %implicit {% id %}

derive -> %derive target %wrt names {% (d) => S.derive(d[0], d[1], d[3]) %}

names -> target {% (d) => S.list(d[0]) %}
  | names %comma target {% (d) => S.append(d[0], d[2]) %}

claim -> %claim expression %equals expression {% (d) => S.claim(d[0], d[1], d[3]) %}

expression -> sum {% id %}

sum -> sum %plus product {% (d) => S.binary(d[0], d[1], d[2]) %}
  | sum %minus product {% (d) => S.binary(d[0], d[1], d[2]) %}
  | product {% id %}

product -> product %times unary {% (d) => S.binary(d[0], d[1], d[2]) %}
  | product %divide unary {% (d) => S.binary(d[0], d[1], d[2]) %}
  | product %implicit unary {% (d) => S.binary(d[0], d[1], d[2]) %}
  | product %matmul unary {% (d) => S.binary(d[0], d[1], d[2]) %}
  | unary {% id %}

unary -> %minus unary {% (d) => S.unary(d[0], d[1]) %}
  | %plus unary {% (d) => S.unary(d[0], d[1]) %}
  | power {% id %}

power -> primary %caret exponent {% (d) => S.binary(d[0], d[1], d[2]) %}
  | primary {% id %}

exponent -> %minus exponent {% (d) => S.unary(d[0], d[1]) %}
  | %plus exponent {% (d) => S.unary(d[0], d[1]) %}
  | power {% id %}

primary -> %number {% (d) => S.number(d[0]) %}
  | name {% id %}
  | %lparen expression %rparen {% (d) => S.group(d[0], d[1], d[2]) %}
  | call {% id %}
  | derivative {% id %}
  | element {% id %}
  | %lbracket expressions %rbracket {% (d) => S.listOf(d[0], d[1], d[2]) %}

element -> %name %lbracket expressions %rbracket {% (d) => S.index(d[0], d[2], d[3]) %}

expressions -> expression {% (d) => S.list(d[0]) %}
  | expressions %comma expression {% (d) => S.append(d[0], d[2]) %}

call -> %name %lparen %rparen {% (d) => S.call(d[0], [], d[2]) %}
  | %name %lparen arguments %rparen {% (d) => S.call(d[0], d[2], d[3]) %}

arguments -> argument {% (d) => S.list(d[0]) %}
  | arguments %comma argument {% (d) => S.append(d[0], d[2]) %}

# `i=1..3` is a range, `stride=2` a named argument.
argument -> expression {% id %}
  | %name %equals expression {% (d) => S.binding(d[0], d[2], null) %}
  | range {% id %}

derivative -> %d %lparen expression %rparen %divide %d %lparen expression %rparen {% (d) => S.derivative('d', d[0], d[2], d[7], d[8]) %}
  | %partial partialArgument %divide %partial partialArgument {% (d) => S.derivative('partial', d[0], d[1], d[4], d[4]) %}
  | %diff %lparen expression %comma expression %rparen {% (d) => S.derivative('diff', d[0], d[2], d[4], d[5]) %}

partialArgument -> name {% id %}
  | element {% id %}
  | %lparen expression %rparen {% (d) => S.group(d[0], d[1], d[2]) %}

name -> %name {% (d) => S.name(d[0]) %}

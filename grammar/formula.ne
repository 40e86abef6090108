# The ASCII formula language (SPEC §2). Compile with `npm run grammar`;
# grammar/formula.js is generated from this file and never edited by hand.
#
# One nonterminal per precedence level, loosest first. No whitespace rules:
# the lexer drops spaces, and the parser is fed one statement at a time.
# The grammar must stay unambiguous: every input has at most one parse
# (test/parse.test.ts checks a corpus).
#
#   sum       + -            left-associative
#   product   * / implicit   left-associative (`1/2x` is `(1/2)*x`)
#   unary     - +            looser than ^ (`-x^2` is `-(x^2)`)
#   power     ^              right-associative; its right side may start with - or +
#   primary   number, name, (expr), call, d(F)/d(x), ∂F/∂x, diff(F, x)

@preprocessor esmodule

@{%
import { tokenTypes } from '../src/parse/lexer.ts';
import * as S from '../src/parse/syntax.ts';
%}

@lexer tokenTypes

statement -> definition {% id %}
  | derive {% id %}
  | claim {% id %}

definition -> name %equals expression {% (d) => S.define(d[0], d[2]) %}

derive -> %derive name %wrt names {% (d) => S.derive(d[0], d[1], d[3]) %}

names -> name {% (d) => S.list(d[0]) %}
  | names %comma name {% (d) => S.append(d[0], d[2]) %}

claim -> %claim expression %equals expression {% (d) => S.claim(d[0], d[1], d[3]) %}

expression -> sum {% id %}

sum -> sum %plus product {% (d) => S.binary(d[0], d[1], d[2]) %}
  | sum %minus product {% (d) => S.binary(d[0], d[1], d[2]) %}
  | product {% id %}

product -> product %times unary {% (d) => S.binary(d[0], d[1], d[2]) %}
  | product %divide unary {% (d) => S.binary(d[0], d[1], d[2]) %}
  | product %implicit unary {% (d) => S.binary(d[0], d[1], d[2]) %}
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

call -> %name %lparen %rparen {% (d) => S.call(d[0], [], d[2]) %}
  | %name %lparen arguments %rparen {% (d) => S.call(d[0], d[2], d[3]) %}

arguments -> expression {% (d) => S.list(d[0]) %}
  | arguments %comma expression {% (d) => S.append(d[0], d[2]) %}

derivative -> %d %lparen expression %rparen %divide %d %lparen expression %rparen {% (d) => S.derivative('d', d[0], d[2], d[7], d[8]) %}
  | %partial partialArgument %divide %partial partialArgument {% (d) => S.derivative('partial', d[0], d[1], d[4], d[4]) %}
  | %diff %lparen expression %comma expression %rparen {% (d) => S.derivative('diff', d[0], d[2], d[4], d[5]) %}

partialArgument -> name {% id %}
  | %lparen expression %rparen {% (d) => S.group(d[0], d[1], d[2]) %}

name -> %name {% (d) => S.name(d[0]) %}

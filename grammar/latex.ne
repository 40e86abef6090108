# LaTeX input (SPEC §6). Compile with `node scripts/build-latex-grammar.mjs`;
# grammar/latex.js is generated from this file and never edited by hand.
#
# The parser is fed the tokens of one equation (src/parse/latex-lexer.ts
# lexes, src/parse/latex.ts splits a math block into equations), so there
# are no separators and no whitespace here. One nonterminal per precedence
# level, loosest first:
#
#   equation   A = B = C                       a chain of sides
#   sum        + -                             left-associative
#   term       unary - +                       `-x^2` is -(x^2), `-ab` is -(ab)
#   product    \cdot \times / and juxtaposition, left-associative, one level
#   factor     an atom with its scripts: x_1^2, w_5^+, w', e^{-x}
#   atom       names, numbers, \frac, \sqrt, brackets, |x|, derivatives,
#              matrices (a bmatrix is a list of rows)
#
# Juxtaposition and function application without brackets: `\sin x` takes
# the longest run of factors that follows (`\sin 2x` is sin(2x)), up to an
# operator or the next function (`\sin x \cos x` is sin(x) cos(x)). A
# function directly followed by "(" is a call (`\sin(x) y` is sin(x)·y). So
# that every input has exactly one parse, a product is `open` (its last
# factor may be followed by any factor) or `closed` (it ends in such a run:
# only a function may follow). A number is a factor only at the start of a
# product or a run (`2x`, not `x 2`). test/latex-parse.test.ts checks a
# corpus for exactly one parse.

@preprocessor esmodule

@{%
import { latexTokenTypes } from '../src/parse/latex-lexer.ts';
import * as L from '../src/parse/latex-syntax.ts';
import * as N from '../src/parse/latex-notation.ts';
%}

@lexer latexTokenTypes

equation -> expression {% (d) => L.list(d[0]) %}
  | equation %rel expression {% (d) => L.append(d[0], d[2]) %}

expression -> sum {% id %}

sum -> sum %plus term {% (d) => L.binary(d[0], d[1], d[2]) %}
  | sum %minus term {% (d) => L.binary(d[0], d[1], d[2]) %}
  | term {% id %}

term -> %minus term {% (d) => L.unary(d[0], d[1]) %}
  | %plus term {% (d) => L.unary(d[0], d[1]) %}
  | product {% id %}

product -> open {% id %}
  | closed {% id %}

open -> leading {% id %}
  | product %times signedOpen {% (d) => L.binary(d[0], d[1], d[2]) %}
  | product %divide signedOpen {% (d) => L.binary(d[0], d[1], d[2]) %}
  | open following {% (d) => L.juxtapose(d[0], d[1]) %}
  | closed applied {% (d) => L.juxtapose(d[0], d[1]) %}

closed -> bare {% id %}
  | product %times signedClosed {% (d) => L.binary(d[0], d[1], d[2]) %}
  | product %divide signedClosed {% (d) => L.binary(d[0], d[1], d[2]) %}
  | open bare {% (d) => L.juxtapose(d[0], d[1]) %}
  | closed bare {% (d) => L.juxtapose(d[0], d[1]) %}

signedOpen -> %minus signedOpen {% (d) => L.unary(d[0], d[1]) %}
  | %plus signedOpen {% (d) => L.unary(d[0], d[1]) %}
  | leading {% id %}

signedClosed -> %minus signedClosed {% (d) => L.unary(d[0], d[1]) %}
  | %plus signedClosed {% (d) => L.unary(d[0], d[1]) %}
  | bare {% id %}

# The first factor of a product may be a number; later ones may not.
leading -> numeral {% id %}
  | factor {% id %}
  | applied {% id %}

following -> factor {% id %}
  | applied {% id %}

# A head applied to something that ends in a call: `\sin(x)`, `\log \sigma(z)`.
applied -> call {% id %}
  | openBare {% id %}

# `\max\{0, x\}`: braces as the argument list (with one argument it is a bare set group).
call -> head %lparen arguments %rparen {% (d) => L.apply(d[0], d[2], d[3]) %}
  | head %lset indexList %rset {% (d) => L.apply(d[0], d[2], d[3]) %}
  | head %lparen arguments %rparen superscript {% (d) => L.applyPower(d[0], d[1], d[2], d[3], d[4]) %}

arguments -> expression {% (d) => L.list(d[0]) %}
  | arguments %comma expression {% (d) => L.append(d[0], d[2]) %}

openBare -> head call {% (d) => L.apply(d[0], [d[1]], d[1]) %}
  | head openBare {% (d) => L.apply(d[0], [d[1]], d[1]) %}

# A head applied without brackets to the longest run of factors.
bare -> head run {% (d) => L.apply(d[0], [d[1]], d[1]) %}
  | head bare {% (d) => L.apply(d[0], [d[1]], d[1]) %}

run -> numeral {% id %}
  | unparenthesised {% id %}
  | run factor {% (d) => L.juxtapose(d[0], d[1]) %}

head -> %fn {% (d) => L.fnHead(d[0], null, null) %}
  | %fn subscript {% (d) => L.fnHead(d[0], d[1], null) %}
  | %fn superscript {% (d) => L.fnHead(d[0], null, d[1]) %}
  | %fn subscript superscript {% (d) => L.fnHead(d[0], d[1], d[2]) %}
  | %fn %prime {% (d) => N.primeHead(d[0], d[1]) %}
  | %nabla %underscore variable {% (d) => N.nablaHead(d[0], d[2], d[2]) %}
  | %nabla %underscore %lbrace variable %rbrace {% (d) => N.nablaHead(d[0], d[3], d[4]) %}
  | %frac %lbrace %differential order:? %rbrace %lbrace differentials %rbrace {% (d) => L.operatorHead(d[0], d[2], d[3], d[6], d[7]) %}
  | %sum {% (d) => L.sumHead(d[0], null, null) %}
  | %sum sumLower {% (d) => L.sumHead(d[0], d[1], null) %}
  | %sum sumLower superscript {% (d) => L.sumHead(d[0], d[1], d[2]) %}
  | %sum superscript sumLower {% (d) => L.sumHead(d[0], d[2], d[1]) %}
  | %sum superscript {% (d) => L.sumHead(d[0], null, d[1]) %}

sumLower -> %underscore %lbrace %name %rel expression %rbrace {% (d) => L.sumLower(d[0], d[2], d[4], d[5]) %}
  | subscript {% (d) => L.sumLowerFromSubscript(d[0]) %}

# Factors: atoms with scripts.
scripted[X] -> $X {% (d) => d[0][0] %}
  | $X subscript {% (d) => L.scripted(d[0][0], d[1], null, null) %}
  | $X superscript {% (d) => L.scripted(d[0][0], null, null, d[1]) %}
  | $X subscript superscript {% (d) => L.scripted(d[0][0], d[1], null, d[2]) %}
  | $X superscript subscript {% (d) => L.scripted(d[0][0], d[2], null, d[1]) %}
  | $X %prime {% (d) => L.scripted(d[0][0], null, d[1], null) %}
  | $X subscript %prime {% (d) => L.scripted(d[0][0], d[1], d[2], null) %}
  | $X %prime superscript {% (d) => L.scripted(d[0][0], null, d[1], d[2]) %}
  | $X subscript %prime superscript {% (d) => L.scripted(d[0][0], d[1], d[2], d[3]) %}

numeral -> scripted[numberAtom] {% id %}

factor -> unparenthesised {% id %}
  | scripted[parenthesised] {% id %}

unparenthesised -> scripted[atom] {% id %}
  | slashDerivative {% id %}

# `\partial E / \partial w_5` inline. It takes no scripts of its own, so
# the `_5` can only be the variable's.
slashDerivative -> %differential variable %divide differential {% (d) => L.slashDerivative(d[0], d[1], d[3]) %}

numberAtom -> %number {% (d) => L.number(d[0]) %}

parenthesised -> %lparen expression %rparen {% (d) => L.group(d[0], d[1], d[2]) %}

atom -> %name {% (d) => L.name(d[0]) %}
  | %ellipsis {% (d) => L.ellipsis(d[0]) %}
  | %frac argument argument {% (d) => L.frac(d[0], d[1], d[2]) %}
  | %frac %lbrace %differential order:? expression %rbrace %lbrace differentials %rbrace {% (d) => L.derivative(d[0], d[2], d[3], d[4], d[7], d[8]) %}
  | %sqrt argument {% (d) => L.sqrt(d[0], null, d[1]) %}
  | %sqrt %lbrack expression %rbrack argument {% (d) => L.sqrt(d[0], d[2], d[4]) %}
  | %lbrack expression %rbrack {% (d) => L.group(d[0], d[1], d[2]) %}
  | %lbrace expression %rbrace {% (d) => L.group(d[0], d[1], d[2]) %}
  | %lset expression %rset {% (d) => L.group(d[0], d[1], d[2]) %}
  | %lbar expression %rbar {% (d) => L.abs(d[0], d[1], d[2]) %}
  | %begin rows %end {% (d) => L.matrix(d[0], d[1], d[2]) %}
  | %begin rows %newline %end {% (d) => L.matrix(d[0], d[1], d[3]) %}
  | %beginCases caseRows %endCases {% (d) => N.cases(d[0], d[1], d[2]) %}
  | %beginCases caseRows %newline %endCases {% (d) => N.cases(d[0], d[1], d[3]) %}

# A one-token argument of \frac and \sqrt is a digit or a letter (`\frac12`).
argument -> %lbrace expression %rbrace {% (d) => L.group(d[0], d[1], d[2]) %}
  | %number {% (d) => L.number(d[0]) %}
  | %name {% (d) => L.name(d[0]) %}

rows -> row {% (d) => L.list(d[0]) %}
  | rows %newline row {% (d) => L.append(d[0], d[2]) %}

row -> expression {% (d) => L.list(d[0]) %}
  | row %amp expression {% (d) => L.append(d[0], d[2]) %}

# A piecewise definition: rows of a value and a condition (none, or a
# dropped `\text{otherwise}`, in the last row).
caseRows -> caseRow {% (d) => L.list(d[0]) %}
  | caseRows %newline caseRow {% (d) => L.append(d[0], d[2]) %}

caseRow -> expression {% (d) => N.caseRow(d[0], null, d[0]) %}
  | expression %amp {% (d) => N.caseRow(d[0], null, d[1]) %}
  | expression %amp expression %compare expression {% (d) => N.caseRow(d[0], N.condition(d[2], d[3], d[4]), d[4]) %}

# Derivatives: the differentials of a denominator, `\partial x \partial y^2`.
order -> exponent {% id %}

differentials -> differential {% (d) => L.list(d[0]) %}
  | differentials differential {% (d) => L.append(d[0], d[1]) %}

differential -> %differential variable {% (d) => L.differential(d[0], d[1], null) %}
  | %differential variable exponent {% (d) => L.differential(d[0], d[1], d[2]) %}

# A variable may be an update name: `\partial w_5^+`.
variable -> %name {% (d) => L.name(d[0]) %}
  | %name subscript {% (d) => L.scripted(L.name(d[0]), d[1], null, null) %}
  | %name updateMark {% (d) => L.scripted(L.name(d[0]), null, null, d[1]) %}
  | %name subscript updateMark {% (d) => L.scripted(L.name(d[0]), d[1], null, d[2]) %}
  | %name %prime {% (d) => L.scripted(L.name(d[0]), null, d[1], null) %}
  | %name subscript %prime {% (d) => L.scripted(L.name(d[0]), d[1], d[2], null) %}
  | %lbrace variable %rbrace subscript {% (d) => L.scripted(L.group(d[0], d[1], d[2]), d[3], null, null) %}
  | %lbrace variable %rbrace subscript updateMark {% (d) => L.scripted(L.group(d[0], d[1], d[2]), d[3], null, d[4]) %}
  | %lbrace variable %rbrace updateMark {% (d) => L.scripted(L.group(d[0], d[1], d[2]), null, null, d[3]) %}

# Scripts. A subscript is a label of letters and digits (`_{o1}`, `_5`), or
# the indices of a matrix element separated by commas (`_{1,2}`, `_{i,j+1}`).
subscript -> %underscore labelPart {% (d) => L.subscript(d[0], [d[1]], d[1]) %}
  | %underscore %lbrace labelParts %rbrace {% (d) => L.subscript(d[0], d[2], d[3]) %}
  | %underscore %lbrace indexList %rbrace {% (d) => L.indexSubscript(d[0], d[2], d[3]) %}

indexList -> expression %comma expression {% (d) => L.append(L.list(d[0]), d[2]) %}
  | indexList %comma expression {% (d) => L.append(d[0], d[2]) %}

labelParts -> labelPart {% (d) => L.list(d[0]) %}
  | labelParts labelPart {% (d) => L.append(d[0], d[1]) %}

labelPart -> %number {% id %}
  | %name {% id %}

# A superscript is an exponent or the update mark `^+` (`w_5^+` is w5_new).
superscript -> exponent {% id %}
  | updateMark {% id %}

exponent -> %caret %number {% (d) => L.superscript(d[0], L.number(d[1]), d[1]) %}
  | %caret %name {% (d) => L.superscript(d[0], L.name(d[1]), d[1]) %}
  | %caret %lbrace expression %rbrace {% (d) => L.superscript(d[0], L.group(d[1], d[2], d[3]), d[3]) %}

updateMark -> %caret %plus {% (d) => L.updateMark(d[0], d[1]) %}
  | %caret %lbrace %plus %rbrace {% (d) => L.updateMark(d[0], d[3]) %}

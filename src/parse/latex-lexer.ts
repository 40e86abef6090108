/**
 * The lexer of LaTeX input (SPEC §6): the math of a block → the tokens the
 * LaTeX grammar (grammar/latex.ne) reads, in four passes:
 *
 *   moo ─► raw tokens ─cutArguments─► TeX's one-token arguments split off
 *       ─pairBrackets─► brackets matched, bars resolved, depth per token
 *       ─classify─► context decided: `\sigma(` is a call, `\frac{dE}{dw}` a
 *                   derivative, `\text{out}` next to an operator a name
 *
 * Invariants:
 * - it never throws: every problem (an unknown command, an unmatched
 *   bracket, a missing argument, nesting deeper than MAX_LATEX_NESTING)
 *   becomes a `bad` token carrying its message at its place, so that the
 *   equation holding it fails and the others in the block are still read;
 * - every token keeps the UTF-16 offset and length of the source text it
 *   came from (a cut piece keeps its own part), so carets land on what the
 *   user wrote;
 * - a closed list of commands: anything else is "Unknown command \foo.",
 *   never split into letters; definitions and resource commands are
 *   refused by name; there is no macro expansion at all;
 * - after `classify`, brackets are balanced and no token nests deeper than
 *   MAX_LATEX_NESTING, so nearley and the recursive passes after it never
 *   see deep input.
 */

import { msg, orList } from '../messages/format.ts';
import type { Message, Param } from '../messages/message.ts';
import moo from 'moo';
import { assertNever } from '../expr/node.ts';
import { GREEK } from '../expr/names.ts';
import { FUNCTIONS, lookupFunction } from '../functions.ts';
import { editDistance } from './edit-distance.ts';
import { ARITHMETIC_LITERALS } from './lexer.ts';
import { DECORATED, joinLayerNames, lexDecorated, readUpdateArrows } from './latex-names.ts';
import { AT, bad, tok, type LatexToken, type LatexTokenType } from './latex-token.ts';

/** Deepest nesting of brackets, braces, bars, unary signs and bare function heads accepted. */
export const MAX_LATEX_NESTING = 200;

export type { LatexToken, LatexTokenType } from './latex-token.ts';

const GRAMMAR_TYPES: ReadonlySet<string> = new Set<LatexTokenType>([
  'number', 'name', 'fn', 'frac', 'sqrt', 'differential', 'sum', 'ellipsis',
  'plus', 'minus', 'times', 'divide', 'caret', 'underscore', 'prime',
  'lparen', 'rparen', 'lbrack', 'rbrack', 'lbrace', 'rbrace', 'lset', 'rset', 'lbar', 'rbar',
  'comma', 'rel', 'amp', 'newline', 'begin', 'end', 'nabla', 'compare', 'beginCases', 'endCases',
]);

/** What the generated grammar needs of a lexer at load time: which token types exist. */
export const latexTokenTypes = { has: (type: string): boolean => GRAMMAR_TYPES.has(type) };

// ---------------------------------------------------------------------------
// Commands: a closed list

type CommandMeaning =
  | { readonly type: 'frac' | 'sqrt' | 'differential' | 'sum' | 'ellipsis' | 'times' | 'divide' | 'rel' | 'lset' | 'rset' | 'lbar' | 'rbar' | 'newline' | 'nabla' | 'rparen' }
  | { readonly type: 'openFn'; readonly value: string }
  /** `\leftarrow`: an update rule (latex-names.ts reads it as `w' =`). */
  | { readonly type: 'arrow' }
  /** `\ge`: a condition of a `cases` row; refused anywhere else. */
  | { readonly type: 'compare'; readonly value: string }
  | { readonly type: 'name'; readonly value: string; readonly callable?: string }
  | { readonly type: 'fn'; readonly value: string }
  | { readonly type: 'separator'; readonly spacing: boolean }
  | { readonly type: 'drop' }
  | { readonly type: 'refuse'; readonly message: Message };

/** TeX's built-in operator names (`\sin x` renders upright); those in the registry are calls. */
const TEX_OPERATORS = [
  'arccos', 'arcsin', 'arctan', 'arg', 'cos', 'cosh', 'cot', 'coth', 'csc', 'deg', 'det', 'dim', 'exp',
  'gcd', 'hom', 'inf', 'ker', 'lg', 'lim', 'liminf', 'limsup', 'ln', 'log', 'max', 'min', 'Pr', 'sec',
  'sin', 'sinh', 'sup', 'tan', 'tanh',
];

/** Commands that could run code, load resources, define macros or blow up the page. */
const FORBIDDEN = [
  'def', 'gdef', 'edef', 'xdef', 'let', 'futurelet', 'newcommand', 'renewcommand', 'providecommand',
  'DeclareMathOperator', 'catcode', 'csname', 'expandafter', 'href', 'url', 'includegraphics', 'input',
  'include', 'usepackage', 'htmlClass', 'htmlId', 'htmlStyle', 'htmlData', 'write', 'immediate', 'openout',
  'read', 'color', 'textcolor', 'colorbox', 'rule', 'kern', 'mkern', 'hskip', 'mskip', 'hspace', 'vspace',
  'raisebox', 'Huge', 'huge', 'LARGE', 'Large', 'large', 'small', 'tiny',
];

/** Ordinary LaTeX math that this language has no meaning for (yet). */
const UNSUPPORTED = [
  'pm', 'mp', 'ne', 'neq', 'equiv', 'sim', 'propto', 'infty',
  'int', 'iint', 'oint', 'cup', 'cap', 'in', 'notin', 'subset', 'forall', 'exists',
  'otimes', 'oplus', 'underline', 'dot',
  'ddot', 'mathcal', 'mathbb', 'mathsf', 'binom', 'choose', 'over', 'atop',
  'langle', 'rangle', 'Vert', 'prime', 'cases',
  'Leftarrow', 'uparrow', 'downarrow', 'ell', 'hbar', 'emptyset',
];

/** Comparisons: conditions of a `cases` row (`z \ge 0`). */
const COMPARISONS: Readonly<Record<string, string>> = { gt: '>', lt: '<', ge: '>=', geq: '>=', le: '<=', leq: '<=' };

/** Decorations and bold, which take their letter in braces (latex-names.ts reads `\hat{y}`). */
const DECORATION_COMMANDS = ['hat', 'widehat', 'bar', 'overline', 'tilde', 'widetilde', 'vec', 'mathbf', 'boldsymbol', 'bm'];

/** Greek letters as names; the variant glyphs name the same letter. */
const GREEK_COMMANDS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.keys(GREEK).map((w) => [w, w])),
  pi: 'pi', varepsilon: 'epsilon', vartheta: 'theta', varphi: 'phi', varrho: 'rho', varsigma: 'sigma',
};

function buildCommands(): ReadonlyMap<string, CommandMeaning> {
  const m = new Map<string, CommandMeaning>();
  for (const c of ['frac', 'dfrac', 'tfrac', 'cfrac']) m.set(c, { type: 'frac' });
  m.set('sqrt', { type: 'sqrt' });
  m.set('partial', { type: 'differential' });
  m.set('sum', { type: 'sum' });
  m.set('prod', { type: 'sum' });
  for (const c of ['dots', 'ldots', 'cdots', 'vdots', 'ddots', 'dotsb', 'dotsc', 'dotsm', 'dotsi', 'dotso']) m.set(c, { type: 'ellipsis' });
  for (const c of ['cdot', 'times', 'ast', 'cdotp']) m.set(c, { type: 'times' });
  m.set('div', { type: 'divide' });
  // Matrix algebra (SPEC §12): the entry-wise product, the transpose mark, the norm's bars.
  for (const c of ['odot', 'circ']) m.set(c, { type: 'times' });
  m.set('top', { type: 'name', value: 'T' });
  m.set('intercal', { type: 'name', value: 'T' });
  m.set('lVert', { type: 'openFn', value: 'norm' });
  m.set('rVert', { type: 'rparen' });
  m.set('approx', { type: 'rel' });
  m.set('lvert', { type: 'lbar' });
  m.set('rvert', { type: 'rbar' });
  m.set('lbrace', { type: 'lset' });
  m.set('rbrace', { type: 'rset' });
  for (const c of ['quad', 'qquad']) m.set(c, { type: 'separator', spacing: true });
  for (const c of ['Rightarrow', 'rightarrow', 'Longrightarrow', 'longrightarrow', 'implies', 'to', 'Leftrightarrow', 'iff', 'therefore', 'because']) {
    m.set(c, { type: 'separator', spacing: false });
  }
  for (const c of [
    'enspace', 'thinspace', 'medspace', 'thickspace', 'negthinspace', 'negmedspace', 'negthickspace',
    'displaystyle', 'textstyle', 'scriptstyle', 'scriptscriptstyle', 'nonumber', 'notag', 'limits', 'nolimits',
    'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'Biggl', 'Biggr', 'bigm', 'Bigm',
  ]) m.set(c, { type: 'drop' });
  for (const c of UNSUPPORTED) m.set(c, { type: 'refuse', message: msg('latex.unsupported', { command: `\\${c}` }) });
  for (const [c, value] of Object.entries(COMPARISONS)) m.set(c, { type: 'compare', value });
  for (const c of DECORATION_COMMANDS) m.set(c, { type: 'refuse', message: msg('latex.decoration', { example: `\\${c}{y}`, command: `\\${c}` }) });
  for (const c of ['leftarrow', 'gets', 'longleftarrow']) m.set(c, { type: 'arrow' });
  m.set('nabla', { type: 'nabla' });
  for (const c of TEX_OPERATORS) {
    const row = lookupFunction(c);
    m.set(c, row ? { type: 'fn', value: row.name } : { type: 'refuse', message: msg('latex.unsupported-function', { command: `\\${c}` }) });
  }
  for (const [c, word] of Object.entries(GREEK_COMMANDS)) m.set(c, { type: 'name', value: word });
  // A registry function printed as a Greek letter (`\sigma`) is a call when "(" follows, else the letter.
  for (const row of FUNCTIONS) {
    const g = /^\\([A-Za-z]+)$/.exec(row.latexName)?.[1];
    if (g !== undefined && GREEK_COMMANDS[g] !== undefined) m.set(g, { type: 'name', value: GREEK_COMMANDS[g], callable: row.name });
  }
  // ⌊x⌋ and ⌈x⌉ are the calls floor(x) and ceil(x): the opening bracket is the function and its "(".
  for (const [open, close, fn] of [['lfloor', 'rfloor', 'floor'], ['lceil', 'rceil', 'ceil']] as const) {
    m.set(open, { type: 'openFn', value: fn });
    m.set(close, { type: 'rparen' });
  }
  for (const c of FORBIDDEN) m.set(c, { type: 'refuse', message: msg('latex.forbidden', { command: `\\${c}` }) });
  return m;
}

const COMMANDS = buildCommands();

/** Every command this lexer knows, for the "did you mean" of an unknown one. */
const KNOWN_COMMANDS: readonly string[] = [
  // Comparisons are meant only inside `cases`: never the guess for a mistyped command.
  ...[...COMMANDS.entries()].filter(([, v]) => v.type !== 'refuse' && v.type !== 'compare').map(([k]) => k),
  'left', 'right', 'begin', 'end', 'text', 'mathrm', 'operatorname',
].sort();

/** Environments read as matrices; the aligning ones are transparent (`&` and `\\` are handled as breaks). */
const MATRIX_ENVIRONMENTS = new Set(['matrix', 'bmatrix', 'pmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'smallmatrix']);
const TRANSPARENT_ENVIRONMENTS = new Set(['aligned', 'split', 'gathered', 'alignedat']);

/** Words that name a registry function (or `sqrt`) when "(" follows: `exp(x)`, `\mathrm{relu}(x)`. */
function callableWord(word: string): string | undefined {
  if (word === 'sqrt') return 'sqrt';
  return lookupFunction(word) ? word : undefined;
}

// ---------------------------------------------------------------------------
// Pass 1: moo

// Compiled on first use, not at load: an ASCII command (`nabla diff`) never
// lexes LaTeX, and compiling this lexer is a visible part of a CLI start.
let mooLexer: moo.Lexer | undefined;
const latexMooLexer = (): moo.Lexer => (mooLexer ??= moo.compile({
  ws: { match: /[ \t\r\n\f\v\u00a0]+/, lineBreaks: true },
  comment: /%[^\n]*/,
  wrapped: { match: /\\(?:text|textrm|textit|textbf|textsf|texttt|mbox|mathrm|mathit|mathsf|operatorname|label|tag)\s*\{[^{}]*\}/, lineBreaks: true },
  environment: { match: /\\(?:begin|end)\s*\{[A-Za-z*]*\}/, lineBreaks: true },
  delimiter: { match: /\\(?:left|right)\s*(?:[()[\].|/]|\\[{}|]|\\[A-Za-z]+)/, lineBreaks: true },
  decorated: { match: DECORATED, lineBreaks: true },
  command: /\\[A-Za-z]+/,
  controlSymbol: /\\[^A-Za-z\n]/,
  number: /\d+(?:\.\d+)?|\.\d+/,
  name: /[A-Za-z][A-Za-z0-9]*/,
  greek: /[\u0391-\u03A9\u03B1-\u03C9\u03D1\u03D5\u03F5]/,
  ellipsis: ['...', '\u2026', '\u22ef'],
  ...ARITHMETIC_LITERALS,
  underscore: '_',
  prime: "'",
  lparen: '(',
  rparen: ')',
  lbrack: '[',
  rbrack: ']',
  lbrace: '{',
  rbrace: '}',
  bar: '|',
  comma: ',',
  rel: ['=', '\u2248', ':='],
  compare: ['<', '>', '\u2264', '\u2265'],
  amp: '&',
  tilde: '~',
  separator: ['.', ':', ';', '\u2192', '\u21d2'],
  differential: '\u2202',
  // Anything else is one bad character (a surrogate pair counts as one).
  bad: /[\uD800-\uDBFF][\uDC00-\uDFFF]|[^\n]/,
  error: moo.error,
}));

function unexpectedCharacter(ch: string): Message {
  const code = ch.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  if (code > 0x20 && code < 0x7f) return msg('error.unexpected-character', { ch: `"${ch}"`, code: '' });
  return msg('error.unexpected-code', { hex, ch: code >= 0xa0 ? ` "${ch}"` : '' });
}

function unknownCommand(name: string): Message {
  let best: string | undefined;
  let bestDistance = name.length <= 3 ? 2 : 3;
  for (const known of KNOWN_COMMANDS) {
    const d = editDistance(name, known);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return msg('latex.unknown-command', { command: `\\${name}`, near: best === undefined ? '' : msg('latex.did-you-mean', { command: `\\${best}` }) });
}

const GREEK_LETTER_WORD: ReadonlyMap<string, string> = new Map([
  ...Object.entries(GREEK).map(([w, l]) => [l, w] as const),
  ['\u03c0', 'pi'], ['\u03d1', 'theta'], ['\u03d5', 'phi'], ['\u03f5', 'epsilon'],
]);

/** Pass 1: the raw tokens; spaces, comments and pure spacing commands dropped. */
function lexRaw(tex: string): LatexToken[] {
  const lexer = latexMooLexer().reset(tex);
  const out: LatexToken[] = [];
  let normOpen = false;
  for (let t = lexer.next(); t !== undefined; t = lexer.next()) {
    const type = t.type ?? 'bad';
    const at = t.offset;
    switch (type) {
      case 'ws': case 'comment': case 'tilde':
        continue;
      case 'square': case 'cube':
        out.push(tok('caret', t.text, at, '^'));
        out.push(tok('number', t.text, at, type === 'square' ? '2' : '3'));
        continue;
      case 'greek': {
        const word = GREEK_LETTER_WORD.get(t.text) ?? t.text;
        out.push(tok('name', t.text, at, word, word === 'sigma' ? { callable: 'sigmoid' } : {}));
        continue;
      }
      case 'wrapped': out.push(lexWrapped(t.text, at)); continue;
      case 'decorated': out.push(lexDecorated(t.text, at)); continue;
      case 'compare': out.push(tok('compare', t.text, at, t.text === '\u2264' ? '<=' : t.text === '\u2265' ? '>=' : t.text)); continue;
      case 'environment': out.push(lexEnvironment(t.text, at)); continue;
      case 'delimiter': {
        const side = t.text.startsWith('\\left') ? 'left' : 'right';
        const delim = t.text.slice(side.length + 1).trim();
        // `\left.` and `\right.` are invisible: the other delimiters pair without them.
        if (delim === '.') continue;
        const known = ['(', ')', '[', ']', '|', '\\{', '\\}', '\\lvert', '\\rvert', '\\vert', '\\lbrace', '\\rbrace'];
        if (!known.includes(delim)) out.push(bad(t.text, at, msg('latex.unsupported', { command: `\\${side}${delim}` })));
        else out.push(tok(side, t.text, at, delim));
        continue;
      }
      case 'command': {
        const name = t.text.slice(1);
        if (name === 'left' || name === 'right') {
          out.push(bad(t.text, at, msg('latex.delimiter', { command: `\\${name}`, examples: orList(['"("', '"|"']) })));
          continue;
        }
        if (['text', 'textrm', 'textit', 'textbf', 'mbox', 'mathrm', 'mathit', 'operatorname', 'begin', 'end', 'label', 'tag'].includes(name)) {
          out.push(bad(t.text, at, msg('latex.braced-text', { brace: '"{"', command: `\\${name}` })));
          continue;
        }
        const meaning = COMMANDS.get(name);
        if (meaning === undefined) out.push(bad(t.text, at, unknownCommand(name)));
        else if (meaning.type === 'drop') continue;
        else if (meaning.type === 'refuse') out.push(bad(t.text, at, meaning.message));
        else if (meaning.type === 'separator') out.push(tok('separator', t.text, at, t.text, { spacing: meaning.spacing }));
        else if (meaning.type === 'name') out.push(tok('name', t.text, at, meaning.value, meaning.callable ? { callable: meaning.callable } : {}));
        else if (meaning.type === 'fn') out.push(tok('fn', t.text, at, meaning.value));
        else if (meaning.type === 'openFn') out.push(tok('fn', t.text, at, meaning.value), tok('lparen', '', at + t.text.length));
        else if (meaning.type === 'times') out.push(tok('times', t.text, at, '*'));
        else if (meaning.type === 'divide') out.push(tok('divide', t.text, at, '/'));
        else if (meaning.type === 'rel') out.push(tok('rel', t.text, at, '='));
        else if (meaning.type === 'arrow') out.push(tok('rel', t.text, at, '\u2190'));
        else if (meaning.type === 'compare') out.push(tok('compare', t.text, at, meaning.value));
        else out.push(tok(meaning.type, t.text, at));
        continue;
      }
      case 'controlSymbol': {
        const ch = t.text.slice(1);
        if (',;!: >'.includes(ch)) continue;
        if (ch === '{') out.push(tok('lset', t.text, at));
        else if (ch === '}') out.push(tok('rset', t.text, at));
        else if (ch === '\\') out.push(tok('newline', t.text, at));
        else if (ch === '|') {
          // `\|v\|` is the norm: the first bar opens it, the next one closes it.
          if (normOpen) out.push(tok('rparen', t.text, at));
          else out.push(tok('fn', t.text, at, 'norm'), tok('lparen', '', at + t.text.length));
          normOpen = !normOpen;
        }
        else out.push(bad(t.text, at, unknownCommand(ch)));
        continue;
      }
      case 'minus': out.push(tok('minus', t.text, at, '-')); continue;
      case 'times': out.push(tok('times', t.text, at, '*')); continue;
      case 'rel': out.push(tok('rel', t.text, at, '=')); continue;
      case 'separator': out.push(tok('separator', t.text, at, t.text, { spacing: false })); continue;
      case 'name': {
        const callable = callableWord(t.text);
        out.push(tok('name', t.text, at, t.text, callable ? { callable } : {}));
        continue;
      }
      case 'error': case 'bad':
        // A byte-order mark at the very start is an encoding artefact, not text.
        if (at === 0 && t.text.startsWith('\ufeff')) continue;
        if (t.text.startsWith('\\')) out.push(bad('\\', at, msg('latex.command-name', { backslash: '"\\"' })));
        else out.push(bad(String.fromCodePoint(t.text.codePointAt(0) ?? 0), at, unexpectedCharacter(t.text)));
        if (type === 'error') return out;
        continue;
      default:
        out.push(tok(type as LatexTokenType, t.text, at));
    }
  }
  return out;
}

/** `\text{…}`, `\mathrm{out}`, `\operatorname{relu}`, `\label{…}`. */
function lexWrapped(text: string, at: number): LatexToken {
  const command = /^\\([A-Za-z]+)/.exec(text)![1]!;
  const content = text.slice(text.indexOf('{') + 1, -1);
  const word = content.trim();
  const identifier = /^[A-Za-z][A-Za-z0-9]*$/.test(word);
  switch (command) {
    case 'mathrm': case 'mathit': case 'mathsf': {
      if (!identifier) return bad(text, at, msg('latex.name-inside', { command: `\\${command}{…}` }));
      const callable = callableWord(word);
      return tok('name', text, at, word, callable ? { callable } : {});
    }
    case 'operatorname': {
      // `\operatorname{leaky\_relu}`: an underscore is escaped in TeX.
      const row = lookupFunction(word.replace(/\\_/g, '_'));
      if (row !== undefined) return tok('fn', text, at, row.name);
      if (word === 'sqrt') return tok('fn', text, at, 'sqrt');
      // Functions of whole vectors and matrices (SPEC §12): read here, refused by the scalar lowering with the reason.
      if (['softmax', 'logsumexp', 'mean', 'norm', 'diag', 'transpose'].includes(word)) return tok('fn', text, at, word);
      return bad(text, at, msg('latex.unknown-operator', { command: `\\operatorname{${word}}` }));
    }
    case 'label': case 'tag':
      return tok('separator', text, at, text, { spacing: true });
    default:
      return tok('text', text, at, content);
  }
}

function lexEnvironment(text: string, at: number): LatexToken {
  const side = text.startsWith('\\begin') ? 'begin' : 'end';
  const env = text.slice(text.indexOf('{') + 1, -1);
  if (MATRIX_ENVIRONMENTS.has(env) || env === 'cases') return tok(side, text, at, env);
  if (TRANSPARENT_ENVIRONMENTS.has(env)) return tok('separator', text, at, text, { spacing: true });
  return bad(text, at, env === '' ? msg('latex.empty-environment', {}) : msg('latex.environment', { env }));
}

// ---------------------------------------------------------------------------
// Pass 2: TeX's one-token arguments

/** Matching `}` for every `{` (and `]` for `[`), by index; unmatched ones are absent. */
function matchPairs(tokens: readonly LatexToken[], open: LatexTokenType, close: LatexTokenType): Map<number, number> {
  const out = new Map<number, number>();
  const stack: number[] = [];
  tokens.forEach((t, i) => {
    if (t.type === open) stack.push(i);
    else if (t.type === close && stack.length > 0) out.set(stack.pop()!, i);
  });
  return out;
}

/**
 * In TeX an argument without braces is one token: `x^23` is x² times 3,
 * `\frac12` is ½, `x_ab` is x_a times b. Cut numbers and names after
 * `^`, `_`, `\frac` and `\sqrt` so that the grammar sees the same.
 */
function cutArguments(tokens: readonly LatexToken[]): LatexToken[] {
  const braces = matchPairs(tokens, 'lbrace', 'rbrace');
  const brackets = matchPairs(tokens, 'lbrack', 'rbrack');
  // token index → how many one-character arguments to cut off its front
  const cuts = new Map<number, number>();
  /** Where the argument starting at token j ends (exclusive), cutting it when it is long. */
  const argument = (j: number, alreadyCut: number): number | undefined => {
    const t = tokens[j];
    if (t === undefined) return undefined;
    if (t.type === 'lbrace') {
      const close = braces.get(j);
      return close === undefined ? undefined : close + 1;
    }
    if ((t.type === 'number' || t.type === 'name') && t.text === t.value && t.length - alreadyCut > 1) {
      cuts.set(j, alreadyCut + 1);
      return j; // the rest of this token comes next
    }
    return j + 1;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'caret' || t.type === 'underscore') argument(i + 1, 0);
    else if (t.type === 'frac') {
      const next = argument(i + 1, 0);
      if (next !== undefined) argument(next, next === i + 1 ? cuts.get(i + 1) ?? 0 : 0);
    } else if (t.type === 'sqrt') {
      let j = i + 1;
      if (tokens[j]?.type === 'lbrack') j = (brackets.get(j) ?? j) + 1;
      argument(j, 0);
    }
  }
  if (cuts.size === 0) return [...tokens];
  const out: LatexToken[] = [];
  tokens.forEach((t, i) => {
    const n = cuts.get(i);
    if (n === undefined) {
      out.push(t);
      return;
    }
    for (let k = 0; k < n; k++) out.push(piece(t, k, k + 1));
    out.push(piece(t, n, t.length));
  });
  return out;
}

function piece(t: LatexToken, from: number, to: number): LatexToken {
  const text = t.text.slice(from, to);
  if (t.type === 'name') {
    const callable = callableWord(text);
    return tok('name', text, t.offset + from, text, { cut: true, ...(callable ? { callable } : {}) });
  }
  return tok(t.type, text, t.offset + from, text, { cut: true });
}

// ---------------------------------------------------------------------------
// Pass 3: brackets

type OpenerKind = 'paren' | 'brack' | 'brace' | 'set' | 'bar' | 'vert' | 'left' | 'begin';

interface Opener {
  readonly index: number;
  readonly kind: OpenerKind;
  /** For `\left`: the plain type it becomes. */
  readonly leftType?: LatexTokenType;
}

const OPENERS: Partial<Record<LatexTokenType, OpenerKind>> = {
  lparen: 'paren', lbrack: 'brack', lbrace: 'brace', lset: 'set', lbar: 'vert', begin: 'begin',
};
const CLOSERS: Partial<Record<LatexTokenType, OpenerKind>> = {
  rparen: 'paren', rbrack: 'brack', rbrace: 'brace', rset: 'set', rbar: 'vert', end: 'begin',
};
const CLOSER_TEXT: Record<OpenerKind, string> = {
  paren: ')', brack: ']', brace: '}', set: '\\}', bar: '|', vert: '\\rvert', left: '\\right', begin: '\\end',
};

/** The plain bracket type a `\left`/`\right` delimiter stands for. */
function delimiterType(side: 'left' | 'right', delim: string): LatexTokenType {
  switch (delim) {
    case '(': return 'lparen';
    case ')': return 'rparen';
    case '[': return 'lbrack';
    case ']': return 'rbrack';
    case '\\{': case '\\lbrace': return 'lset';
    case '\\}': case '\\rbrace': return 'rset';
    case '\\lvert': return 'lbar';
    case '\\rvert': return 'rbar';
    default: return side === 'left' ? 'lbar' : 'rbar';
  }
}

/** Token types after which an operand has ended (so a `|` there closes, or multiplies). */
const ENDS_OPERAND: ReadonlySet<LatexTokenType> = new Set<LatexTokenType>([
  'number', 'name', 'ellipsis', 'prime', 'rparen', 'rbrack', 'rbrace', 'rset', 'rbar', 'end', 'text',
]);

/** Types that open a new level of a unary chain: a sign where an operand is expected, a bare function head. */
const PREFIX: ReadonlySet<LatexTokenType> = new Set<LatexTokenType>(['fn', 'sum', 'nabla']);

export interface PairedTokens {
  readonly tokens: LatexToken[];
  /** Bracket depth before each token (an opener's depth is the depth outside it). */
  readonly depth: number[];
  /** Index of the matching closer of each opener, and of the opener of each closer. */
  readonly partner: Map<number, number>;
}

/**
 * Match brackets of every kind (`( )`, `[ ]`, `{ }`, `\{ \}`, bars,
 * `\left … \right`, `\begin … \end`), turn `\left(` into a plain `(` once
 * matched, decide for each `|` whether it opens or closes an absolute value,
 * and record the depth. A mismatched or unmatched bracket, and nesting
 * deeper than MAX_LATEX_NESTING, become bad tokens.
 *
 * A `|` opens where an operand is expected (`|x|`, `a + |b|`); after an
 * operand it closes the innermost open bar, if the innermost bracket is
 * one, and otherwise opens a new one (`|a|b|c|` is |a|·b·|c|, `||x||` is
 * ||x||), the pairs SymPy's LaTeX parser accepts.
 */
function pairBrackets(input: readonly LatexToken[]): PairedTokens {
  const tokens = [...input];
  const depth: number[] = [];
  const partner = new Map<number, number>();
  const stack: Opener[] = [];
  // Levels of unary signs and bare function heads: in the current bracket
  // (`chain`) and in the brackets around it (`outer`).
  let chain = 0;
  let outer = 0;
  const savedChains: number[] = [];
  let tooDeep = false;
  const level = (): number => stack.length + outer + chain;
  const push = (o: Opener): void => {
    stack.push(o);
    if (!tooDeep && level() > MAX_LATEX_NESTING) {
      tooDeep = true;
      const t = tokens[o.index]!;
      tokens[o.index] = bad(t.text, t.offset, msg('error.nesting', { max: MAX_LATEX_NESTING }));
    }
    savedChains.push(chain);
    outer += chain;
    chain = 0;
  };
  const pop = (): Opener => {
    chain = savedChains.pop() ?? 0;
    outer -= chain;
    return stack.pop()!;
  };
  const openerText = (o: Opener): string => tokens[o.index]!.text;

  for (let i = 0; i < tokens.length; i++) {
    let t = tokens[i]!;
    depth.push(stack.length);
    const previous = tokens[i - 1];
    const afterOperand = previous !== undefined && ENDS_OPERAND.has(previous.type);

    if (t.type === 'bar') {
      const top = stack[stack.length - 1];
      if (afterOperand && top?.kind === 'bar') t = tokens[i] = tok('rbar', t.text, t.offset, t.value);
      else t = tokens[i] = tok('lbar', t.text, t.offset, t.value);
      if (t.type === 'lbar') {
        push({ index: i, kind: 'bar' });
        continue;
      }
      const opener = pop();
      partner.set(opener.index, i).set(i, opener.index);
      depth[i] = stack.length;
      continue;
    }
    if (t.type === 'left') {
      push({ index: i, kind: 'left', leftType: delimiterType('left', t.value) });
      continue;
    }
    const openKind = OPENERS[t.type];
    if (openKind !== undefined) {
      push({ index: i, kind: openKind });
      continue;
    }
    const closeKind = t.type === 'right' ? 'left' : CLOSERS[t.type];
    if (closeKind !== undefined) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        tokens[i] = bad(t.text, t.offset, msg('latex.no-opener', { found: `"${t.text}"` }));
        continue;
      }
      if (top.kind !== closeKind) {
        const wanted = top.kind === 'left' ? rightFor(tokens[top.index]!.value) : CLOSER_TEXT[top.kind];
        tokens[i] = bad(t.text, t.offset, msg('error.unclosed', { closer: wanted, opener: openerText(top), at: AT, found: `"${t.text}"` }), tokens[top.index]!);
        // Recover as if it closed the innermost bracket, so that the rest keeps its depth.
        pop();
        depth[i] = stack.length;
        continue;
      }
      if (top.kind === 'left') {
        const want = rightFor(tokens[top.index]!.value);
        const got = delimiterType('right', t.value);
        if (got !== delimiterType('right', want.slice('\\right'.length))) {
          tokens[i] = bad(t.text, t.offset, msg('error.unclosed', { closer: want, opener: openerText(top), at: AT, found: `"${t.text}"` }), tokens[top.index]!);
        } else {
          tokens[i] = tok(got, t.text, t.offset, t.value);
          tokens[top.index] = tok(top.leftType!, tokens[top.index]!.text, tokens[top.index]!.offset, tokens[top.index]!.value);
        }
      } else if (top.kind === 'begin' && tokens[top.index]!.value !== t.value) {
        tokens[i] = bad(t.text, t.offset, msg('error.unclosed', { closer: `\\end{${tokens[top.index]!.value}}`, opener: openerText(top), at: AT, found: `"${t.text}"` }), tokens[top.index]!);
      }
      const opener = pop();
      partner.set(opener.index, i).set(i, opener.index);
      depth[i] = stack.length;
      continue;
    }
    // Unary chains: `- - - x`, `\sin \sin x`.
    if (((t.type === 'minus' || t.type === 'plus') && !afterOperand) || PREFIX.has(t.type)) {
      chain++;
      if (!tooDeep && level() > MAX_LATEX_NESTING) {
        tooDeep = true;
        tokens[i] = bad(t.text, t.offset, msg('error.nesting', { max: MAX_LATEX_NESTING }));
      }
    } else if (!['caret', 'underscore', 'differential'].includes(t.type)) chain = 0;
  }
  // Openers never closed: the error goes at the end, naming the opener.
  const lastToken = tokens[tokens.length - 1];
  const endOffset = lastToken ? lastToken.offset + lastToken.length : 0;
  for (const o of stack) {
    const t = tokens[o.index]!;
    if (t.type === 'bad') continue;
    const wanted = o.kind === 'left' ? rightFor(t.value) : CLOSER_TEXT[o.kind] === '\\end' ? `\\end{${t.value}}` : CLOSER_TEXT[o.kind];
    tokens.push(bad('', endOffset, msg('error.unclosed', { closer: wanted, opener: t.text, at: AT, found: msg('error.end-of-input', {}) }), t));
    depth.push(stack.length);
    break;
  }
  return { tokens, depth, partner };
}

function rightFor(leftDelim: string): string {
  const pairs: Record<string, string> = {
    '(': ')', '[': ']', '|': '|', '\\{': '\\}', '\\lbrace': '\\rbrace', '\\lvert': '\\rvert', '\\vert': '\\vert',
  };
  return `\\right${pairs[leftDelim] ?? leftDelim}`;
}

// ---------------------------------------------------------------------------
// Pass 4: meaning from context

/** Binary operators and relations: a `\text{word}` next to one is a name. */
const OPERATOR_LIKE: ReadonlySet<LatexTokenType> = new Set<LatexTokenType>(['plus', 'minus', 'times', 'divide', 'rel']);

/** Tokens that may stand alone as a one-token argument (`x^2`, `\frac12`, `x_a`, `e^\pi`). */
const ONE_TOKEN_ARGUMENT: ReadonlySet<LatexTokenType> = new Set<LatexTokenType>(['number', 'name']);

export interface ClassifiedTokens {
  readonly tokens: LatexToken[];
  readonly depth: number[];
}

/**
 * Decide what context decides, dropping tokens that only annotate:
 * - a name that names a function (`\sigma`, `exp`, `\mathrm{relu}`)
 *   directly followed by "(" is a call (`fn`); otherwise it stays a name;
 * - `\frac{dE}{dw}`, `\frac{d}{dx}`, `\frac{d^2y}{dx^2}`: when the numerator
 *   starts with the letter d and the denominator is only d-names, the d's
 *   are differentials (the ∂ form needs no guessing);
 * - `\text{word}` is a name when `word` is an identifier and an operator,
 *   relation, subscript or superscript touches it (`\text{out}_{h1}`,
 *   `\text{target} - \text{out}`), and a comment otherwise; a bracket
 *   holding only comments is an annotation and goes too (`(\text{sigmoid})`);
 * - a missing argument of `\frac`, `\sqrt`, `^` or `_` is named here.
 */
function classify(paired: PairedTokens): ClassifiedTokens {
  const { tokens, depth, partner } = paired;
  const drop = new Set<number>();
  const replace = new Map<number, LatexToken[]>();
  const set = (i: number, t: LatexToken): void => {
    replace.set(i, [t]);
  };
  const at = (i: number): LatexToken | undefined => tokens[i];
  /** Index after the argument at j (brace group or one token), or undefined when there is none. */
  const argumentEnd = (j: number): number | undefined => {
    const t = at(j);
    if (t === undefined) return undefined;
    if (t.type === 'lbrace') {
      const close = partner.get(j);
      return close === undefined ? undefined : close + 1;
    }
    return ONE_TOKEN_ARGUMENT.has(t.type) ? j + 1 : undefined;
  };
  const missing = (j: number, what: Message): void => {
    const t = at(j);
    const where = t ?? tokens[tokens.length - 1];
    const offset = t ? t.offset : where ? where.offset + where.length : 0;
    const found: Param = t === undefined || (t.type === 'bad' && t.text === '') ? msg('error.end-of-input', {}) : `"${t.text}"`;
    // Put the message on the token that is there, or after the last one.
    if (t === undefined || (t.type === 'bad' && t.text === '')) {
      tokens.push(bad('', offset, msg('latex.expected-brace', { brace: '"{"', what, found })));
      depth.push(depth[depth.length - 1] ?? 0);
    } else if (t.type !== 'bad') {
      set(j, bad(t.text, t.offset, msg('latex.expected-brace', { brace: '"{"', what, found })));
    }
  };

  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    switch (t.type) {
      case 'name': {
        const next = at(i + 1);
        // `\sigma'(z)` is a call too: of the derivative (SPEC §6).
        const call = next?.type === 'lparen' || (next?.type === 'prime' && at(i + 2)?.type === 'lparen');
        if (t.callable !== undefined && call) set(i, tok('fn', t.text, t.offset, t.callable));
        break;
      }
      case 'frac': {
        const numeratorEnd = argumentEnd(i + 1);
        if (numeratorEnd === undefined) {
          missing(i + 1, msg('latex.numerator', { command: '\\frac' }));
          break;
        }
        const denominatorEnd = argumentEnd(numeratorEnd);
        if (denominatorEnd === undefined) {
          missing(numeratorEnd, msg('latex.denominator', { command: '\\frac' }));
          break;
        }
        if (at(i + 1)?.type === 'lbrace' && at(numeratorEnd)?.type === 'lbrace') {
          differentials(tokens, i + 2, numeratorEnd - 2, numeratorEnd + 1, denominatorEnd - 2, replace);
        }
        break;
      }
      case 'sqrt': {
        let j = i + 1;
        if (at(j)?.type === 'lbrack') j = (partner.get(j) ?? j) + 1;
        if (argumentEnd(j) === undefined) missing(j, msg('latex.sqrt-argument', { command: '\\sqrt' }));
        break;
      }
      case 'caret': case 'underscore': {
        const next = at(i + 1);
        const ok = argumentEnd(i + 1) !== undefined || (t.type === 'caret' && next?.type === 'plus');
        if (!ok) missing(i + 1, t.type === 'caret' ? msg('latex.superscript-after', { op: '"^"' }) : msg('latex.subscript-after', { op: '"_"' }));
        break;
      }
      case 'text':
        if (isNamedText(tokens, i)) set(i, tok('name', t.text, t.offset, t.value.trim()));
        else if (depth[i]! > 0) drop.add(i);
        break;
      case 'separator':
        if (depth[i]! > 0) {
          if (t.spacing) drop.add(i);
          else set(i, bad(t.text, t.offset, msg('latex.inside-brackets', { found: `"${t.text}"` })));
        }
        break;
      case 'compare':
        if (!insideCases(tokens, depth, i)) set(i, bad(t.text, t.offset, t.text.startsWith('\\') ? msg('latex.unsupported', { command: t.text }) : unexpectedCharacter(t.text)));
        break;
      case 'begin': case 'end':
        // `cases` pairs like a matrix; the grammar reads it as a piecewise definition.
        if (t.value === 'cases') set(i, tok(t.type === 'begin' ? 'beginCases' : 'endCases', t.text, t.offset, t.value));
        break;
      case 'newline': case 'amp':
        // Line breaks and alignment points of `aligned`; inside a matrix they separate cells.
        if (depth[i] === 0 && t.type === 'amp') drop.add(i);
        else if (depth[i]! > 0 && !insideMatrix(tokens, depth, i)) {
          set(i, bad(t.text, t.offset, msg('latex.outside-matrix', { found: `"${t.text}"` })));
        }
        break;
      case 'number': case 'fn': case 'differential': case 'sum': case 'ellipsis': case 'plus': case 'minus': case 'times':
      case 'divide': case 'prime': case 'lparen': case 'rparen': case 'lbrack': case 'rbrack': case 'lbrace': case 'rbrace':
      case 'lset': case 'rset': case 'lbar': case 'rbar': case 'comma': case 'rel': case 'nabla': case 'beginCases':
      case 'endCases': case 'bar': case 'left': case 'right': case 'bad':
        break;
      default:
        assertNever(t.type);
    }
  }

  dropAnnotations(tokens, partner, drop);
  const out: LatexToken[] = [];
  const outDepth: number[] = [];
  tokens.forEach((t, i) => {
    if (drop.has(i)) return;
    for (const r of replace.get(i) ?? [t]) {
      out.push(r);
      outDepth.push(depth[i]!);
    }
  });
  return { tokens: out, depth: outDepth };
}

/**
 * `\text{word}` at i names something when `word` is an identifier and an
 * operator, relation, subscript or superscript touches it, or it is a subscript.
 */
function isNamedText(tokens: readonly LatexToken[], i: number): boolean {
  const previous = tokens[i - 1];
  const next = tokens[i + 1];
  const inSubscript = previous?.type === 'lbrace' && tokens[i - 2]?.type === 'underscore';
  const touched = (previous !== undefined && OPERATOR_LIKE.has(previous.type))
    || (next !== undefined && (OPERATOR_LIKE.has(next.type) || next.type === 'underscore' || next.type === 'caret' || next.type === 'prime'));
  return /^[A-Za-z][A-Za-z0-9]*$/.test(tokens[i]!.value.trim()) && (touched || inSubscript);
}

/** A bracket pair that holds only dropped comments is an annotation and goes too: `(\text{sigmoid})`. */
function dropAnnotations(tokens: readonly LatexToken[], partner: ReadonlyMap<number, number>, drop: Set<number>): void {
  for (const [open, close] of partner) {
    if (close <= open || close === open + 1) continue;
    let onlyComments = true;
    for (let k = open + 1; k < close && onlyComments; k++) onlyComments = drop.has(k);
    if (onlyComments && OPENERS[tokens[open]!.type] !== 'brace') {
      drop.add(open);
      drop.add(close);
    }
  }
}

/** The innermost opener around token i: the nearest earlier token one level out. */
function openerOf(tokens: readonly LatexToken[], depth: readonly number[], i: number): LatexToken | undefined {
  const d = depth[i]!;
  for (let k = i - 1; k >= 0; k--) if (depth[k]! < d) return tokens[k];
  return undefined;
}

/** Is token i directly inside a matrix (or `cases`) environment, not inside a bracket within it? */
const insideMatrix = (tokens: readonly LatexToken[], depth: readonly number[], i: number): boolean => openerOf(tokens, depth, i)?.type === 'begin';

/** Is token i directly inside a `cases` environment? */
const insideCases = (tokens: readonly LatexToken[], depth: readonly number[], i: number): boolean => openerOf(tokens, depth, i)?.value === 'cases';

/**
 * `\frac{dE}{dw}` and friends: when the numerator (tokens a..b, inclusive)
 * starts with a d-name and the denominator (c..e) is one or more
 * d-names (`dw`, `d w`, `\mathrm{d} w`, each with an optional subscript and
 * power), the d's become differentials.
 */
function differentials(tokens: readonly LatexToken[], a: number, b: number, c: number, e: number, replace: Map<number, LatexToken[]>): void {
  const isD = (t: LatexToken | undefined): boolean => t?.type === 'name' && t.value === 'd';
  const startsD = (t: LatexToken | undefined): boolean => t?.type === 'name' && t.text === t.value && /^d[A-Za-z]/.test(t.text);
  const first = tokens[a];
  if (a > b || !(isD(first) || startsD(first))) return;
  const units: number[] = [];
  let k = c;
  // Skip a one-token or braced script.
  const script = (j: number): number => {
    const s = tokens[j + 1];
    if (s?.type !== 'lbrace') return j + 2;
    let level = 0;
    for (let m = j + 1; m <= e; m++) {
      if (tokens[m]!.type === 'lbrace') level++;
      else if (tokens[m]!.type === 'rbrace' && --level === 0) return m + 1;
    }
    return e + 2;
  };
  while (k <= e) {
    const t = tokens[k];
    if (isD(t) && tokens[k + 1]?.type === 'name') {
      units.push(k);
      k += 2;
    } else if (startsD(t)) {
      units.push(k);
      k += 1;
    } else return;
    if (tokens[k]?.type === 'underscore') k = script(k);
    if (tokens[k]?.type === 'caret') k = script(k);
  }
  if (k !== e + 1 || units.length === 0) return;
  for (const j of [a, ...units]) {
    const t = tokens[j]!;
    if (isD(t)) replace.set(j, [tok('differential', t.text, t.offset, 'd')]);
    else {
      replace.set(j, [
        tok('differential', 'd', t.offset, 'd'),
        tok('name', t.text.slice(1), t.offset + 1, t.text.slice(1)),
      ]);
    }
  }
}

// ---------------------------------------------------------------------------

/**
 * The tokens of one block of LaTeX math, with their bracket depth. Never
 * throws; problems are `bad` tokens.
 */
export function lexLatex(tex: string): ClassifiedTokens {
  return classify(pairBrackets(cutArguments(readUpdateArrows(joinLayerNames(lexRaw(tex))))));
}

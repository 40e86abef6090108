/**
 * The lexical pieces of generated code (SPEC §8 `nabla codegen`) shared by
 * the JavaScript, TypeScript and Python printers: which languages there
 * are, which names may name the generated function, and literals.
 *
 * Invariant: a name from a formula file never reaches generated code as
 * code: it is a string literal escaped here, or text in a comment reduced
 * to letters, digits and `_`.
 */

import { RefusedNameError } from '../errors.ts';
import { FUNCTIONS } from '../functions.ts';
import { msg } from '../messages/format.ts';
import type { Message } from '../messages/message.ts';

export type CodegenLanguage = 'ts' | 'js' | 'python';
export const CODEGEN_LANGUAGES: readonly CodegenLanguage[] = ['ts', 'js', 'python'];

const JS_RESERVED = new Set(('break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield await arguments eval undefined NaN Infinity').split(' '));
const PY_RESERVED = new Set(('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield np numpy inputs').split(' '));

/** The JavaScript module's own helper that reads one input by key. */
export const INPUT_HELPER = 'input';

/** Module-level helpers the JavaScript may define; the function may not take their names. */
const JS_HELPER_NAMES: ReadonlySet<string> = new Set([INPUT_HELPER, ...FUNCTIONS.flatMap((row) => (row.js.helper ? [row.js.helper.name] : []))]);

/**
 * Globals the generated modules call: a function of that name would shadow
 * them (`function Math` breaks every `Math.exp`, `def print` the example's
 * output), so the function may not take it.
 */
const JS_GLOBALS_USED: ReadonlySet<string> = new Set(['Math', 'Object', 'JSON', 'TypeError']);
const PY_GLOBALS_USED: ReadonlySet<string> = new Set(['print', 'float', '__name__']);

/** Refuse a name for the generated function that is no plain identifier, a reserved word, a helper, a global the module uses or a local (`t0`). */
export function checkFunctionName(name: string, lang: CodegenLanguage): void {
  const python = lang === 'python';
  if (python ? PY_GLOBALS_USED.has(name) : JS_GLOBALS_USED.has(name)) {
    const module = python ? 'Python' : lang === 'ts' ? 'TypeScript' : 'JavaScript';
    throw new RefusedNameError(msg('codegen.builtin-name', { name: `"${name}"`, module, builtin: name }), name);
  }
  const ok = python ? /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PY_RESERVED.has(name)
    : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !JS_RESERVED.has(name) && !JS_HELPER_NAMES.has(name);
  const generated = /^t\d+$/.test(name);
  if (!ok || generated) throw new RefusedNameError(msg('codegen.plain-name', { name: `"${name}"` }), name);
}

/**
 * A string literal of `s`, valid in both JavaScript and Python source:
 * printable ASCII as is, everything else (quotes, backslashes, line
 * separators, non-ASCII) as an escape.
 */
export function stringLiteral(s: string, lang: CodegenLanguage): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c < 0x7f && ch !== '"' && ch !== '\\') out += ch;
    else if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (lang === 'python') out += c > 0xffff ? `\\U${c.toString(16).padStart(8, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\u{${c.toString(16)}}`;
  }
  return `${out}"`;
}

/** Text safe inside a comment: only letters, digits and `_`, the rest as `?`. */
export const commentText = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '?');

/**
 * A float literal: `0.05`, `-2`, `1e-7`, `1e+21` (Python: always a float,
 * `2.0`; a literal with an exponent is one already, and `1e+21.0` would be
 * a syntax error). Every number literal of generated code comes from here.
 */
export function numberLiteral(x: number, python: boolean): string {
  if (Number.isNaN(x)) return python ? 'np.nan' : 'NaN';
  if (!Number.isFinite(x)) return python ? `${x < 0 ? '-' : ''}np.inf` : `${x < 0 ? '-' : ''}Infinity`;
  const text = String(x);
  return python && /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** Convolution and pooling nodes have no array code yet: the generated module refuses them whole rather than half-written. */
export const WINDOWS_NOT_WRITTEN: Message = msg('codegen.windows', { codegen: 'codegen', conv2d: 'conv2d', maxpool: 'maxpool', run: 'nabla run', spec: 'SPEC §7' });

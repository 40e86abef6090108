/**
 * The evaluation tape: expressions compiled once to a flat list of
 * instructions over one Float64Array of slots (one slot per distinct DAG
 * node; constants preloaded), run by one small loop.
 *
 * Why a tape and not generated JavaScript: V8 optimises a loop while it runs
 * (on-stack replacement), so a gradient of thousands of operations is fast
 * from its first evaluation, whereas straight-line code of that size stays
 * interpreted for a thousand calls or more. And no code is built from
 * strings, so nothing a user writes can reach an `eval`, and the playground
 * runs under a strict content-security policy. (`nabla codegen` writes
 * straight-line code for people to keep.)
 */

import { assertNever, type Expr } from '../expr/node.ts';
import * as Q from '../expr/rational.ts';
import { NablaError } from '../errors.ts';
import { FUNCTIONS, functionRow, type FunctionRow } from '../functions.ts';
import type { FunctionName } from '../expr/function-name.ts';
import { msg } from '../messages/format.ts';

// Instruction codes. Layout: [op, dst, operands…].
const INPUT = 0; //    dst index          s[dst] = v[index]
const ADD = 1; //      dst n a1…an
const MUL = 2; //      dst n a1…an
const SQUARE = 3; //   dst a
const RECIP = 4; //    dst a
const SQRT = 5; //     dst a
const RSQRT = 6; //    dst a
const POWC = 7; //     dst a c            Math.pow(s[a], s[c])
const ODDROOT = 8; //  dst a c sign       a real odd root of a negative base
const POW = 9; //      dst a b
const EXP = 10; //     dst a
const LOG = 11; //     dst a
const SIGMOID = 12; // dst a
const TANH = 13; //    dst a
const SIN = 14; //     dst a
const COS = 15; //     dst a
const CALL = 16; //    dst row n a1…an    a registry function

/** Functions with an instruction of their own: the common ones in neural networks. */
const UNARY_OPS: Readonly<Partial<Record<FunctionName, number>>> = { exp: EXP, log: LOG, sigmoid: SIGMOID, tanh: TANH, sin: SIN, cos: COS };

const ROW_INDEX = new Map<FunctionRow, number>(FUNCTIONS.map((row, i) => [row, i]));
const ROW_FUNCTIONS = FUNCTIONS.map((r) => r.evaluate);

export interface Tape {
  readonly code: Int32Array;
  /** Slot values; constants are written once here and never overwritten. */
  readonly slots: Float64Array;
  /** The slot of each output. */
  readonly outputs: Int32Array;
}

const constantValue = (e: Expr): number | undefined =>
  e.kind === 'num' ? Q.toNumber(e.value) : e.kind === 'const' ? (e.name === 'e' ? Math.E : Math.PI) : undefined;

/**
 * Compile the nodes (`order`: operands before users, each once, `place` the place of
 * each in it) to a tape computing `roots`.
 * A name `bound` gives an expression is not an input: it reads the slot of that expression,
 * which must come earlier in `order` (a system of definitions evaluated in
 * one tape without inlining it).
 */
export function buildTape(
  order: readonly Expr[],
  roots: readonly Expr[],
  names: readonly string[],
  bound: ((name: string) => Expr | undefined) | undefined,
  place: (e: Expr) => number,
): Tape {
  // Set one by one: no pair array per name (a chain's tape reads 100,000 inputs).
  const inputIndex = new Map<string, number>();
  for (let i = 0; i < names.length; i++) inputIndex.set(names[i]!, i);
  // Each node's slot by its place in `order`: the walk that made the order found every
  // place once, so a system's tens of thousands of nodes add no map of their own.
  const slotAt = new Int32Array(order.length);
  const constants: number[] = [];
  const code = new CodeWriter();
  const slotOf = (e: Expr): number => slotAt[place(e)]!;
  // Constants first, so every slot a constant needs is allocated before use.
  for (let i = 0; i < order.length; i++) {
    const c = constantValue(order[i]!);
    if (c === undefined) continue;
    slotAt[i] = constants.length;
    constants.push(c);
  }
  let next = constants.length;
  for (let at = 0; at < order.length; at++) {
    const node = order[at]!;
    // The constants have their slots.
    if (node.kind === 'num' || node.kind === 'const') continue;
    const alias = node.kind === 'sym' ? bound?.(node.name) : undefined;
    if (alias !== undefined) {
      slotAt[at] = slotOf(alias);
      continue;
    }
    const dst = next++;
    slotAt[at] = dst;
    switch (node.kind) {
      case 'sym': {
        const i = inputIndex.get(node.name);
        if (i === undefined) throw new NablaError(msg('value.none', { name: `"${node.name}"` }));
        code.push(INPUT, dst, i);
        break;
      }
      case 'add':
        code.push(ADD, dst, node.terms.length);
        for (const t of node.terms) code.push(slotOf(t));
        break;
      case 'mul':
        code.push(MUL, dst, node.factors.length);
        for (const f of node.factors) code.push(slotOf(f));
        break;
      case 'pow': {
        const b = slotOf(node.base);
        if (node.exp.kind === 'num') {
          const q = node.exp.value;
          const p = Q.toNumber(q);
          if (p === 2) code.push(SQUARE, dst, b);
          else if (p === -1) code.push(RECIP, dst, b);
          else if (p === 0.5) code.push(SQRT, dst, b);
          else if (p === -0.5) code.push(RSQRT, dst, b);
          else if (q.den % 2n === 1n && q.den !== 1n) code.push(ODDROOT, dst, b, slotOf(node.exp), q.num % 2n === 0n ? 1 : -1);
          else code.push(POWC, dst, b, slotOf(node.exp));
        } else code.push(POW, dst, b, slotOf(node.exp));
        break;
      }
      case 'call': {
        const op = node.args.length === 1 ? UNARY_OPS[node.fn] : undefined;
        if (op !== undefined) {
          code.push(op, dst, slotOf(node.args[0]!));
          break;
        }
        code.push(CALL, dst, ROW_INDEX.get(functionRow(node.fn))!, node.args.length);
        for (const a of node.args) code.push(slotOf(a));
        break;
      }
      case 'deriv':
        throw new NablaError(msg('internal.unresolved-evaluation', {}));
      default:
        assertNever(node);
    }
  }
  const slots = new Float64Array(next);
  slots.set(constants);
  return { code: code.finish(), slots, outputs: new Int32Array(roots.map(slotOf)) };
}

/**
 * The instructions as they are written: an Int32Array grown by doubling.
 * Pushing the million numbers of a long chain's tape onto an array, then
 * copying them into an Int32Array, was most of the time of building it.
 */
class CodeWriter {
  private words = new Int32Array(1024);
  private length = 0;

  /** Append up to five numbers (an instruction's fixed part; operand lists are appended one by one). */
  push(a: number, b?: number, c?: number, d?: number, e?: number): void {
    if (this.length + 5 > this.words.length) {
      const grown = new Int32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    const w = this.words;
    w[this.length++] = a;
    if (b === undefined) return;
    w[this.length++] = b;
    if (c === undefined) return;
    w[this.length++] = c;
    if (d === undefined) return;
    w[this.length++] = d;
    if (e !== undefined) w[this.length++] = e;
  }

  finish(): Int32Array {
    return this.words.slice(0, this.length);
  }
}

/** The registry's logistic, called directly (a known function V8 can inline). */
const sigmoid = functionRow('sigmoid').evaluate;

/** Run the tape on input values (in the order of the compiled names), writing the outputs to `out`. */
export function runTape(tape: Tape, v: ArrayLike<number>, out: Float64Array): Float64Array {
  const { code, slots: s, outputs } = tape;
  const end = code.length;
  let pc = 0;
  while (pc < end) {
    const op = code[pc]!;
    const dst = code[pc + 1]!;
    switch (op) {
      case INPUT: s[dst] = +v[code[pc + 2]!]!; pc += 3; break;
      case ADD: {
        const n = code[pc + 2]!;
        let acc = 0;
        for (let i = 0; i < n; i++) acc += s[code[pc + 3 + i]!]!;
        s[dst] = acc;
        pc += 3 + n;
        break;
      }
      case MUL: {
        const n = code[pc + 2]!;
        let acc = 1;
        for (let i = 0; i < n; i++) acc *= s[code[pc + 3 + i]!]!;
        s[dst] = acc;
        pc += 3 + n;
        break;
      }
      case SQUARE: { const a = s[code[pc + 2]!]!; s[dst] = a * a; pc += 3; break; }
      case RECIP: s[dst] = 1 / s[code[pc + 2]!]!; pc += 3; break;
      case SQRT: s[dst] = Math.sqrt(s[code[pc + 2]!]!); pc += 3; break;
      case RSQRT: s[dst] = 1 / Math.sqrt(s[code[pc + 2]!]!); pc += 3; break;
      case POWC: s[dst] = Math.pow(s[code[pc + 2]!]!, s[code[pc + 3]!]!); pc += 4; break;
      case ODDROOT: {
        const b = s[code[pc + 2]!]!;
        const p = s[code[pc + 3]!]!;
        s[dst] = b < 0 ? code[pc + 4]! * Math.pow(-b, p) : Math.pow(b, p);
        pc += 5;
        break;
      }
      case POW: s[dst] = Math.pow(s[code[pc + 2]!]!, s[code[pc + 3]!]!); pc += 4; break;
      case EXP: s[dst] = Math.exp(s[code[pc + 2]!]!); pc += 3; break;
      case LOG: s[dst] = Math.log(s[code[pc + 2]!]!); pc += 3; break;
      case SIGMOID: s[dst] = sigmoid(s[code[pc + 2]!]!); pc += 3; break;
      case TANH: s[dst] = Math.tanh(s[code[pc + 2]!]!); pc += 3; break;
      case SIN: s[dst] = Math.sin(s[code[pc + 2]!]!); pc += 3; break;
      case COS: s[dst] = Math.cos(s[code[pc + 2]!]!); pc += 3; break;
      case CALL: {
        const f = ROW_FUNCTIONS[code[pc + 2]!]!;
        const n = code[pc + 3]!;
        s[dst] = n === 1 ? f(s[code[pc + 4]!]!) : n === 2 ? f(s[code[pc + 4]!]!, s[code[pc + 5]!]!) : f(...Array.from({ length: n }, (_, i) => s[code[pc + 4 + i]!]!));
        pc += 4 + n;
        break;
      }
      default:
        throw new Error(`bad tape instruction ${op} at ${pc}`);
    }
  }
  for (let i = 0; i < outputs.length; i++) out[i] = s[outputs[i]!]!;
  return out;
}

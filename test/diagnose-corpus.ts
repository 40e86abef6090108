/**
 * Planted mistakes for the diagnoser (SPEC §14), made independently of it:
 * each is a small NAMED edit of a correct claim of a small network, and the
 * code it should get comes from the edit alone (`negate` → sign,
 * `drop-factor` → missing-factor, `misremember-sigmoid` → wrong-rule, …).
 * The true numbers come from a forward and backward pass written out here
 * by hand in plain arithmetic (the oracle), not from nabla.
 */

export type Code =
  | 'wrong-rule' | 'missing-factor' | 'extra-factor' | 'wrong-name' | 'carried' | 'rounding'
  | 'sign' | 'constant-factor' | 'order-of-magnitude' | 'additive-constant' | 'transposed';

export interface Planted {
  /** The edit and the claim it was applied to. */
  readonly name: string;
  readonly code: Code;
  /** A whole document; the planted claim is its last math block (its last `claim` line in a formula file). */
  readonly document: string;
  readonly kind: 'document' | 'formula';
}

/** The homework network: x → tanh unit h → two sigmoid outputs, squared error. */
const NETWORK = [
  '$$net_h = a x + c$$',
  '$$h = \\tanh(net_h)$$',
  '$$net_{o1} = v_1 h + d_1$$',
  '$$net_{o2} = v_2 h + d_2$$',
  '$$out_{o1} = \\sigma(net_{o1})$$',
  '$$out_{o2} = \\sigma(net_{o2})$$',
  '$$E = \\frac{1}{2}(y_1 - out_{o1})^2 + \\frac{1}{2}(y_2 - out_{o2})^2$$',
  'Values: $x = 1.5$, $a = 0.4$, $c = 0.1$, $v_1 = 0.7$, $v_2 = -0.3$, $d_1 = 0.2$, $d_2 = 0.05$, $y_1 = 1$, $y_2 = 0$.',
].join('\n\n');

/** The same network by hand: the oracle for every number below. */
const sigma = (z: number): number => 1 / (1 + Math.exp(-z));
const X = 1.5; const A = 0.4; const C = 0.1; const V1 = 0.7; const V2 = -0.3; const D1 = 0.2; const D2 = 0.05; const Y1 = 1; const Y2 = 0;
const H = Math.tanh(A * X + C);
const O1 = sigma(V1 * H + D1);
const O2 = sigma(V2 * H + D2);
const DELTA1 = (O1 - Y1) * O1 * (1 - O1);
const DELTA2 = (O2 - Y2) * O2 * (1 - O2);
const DH = DELTA1 * V1 + DELTA2 * V2;
export const TRUE = {
  dEdout1: O1 - Y1, dEdout2: O2 - Y2, delta1: DELTA1, delta2: DELTA2,
  dEdv1: DELTA1 * H, dEdv2: DELTA2 * H, dEdd1: DELTA1, dEdh: DH,
  dEdneth: DH * (1 - H * H), dEda: DH * (1 - H * H) * X, dEdc: DH * (1 - H * H), h: H, out1: O1,
};

const partial = (of: string, wrt: string): string => `\\frac{\\partial ${of}}{\\partial ${wrt}}`;
const doc = (...claims: string[]): string => `${NETWORK}\n\n${claims.map((c) => `$$${c}$$`).join('\n\n')}\n`;

/** A correct claim as a sum of products of factors, so edits act on named parts. */
interface Correct {
  readonly of: string;
  readonly wrt: string;
  readonly terms: readonly (readonly string[])[];
}

const S1 = 'out_{o1}(1 - out_{o1})';
const S2 = 'out_{o2}(1 - out_{o2})';
const CORRECT: Readonly<Record<string, Correct>> = {
  dEdnet1: { of: 'E', wrt: 'net_{o1}', terms: [['(out_{o1} - y_1)', S1]] },
  dEdv1: { of: 'E', wrt: 'v_1', terms: [['(out_{o1} - y_1)', S1, 'h']] },
  dEdv2: { of: 'E', wrt: 'v_2', terms: [['(out_{o2} - y_2)', S2, 'h']] },
  dEdh: { of: 'E', wrt: 'h', terms: [['(out_{o1} - y_1)', S1, 'v_1'], ['(out_{o2} - y_2)', S2, 'v_2']] },
  dEda: { of: 'E', wrt: 'a', terms: [['(out_{o1} - y_1)', S1, 'v_1', '(1 - h^2)', 'x'], ['(out_{o2} - y_2)', S2, 'v_2', '(1 - h^2)', 'x']] },
  dEdc: { of: 'E', wrt: 'c', terms: [['(out_{o1} - y_1)', S1, 'v_1', '(1 - h^2)'], ['(out_{o2} - y_2)', S2, 'v_2', '(1 - h^2)']] },
  dout1: { of: 'out_{o1}', wrt: 'net_{o1}', terms: [[S1]] },
  dhdneth: { of: 'h', wrt: 'net_h', terms: [['(1 - h^2)']] },
};

const rhsOf = (terms: readonly (readonly string[])[]): string => terms.map((t) => t.join(' ')).join(' + ').replace(/\+ -/g, '- ');
const claimOf = (c: Correct, terms = c.terms, wrt = c.wrt): string => `${partial(c.of, wrt)} = ${rhsOf(terms)}`;

/** Replace one factor of one term. */
const withFactor = (c: Correct, term: number, factor: number, by: string | undefined): (readonly string[])[] =>
  c.terms.map((t, i) => (i !== term ? t : by === undefined ? t.filter((_, j) => j !== factor) : t.map((f, j) => (j === factor ? by : f))));

/** The named edits of an expression claim, each with the code it plants. */
const SYMBOLIC_EDITS: readonly { name: string; code: Code; claim: string }[] = [
  // negate: the whole right side's sign
  ...['dEdnet1', 'dEdv1', 'dEdh', 'dEda', 'dout1', 'dhdneth'].map((k) => ({
    name: `negate ${k}`, code: 'sign' as const, claim: `${partial(CORRECT[k]!.of, CORRECT[k]!.wrt)} = -\\left(${rhsOf(CORRECT[k]!.terms)}\\right)`,
  })),
  // negate-term: one path's sign in a sum of two paths
  ...['dEdh', 'dEda', 'dEdc'].map((k) => ({
    name: `negate-term ${k}`, code: 'sign' as const, claim: claimOf(CORRECT[k]!, CORRECT[k]!.terms.map((t, i) => (i === 1 ? ['-', ...t] : t))),
  })),
  // drop-factor: a factor that is not an activation's derivative
  { name: 'drop-factor h from dE/dv1', code: 'missing-factor', claim: claimOf(CORRECT.dEdv1!, withFactor(CORRECT.dEdv1!, 0, 2, undefined)) },
  { name: 'drop-factor (out - y) from dE/dv2', code: 'missing-factor', claim: claimOf(CORRECT.dEdv2!, withFactor(CORRECT.dEdv2!, 0, 0, undefined)) },
  { name: 'drop-factor x from dE/da', code: 'missing-factor', claim: claimOf(CORRECT.dEda!, CORRECT.dEda!.terms.map((t) => t.slice(0, 4))) },
  { name: 'drop-factor (1 - h^2) from dE/dc', code: 'missing-factor', claim: claimOf(CORRECT.dEdc!, CORRECT.dEdc!.terms.map((t) => t.slice(0, 3))) },
  { name: 'drop-factor (out - y) from dE/dnet1', code: 'missing-factor', claim: claimOf(CORRECT.dEdnet1!, withFactor(CORRECT.dEdnet1!, 0, 0, undefined)) },
  // repeat-factor: a chain factor written twice
  { name: 'repeat-factor h in dE/dv1', code: 'extra-factor', claim: claimOf(CORRECT.dEdv1!, withFactor(CORRECT.dEdv1!, 0, 2, 'h h')) },
  { name: 'repeat-factor x in dE/da', code: 'extra-factor', claim: claimOf(CORRECT.dEda!, CORRECT.dEda!.terms.map((t) => [...t, 'x'])) },
  { name: 'repeat-factor (out - y) in dE/dnet1', code: 'extra-factor', claim: claimOf(CORRECT.dEdnet1!, withFactor(CORRECT.dEdnet1!, 0, 0, '(out_{o1} - y_1)^2')) },
  // halve / double: a constant factor
  ...['dEdnet1', 'dEdv2', 'dEdh'].map((k) => ({ name: `halve ${k}`, code: 'constant-factor' as const, claim: `${partial(CORRECT[k]!.of, CORRECT[k]!.wrt)} = \\frac{1}{2}\\left(${rhsOf(CORRECT[k]!.terms)}\\right)` })),
  ...['dEdv1', 'dEdc'].map((k) => ({ name: `double ${k}`, code: 'constant-factor' as const, claim: `${partial(CORRECT[k]!.of, CORRECT[k]!.wrt)} = 2\\left(${rhsOf(CORRECT[k]!.terms)}\\right)` })),
  // swap-name: one index slipped, or the claim about the neighbouring parameter
  { name: 'swap-name v_2 → v_1 in dE/dh', code: 'wrong-name', claim: claimOf(CORRECT.dEdh!, withFactor(CORRECT.dEdh!, 1, 2, 'v_1')) },
  { name: 'swap-name out_{o1} → out_{o2} in dE/dv1', code: 'wrong-name', claim: claimOf(CORRECT.dEdv1!, withFactor(CORRECT.dEdv1!, 0, 0, '(out_{o2} - y_1)')) },
  { name: 'swap-wrt v_1 → v_2', code: 'wrong-name', claim: claimOf(CORRECT.dEdv1!, CORRECT.dEdv1!.terms, 'v_2') },
  { name: 'swap-wrt v_2 → v_1', code: 'wrong-name', claim: claimOf(CORRECT.dEdv2!, CORRECT.dEdv2!.terms, 'v_1') },
  { name: 'swap-name y_1 → y_2 in dE/dnet1', code: 'wrong-name', claim: claimOf(CORRECT.dEdnet1!, withFactor(CORRECT.dEdnet1!, 0, 0, '(out_{o1} - y_2)')) },
  // misremember: an activation's derivative as people misremember it
  { name: 'misremember σ′ = σ in dE/dv1', code: 'wrong-rule', claim: claimOf(CORRECT.dEdv1!, withFactor(CORRECT.dEdv1!, 0, 1, 'out_{o1}')) },
  { name: 'misremember σ′ = 1 − σ in dE/dnet1', code: 'wrong-rule', claim: claimOf(CORRECT.dEdnet1!, withFactor(CORRECT.dEdnet1!, 0, 1, '(1 - out_{o1})')) },
  { name: 'misremember σ′ = σ(1 + σ) in dout1', code: 'wrong-rule', claim: claimOf(CORRECT.dout1!, [['out_{o1}(1 + out_{o1})']]) },
  { name: 'misremember tanh′ = 1 + tanh² in dh/dnet_h', code: 'wrong-rule', claim: claimOf(CORRECT.dhdneth!, [['(1 + h^2)']]) },
  { name: 'misremember tanh′ = 1 − tanh in dh/dnet_h', code: 'wrong-rule', claim: claimOf(CORRECT.dhdneth!, [['(1 - h)']]) },
  { name: 'misremember tanh′ = 1 + tanh² in dE/dc', code: 'wrong-rule', claim: claimOf(CORRECT.dEdc!, CORRECT.dEdc!.terms.map((t) => [...t.slice(0, 3), '(1 + h^2)'])) },
  // add-constant
  { name: 'add-constant 1 to dE/dv1', code: 'additive-constant', claim: `${partial('E', 'v_1')} = ${rhsOf(CORRECT.dEdv1!.terms)} + 1` },
  { name: 'add-constant 1 to dh/dnet_h', code: 'additive-constant', claim: `${partial('h', 'net_h')} = 2 - h^2` },
];

/** A number written to n significant digits, as a person rounds it. */
const written = (x: number, digits = 5): string => String(Number(x.toPrecision(digits)));

/** A number cut after n significant digits instead of rounded, with the fewest digits (3 or more) where that differs from rounding. */
function truncated(x: number): string {
  for (let digits = 3; ; digits++) {
    const e = Math.floor(Math.log10(Math.abs(x))) - digits + 1;
    const cut = String(Number((Math.trunc(x / 10 ** e) * 10 ** e).toPrecision(digits)));
    if (cut !== written(x, digits)) return cut;
  }
}

const NUMBER_EDITS: readonly { name: string; code: Code; claim: string }[] = [
  { name: 'negate number dE/dv1', code: 'sign', claim: `${partial('E', 'v_1')} = ${written(-TRUE.dEdv1)}` },
  { name: 'negate number dE/da', code: 'sign', claim: `${partial('E', 'a')} = ${written(-TRUE.dEda)}` },
  { name: 'halve number dE/dnet1', code: 'constant-factor', claim: `${partial('E', 'net_{o1}')} = ${written(TRUE.delta1 / 2)}` },
  { name: 'double number dE/dh', code: 'constant-factor', claim: `${partial('E', 'h')} = ${written(TRUE.dEdh * 2)}` },
  { name: 'shift-point ×10 dE/dv2', code: 'order-of-magnitude', claim: `${partial('E', 'v_2')} = ${written(TRUE.dEdv2 * 10)}` },
  { name: 'shift-point ÷10 dE/dc', code: 'order-of-magnitude', claim: `${partial('E', 'c')} = ${written(TRUE.dEdc / 10)}` },
  { name: 'truncate dE/dv1', code: 'rounding', claim: `${partial('E', 'v_1')} = ${truncated(TRUE.dEdv1)}` },
  { name: 'truncate dE/dh', code: 'rounding', claim: `${partial('E', 'h')} = ${truncated(TRUE.dEdh)}` },
  { name: 'drop-factor x from number dE/da', code: 'missing-factor', claim: `${partial('E', 'a')} = ${written(TRUE.dEda / X)}` },
  { name: 'drop-factor h from number dE/dv1', code: 'missing-factor', claim: `${partial('E', 'v_1')} = ${written(TRUE.dEdv1 / H)}` },
  { name: 'repeat-factor h in number dE/dv1', code: 'extra-factor', claim: `${partial('E', 'v_1')} = ${written(TRUE.dEdv1 * H)}` },
  { name: 'swap-wrt number dE/dv2 for dE/dv1', code: 'wrong-name', claim: `${partial('E', 'v_1')} = ${written(TRUE.dEdv2)}` },
  { name: 'misremember σ′ = σ in number dE/dnet1', code: 'wrong-rule', claim: `${partial('E', 'net_{o1}')} = ${written((O1 - Y1) * O1)}` },
];

/** Mistakes carried forward: an earlier refuted claim, then one that is right given it. */
const CARRIED: readonly { name: string; claims: string[] }[] = [
  { name: 'carried sign of dE/dout2 into dE/dnet2', claims: [`${partial('E', 'out_{o2}')} = y_2 - out_{o2}`, `${partial('E', 'net_{o2}')} = (y_2 - out_{o2}) ${S2}`] },
  { name: 'carried halved dE/dout1 into dE/dv1', claims: [`${partial('E', 'out_{o1}')} = \\frac{1}{2}(out_{o1} - y_1)`, `${partial('E', 'v_1')} = \\frac{1}{2}(out_{o1} - y_1) ${S1} h`] },
  { name: 'carried doubled number into dE/dnet1', claims: [`${partial('E', 'out_{o1}')} = ${written(2 * TRUE.dEdout1)}`, `${partial('E', 'net_{o1}')} = ${written(Number(written(2 * TRUE.dEdout1)) * O1 * (1 - O1))}`] },
  { name: 'carried wrong δ_o1 into dE/dv1', claims: [`${partial('E', 'net_{o1}')} = ${written(-TRUE.delta1)}`, `${partial('E', 'v_1')} = ${written(Number(written(-TRUE.delta1)) * H)}`] },
];

/** Rounding: the document's own rounded intermediates give the digits written. */
const ROUNDING: readonly { name: string; claims: string[] }[] = [
  { name: 'rounded δ_o1 times h', claims: [`${partial('E', 'net_{o1}')} = ${written(TRUE.delta1, 3)}`, `${partial('E', 'v_1')} = ${written(Number(written(TRUE.delta1, 3)) * H, 7)}`] },
  { name: 'rounded dE/dout1 in dE/dnet1', claims: [`${partial('E', 'out_{o1}')} = ${written(TRUE.dEdout1, 3)}`, `${partial('E', 'net_{o1}')} = ${written(Number(written(TRUE.dEdout1, 3)) * O1 * (1 - O1), 7)}`] },
];

/**
 * The 2-2-2 sigmoid network of the classic worked example (Mazur), in
 * notes: index slips between w5 … w8 and out_h1/out_h2 are the common ones.
 */
const MLP = [
  '$$net_{h1} = w_1 i_1 + w_2 i_2 + b_1, \\quad out_{h1} = \\sigma(net_{h1})$$',
  '$$net_{h2} = w_3 i_1 + w_4 i_2 + b_1, \\quad out_{h2} = \\sigma(net_{h2})$$',
  '$$net_{o1} = w_5 out_{h1} + w_6 out_{h2} + b_2, \\quad out_{o1} = \\sigma(net_{o1})$$',
  '$$net_{o2} = w_7 out_{h1} + w_8 out_{h2} + b_2, \\quad out_{o2} = \\sigma(net_{o2})$$',
  '$$E = \\frac{1}{2}(t_1 - out_{o1})^2 + \\frac{1}{2}(t_2 - out_{o2})^2$$',
  'Values: $i_1 = 0.05$, $i_2 = 0.10$, $t_1 = 0.01$, $t_2 = 0.99$, $w_1 = 0.15$, $w_2 = 0.20$, $w_3 = 0.25$, $w_4 = 0.30$,',
  '$b_1 = 0.35$, $w_5 = 0.40$, $w_6 = 0.45$, $w_7 = 0.50$, $w_8 = 0.55$, $b_2 = 0.60$.',
].join('\n\n');
const mlpDoc = (claim: string): string => `${MLP}\n\n$$${claim}$$\n`;
const MH1 = sigma(0.15 * 0.05 + 0.2 * 0.1 + 0.35);
const MH2 = sigma(0.25 * 0.05 + 0.3 * 0.1 + 0.35);
const MO1 = sigma(0.4 * MH1 + 0.45 * MH2 + 0.6);
const MO2 = sigma(0.5 * MH1 + 0.55 * MH2 + 0.6);
const MD1 = (MO1 - 0.01) * MO1 * (1 - MO1);
const MD2 = (MO2 - 0.99) * MO2 * (1 - MO2);
const DO1 = '(out_{o1} - t_1) out_{o1}(1 - out_{o1})';
const DO2 = '(out_{o2} - t_2) out_{o2}(1 - out_{o2})';
const MLP_EDITS: readonly { name: string; code: Code; claim: string }[] = [
  { name: 'mlp swap-name out_{h1} → out_{h2} in dE/dw5', code: 'wrong-name', claim: `${partial('E', 'w_5')} = ${DO1} out_{h2}` },
  { name: 'mlp swap-wrt dE/dw5 written for dE/dw6', code: 'wrong-name', claim: `${partial('E', 'w_6')} = ${DO1} out_{h1}` },
  { name: 'mlp swap-name w_7 → w_6 in dE/dout_h1', code: 'wrong-name', claim: `${partial('E', 'out_{h1}')} = ${DO1} w_5 + ${DO2} w_6` },
  { name: 'mlp drop-factor σ′(net_h1) from dE/dw1', code: 'missing-factor', claim: `${partial('E', 'w_1')} = (${DO1} w_5 + ${DO2} w_7) i_1` },
  { name: 'mlp misremember σ′ = σ in dE/dw1', code: 'wrong-rule', claim: `${partial('E', 'w_1')} = (${DO1} w_5 + ${DO2} w_7) out_{h1} i_1` },
  { name: 'mlp negate-term in dE/dout_h1', code: 'sign', claim: `${partial('E', 'out_{h1}')} = ${DO1} w_5 - ${DO2} w_7` },
  { name: 'mlp halve number dE/dw5', code: 'constant-factor', claim: `${partial('E', 'w_5')} = ${written(MD1 * MH1 / 2, 6)}` },
  { name: 'mlp negate number dE/dw5', code: 'sign', claim: `${partial('E', 'w_5')} = ${written(-MD1 * MH1, 6)}` },
  { name: 'mlp shift-point ×10 number dE/dw5', code: 'order-of-magnitude', claim: `${partial('E', 'w_5')} = ${written(MD1 * MH1 * 10, 6)}` },
  { name: 'mlp swap-wrt number dE/dw7 for dE/dw8', code: 'wrong-name', claim: `${partial('E', 'w_8')} = ${written(MD2 * MH1, 6)}` },
  { name: 'mlp drop-factor out_h1 from number dE/dw5', code: 'missing-factor', claim: `${partial('E', 'w_5')} = ${written(MD1, 6)}` },
];

/**
 * A log-sum unit, L = log(2 + e^z): the exponential's and the logarithm's
 * rules as people misremember them (log(1 + e^z) would be read as softplus).
 */
const SOFTPLUS = '$$z = w x + b$$\n\n$$L = \\log(2 + e^{z})$$\n\nValues: $x = 2$, $w = 0.5$, $b = -0.3$.';
const softplusDoc = (claim: string): string => `${SOFTPLUS}\n\n$$${claim}$$\n`;
const SOFTPLUS_EDITS: readonly { name: string; code: Code; claim: string }[] = [
  { name: 'softplus misremember (e^u)′ = u e^(u − 1)', code: 'wrong-rule', claim: `${partial('L', 'w')} = \\frac{z e^{z - 1}}{2 + e^{z}} x` },
  { name: 'softplus misremember (log u)′ = 1/(u ln 10)', code: 'wrong-rule', claim: `${partial('L', 'w')} = \\frac{e^{z} x}{(2 + e^{z}) \\ln(10)}` },
  { name: 'softplus drop-factor e^z (the inner derivative of log)', code: 'missing-factor', claim: `${partial('L', 'w')} = \\frac{x}{2 + e^{z}}` },
  { name: 'softplus swap-wrt dL/db written for dL/dw', code: 'missing-factor', claim: `${partial('L', 'w')} = \\frac{e^{z}}{2 + e^{z}}` },
  { name: 'softplus negate dL/db', code: 'sign', claim: `${partial('L', 'b')} = -\\frac{e^{z}}{2 + e^{z}}` },
];
/** log(1 + e^z) is the softplus row, whose derivative σ(z) people write as 1/(1 + e^z). */
const SOFTPLUS_ROW = '$$z = w x + b$$\n\n$$L = \\log(1 + e^{z})$$\n\nValues: $x = 2$, $w = 0.5$, $b = -0.3$.';

/** A matrix claim in a formula file written as the transpose of the gradient (SPEC §7's element-wise matrices). */
const MATRIX = 'x = [[1, 2], [3, 4]]\nw = [[0.5, 1], [1.5, 2]]\nnet = w*x\nE = sum(net^2)/2\n';
// ∂E/∂w[i,j] = w[i,j]·x[i,j]² = [[0.5, 4], [13.5, 32]]; ∂E/∂x[i,j] = w[i,j]²·x[i,j] = [[0.25, 2], [6.75, 16]]
const TRANSPOSED: readonly { name: string; claim: string }[] = [
  { name: 'transpose number dE/dw', claim: 'claim d(E)/d(w) = [[0.5, 13.5], [4, 32]]' },
  { name: 'transpose number dE/dx', claim: 'claim d(E)/d(x) = [[0.25, 6.75], [2, 16]]' },
  { name: 'transpose formula dE/dw', claim: 'claim d(E)/d(w) = [[w[1,1]*x[1,1]^2, w[2,1]*x[2,1]^2], [w[1,2]*x[1,2]^2, w[2,2]*x[2,2]^2]]' },
];

export const CORPUS: readonly Planted[] = [
  ...SYMBOLIC_EDITS.map((e) => ({ name: e.name, code: e.code, document: doc(e.claim), kind: 'document' as const })),
  ...NUMBER_EDITS.map((e) => ({ name: e.name, code: e.code, document: doc(e.claim), kind: 'document' as const })),
  ...CARRIED.map((e) => ({ name: e.name, code: 'carried' as const, document: doc(...e.claims), kind: 'document' as const })),
  ...ROUNDING.map((e) => ({ name: e.name, code: 'rounding' as const, document: doc(...e.claims), kind: 'document' as const })),
  ...MLP_EDITS.map((e) => ({ name: e.name, code: e.code, document: mlpDoc(e.claim), kind: 'document' as const })),
  ...SOFTPLUS_EDITS.map((e) => ({ name: e.name, code: e.code, document: softplusDoc(e.claim), kind: 'document' as const })),
  { name: 'softplus misremember the inner e^z dropped', code: 'wrong-rule', document: `${SOFTPLUS_ROW}\n\n$$${partial('L', 'w')} = \\frac{x}{1 + e^{z}}$$\n`, kind: 'document' },
  ...TRANSPOSED.map((e) => ({ name: e.name, code: 'transposed' as const, document: `${MATRIX}${e.claim}\n`, kind: 'formula' as const })),
];

/**
 * Mistakes no code describes (a garbled formula, an unrelated number): the
 * diagnoser must say nothing rather than guess.
 */
export const UNEXPLAINED: readonly { name: string; document: string }[] = [
  { name: 'garble dE/dv1', document: doc(`${partial('E', 'v_1')} = (out_{o1} - y_1) h^2`) },
  { name: 'product for sum in dE/dh', document: doc(`${partial('E', 'h')} = (out_{o1} - y_1) ${S1} v_1 (out_{o2} - y_2) ${S2} v_2`) },
  { name: 'unrelated factors in dE/da', document: doc(`${partial('E', 'a')} = x h`) },
  { name: 'unrelated number for dE/dv1', document: doc(`${partial('E', 'v_1')} = 0.3141`) },
  { name: 'unrelated number for dE/dw5', document: mlpDoc(`${partial('E', 'w_5')} = 0.271828`) },
];

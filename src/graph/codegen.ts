/**
 * `nabla codegen` (SPEC §8): the objective of a system or an expression
 * (objective.ts), its reverse-mode gradient program (diff/reverse.ts), and
 * that program printed as code (print/code.ts); for a file in matrix
 * algebra (SPEC §12), the matrix program's plan (matrix/code-plan.ts)
 * printed as array code (print/code-matrix-*.ts). Composing them is all
 * this module does.
 *
 * Invariant: the generated function takes every name the objective uses
 * and every name asked for, and returns the gradient in the order asked.
 */

import type { Expr } from '../expr/node.ts';
import { NablaError } from '../errors.ts';
import { gradientProgram } from '../diff/reverse.ts';
import { programCode } from '../print/code.ts';
import { CODEGEN_LANGUAGES, type CodegenLanguage } from '../print/code-syntax.ts';
import { objectiveOf, type ObjectiveChoice } from './objective.ts';
import type { System } from './system.ts';
import type { MatrixProgram } from '../matrix/program.ts';
import { matrixCodePlan } from '../matrix/code-plan.ts';
import { matrixPythonModule } from '../print/code-matrix-python.ts';
import { matrixJsModule } from '../print/code-matrix-js.ts';
import { msg } from '../messages/format.ts';

export { CODEGEN_LANGUAGES, type CodegenLanguage } from '../print/code-syntax.ts';

/** The objective and the names to differentiate by (gradient keys; default: every name the objective uses), and how to write it. */
export interface CodegenOptions extends ObjectiveChoice {
  readonly lang: CodegenLanguage;
  /** Name of the generated function; `f` by default. */
  readonly name?: string;
}

/** What a generated function needs and returns. */
export interface GeneratedCode {
  readonly code: string;
  /** Keys the function reads from its input object, in order. */
  readonly parameters: readonly string[];
  /** Keys of the returned gradient, in order. */
  readonly gradient: readonly string[];
}

/**
 * The source of a function `name(inputs)` returning the objective's value
 * and gradient. For a system, the objective is inlined through every
 * definition first, so the function needs only the inputs' values.
 */
export function codegen(source: System | Expr, options: CodegenOptions): string {
  return generate(source, options).code;
}

/** `codegen`, with the parameter and gradient keys of the generated function. */
export function generate(source: System | Expr, options: CodegenOptions): GeneratedCode {
  if (!CODEGEN_LANGUAGES.includes(options.lang)) {
    throw new NablaError(msg('codegen.language', { lang: `"${String(options.lang)}"`, languages: CODEGEN_LANGUAGES.join(', ') }));
  }
  if ('matrix' in source && source.matrix) {
    if (source.errors.length > 0) throw source.errors[0]!;
    return matrixCode(source.matrix, options);
  }
  const { value, parameters, label, example } = objectiveOf(source, options);
  const gradient = options.inputs ? [...new Set(options.inputs)] : parameters;
  const program = gradientProgram(value, gradient);
  // A name asked for but unused by the objective is still a parameter of the function.
  const all = [...parameters, ...gradient.filter((n) => !parameters.includes(n))];
  const code = programCode(program, all, { lang: options.lang, name: options.name, label, example });
  return { code, parameters: all, gradient };
}

/**
 * A file in matrix algebra (SPEC §12): vectorised code over whole arrays,
 * the matrix room's own gradient program printed (NumPy with an `xp`
 * parameter, or loops over Float64Arrays).
 */
function matrixCode(program: MatrixProgram, options: CodegenOptions): GeneratedCode {
  const python = options.lang === 'python';
  // Python writes a transpose in place (`h.T`); the loops read a transposed vector as the vector's own array.
  const plan = matrixCodePlan(program, options, python ? (e) => e.kind === 'transpose' : (e) => e.kind === 'transpose' && (e.a.shape.rows === 1 || e.a.shape.cols === 1));
  const name = options.name ?? 'f';
  const code = python ? matrixPythonModule(plan, name) : matrixJsModule(plan, name, options.lang === 'ts');
  return { code, parameters: plan.inputs.map((p) => p.name), gradient: plan.outputs.map((o) => o.key) };
}

/**
 * What a report is asked for, checked against the system before any work:
 * the names given for `wrt`, `target` and `at` must be in the file (and `at`
 * must name inputs), every free name needs a value, the chain of definitions
 * must be within the depth limit, and training needs an objective and update
 * rules.
 *
 * Invariant: every refusal is a RequestError whose `subject` says which
 * option and which name it is about, so a caller can point into its own
 * option text; when the name comes from the file (a `derive … wrt zz` line, a
 * free name in a definition), the error also carries that place's span.
 */

import { NablaError, sanitize, type Span } from '../errors.ts';
import { msg } from '../messages/format.ts';
import type { Message, Param } from '../messages/message.ts';
import { checkDefinitionDepth, type DefinitionsInOrder } from './depth.ts';
import { atDefinitionUsing } from './locate.ts';
import type { System } from './system.ts';

/** The part of a request a subject names. */
export type RequestOption = 'wrt' | 'target' | 'at' | 'steps';

/** A request that does not fit the system. */
export class RequestError extends NablaError {
  constructor(
    message: string | Message,
    /** The option (and the name in it) the error is about. */
    readonly subject: { readonly option: RequestOption; readonly name?: string },
    span?: Span,
    source?: string,
  ) {
    super(message, span, source);
    this.name = 'RequestError';
  }

  override withSource(source: string): NablaError {
    return this.source === undefined ? new RequestError(this.saying, this.subject, this.span, source) : this;
  }
}

export interface RequestOptions {
  /** Differentiate with respect to these instead of the file's `derive` lines. */
  readonly wrt?: readonly string[];
  /** The objective for `wrt` and training (default: the first `derive` target, else `E`). */
  readonly target?: string;
  /** Values that override inputs' defaults (and give free names a value). */
  readonly at?: Readonly<Record<string, number>>;
  /** Longest chain of definitions accepted (default MAX_DEFINITION_DEPTH). */
  readonly maxDepth?: number;
  /** The file's name as messages show it (default: "the file"). */
  readonly fileName?: string;
  /** The names of `wrt`, `target` and `at` as the caller wrote them (`w_5` for `w5`), for messages. */
  readonly written?: ReadonlyMap<string, string>;
}

/** `"a", "b" and 3 more`: a list in a message, kept to one line. */
export function listed(items: readonly string[], most = 8): Param {
  return items.length <= most ? items.join(', ') : msg('list.and-more', { items: items.slice(0, most).join(', '), count: items.length - most });
}

/** How a name is shown in messages: as the file first wrote it. */
const shown = (system: System, name: string): string => sanitize(system.written.get(name) ?? name);

/** A name of the file: defined, free, or a matrix. */
const known = (system: System, name: string): boolean =>
  system.definitions.has(name) || system.free.includes(name) || system.matrices.has(name);

/**
 * Check the names a request gives, the values of free names and the depth of
 * the definitions, in that order (the order a user fixes them in); the
 * depth is walked over `definitions` (see checkDefinitionDepth).
 */
export function checkRequest(system: System, options: RequestOptions, definitions: DefinitionsInOrder): void {
  const file: Param = options.fileName === undefined ? msg('request.the-file', {}) : sanitize(options.fileName);
  // A name the caller gave is quoted as the caller wrote it.
  const said = (name: string): string => sanitize(options.written?.get(name) ?? shown(system, name));
  for (const name of options.wrt ?? []) {
    if (!known(system, name)) {
      throw new RequestError(msg('request.wrt-unknown', { name: `"${said(name)}"`, file }), { option: 'wrt', name });
    }
  }
  if (options.target !== undefined && !system.definitions.has(options.target)) {
    throw new RequestError(msg('request.target-undefined', { name: `"${said(options.target)}"`, file }), { option: 'target', name: options.target });
  }
  const at = options.at ?? {};
  for (const name of Object.keys(at)) {
    const def = system.definitions.get(name);
    const problem = !known(system, name) ? 'request.at-unknown' : def !== undefined && !def.input ? 'request.at-formula' : undefined;
    if (problem !== undefined) throw new RequestError(msg(problem, { name: `"${said(name)}"` }), { option: 'at', name });
  }
  const missing = system.free.filter((n) => !Object.hasOwn(at, n));
  if (missing.length > 0) {
    const first = missing[0]!;
    const message = msg('request.missing', { names: listed(missing.map((n) => `"${shown(system, n)}"`)), count: missing.length, at: `--at ${shown(system, first)}=…` });
    const located = atDefinitionUsing(system, first, message);
    throw new RequestError(message, { option: 'at', name: first }, located.span, located.source);
  }
  checkDefinitionDepth(system, definitions, options.maxDepth);
}

/** What an objective is needed for, and what to tell a user without one. */
const NO_OBJECTIVE: Readonly<Record<'wrt' | 'steps', Message>> = {
  wrt: msg('request.wrt-target', { wrt: '--wrt', derive: '`derive`', target: '--target' }),
  steps: msg('request.steps-objective', { steps: '--steps', derive: '`derive`' }),
};

/** `wrt` and training need an objective: the target, a `derive` line or `E`. */
export function assertObjective(objective: string | undefined, option: 'wrt' | 'steps'): asserts objective is string {
  if (!objective) throw new RequestError(NO_OBJECTIVE[option], { option });
}

/** Training needs a defined objective and at least one update rule. */
export function checkTraining(system: System, objective: string, rules: number): void {
  if (!system.definitions.has(objective)) {
    throw new RequestError(msg('objective.not-defined', { name: `"${shown(system, objective)}"` }), { option: 'steps', name: objective });
  }
  if (rules === 0) throw new RequestError(msg('request.steps-rules', { steps: '--steps', update: 'x_new', prime: "x'" }), { option: 'steps' });
}

/**
 * One derivative asked for: the target must be defined and `wrt` must be a
 * name of the file; a `wrt` from a `derive` line is pointed at where written.
 */
export function checkGradient(system: System, target: string, wrt: string): void {
  if (!system.definitions.has(target)) {
    throw new RequestError(msg('request.cannot-differentiate', { name: `"${shown(system, target)}"` }), { option: 'target', name: target });
  }
  if (!system.definitions.has(wrt) && !system.free.includes(wrt)) {
    const written = system.derives.flatMap((d) => (d.target === target ? d.wrt : [])).find((w) => w.name === wrt);
    throw new RequestError(msg('request.wrt-meaningless', { name: `"${shown(system, wrt)}"`, derivative: `d(${shown(system, target)})/d(${shown(system, wrt)})` }),
      { option: 'wrt', name: wrt }, written?.span, written && system.source);
  }
}

/**
 * English catalogue, one section: errors of reading, lowering, evaluating, differentiating and writing code, with their limits (SPEC §10).
 * en.ts joins the sections into the one catalogue; ko-errors.ts says the
 * same keys in Korean. Names, numbers, options and code are parameters,
 * never words of a template, so they stay as written in every language.
 */

export const EN_ERRORS = {
  // Limits: time, size, depth (SPEC §17).
  'limit.time': 'Stopped {stage}: it took longer than the limit of {seconds} s (raise it with {option}).',
  'stage.reading': 'reading',
  'stage.reading-file': 'reading the file',
  'stage.reading-document': 'reading the document',
  'stage.simplifying': 'simplifying',
  'stage.differentiating': 'differentiating',
  'stage.differentiating-definitions': 'differentiating the definitions',
  'stage.checking': 'checking',
  'stage.explaining': 'explaining',
  'limit.input-size': 'Input is {size}; the limit is {max}.',
  'limit.simplify-depth': 'Expression nested too deeply to simplify.',
  'limit.diff-depth': 'Expression nested deeper than {max} levels.',
  'limit.diff-recursion': 'Expression nested too deeply to differentiate.',
  'limit.print-size': 'Expression too large to print (more than {max} characters)',
  'limit.definition-depth': 'Chain of definitions {depth} deep at {name}; the limit is {max} (raise it with {option}).',
  'limit.compiled-nodes': 'Expression too large to evaluate: {count} distinct nodes (limit {max}).',

  // Guards that a user cannot reach: said plainly if one ever fires.
  'internal.unresolved-evaluation': 'Internal: derivative left unresolved before evaluation.',
  'internal.unresolved-reverse': 'Internal: derivative left unresolved before the reverse sweep.',
  'internal.unresolved-codegen': 'Internal: derivative left unresolved before code generation.',
  'internal.name-before-value': 'Internal: {name} used before it has a value in generated code.',
  'internal.node-before-emitted': 'Internal: a node used before it was emitted.',

  // Values given to the library and the evaluator.
  'value.none': '{name} has no value.',
  'value.expected-values': 'Expected the values as an array of {count} numbers, an object or a Map by name, found {found}.',
  'value.count': 'Expected {count} values{names}, one per name, found {found}.',
  'value.not-number': 'The value of {name} must be a number, found {found}.',
  'argument.expected': '{where}: expected {expected}, found {found}.',
  'argument.a-string': 'a string',
  'argument.names-array': 'an array of names',
  'argument.names-only': 'names (strings) only',
  'argument.expression': 'an expression (from {parse})',
  'argument.system': 'a system (from {loadFile} or {loadNotes})',
  'argument.options': 'an options object',
  'kind.array': 'an array',
  'kind.object': 'an object',
  'kind.a': 'a {type}',
  'kind.an': 'an {type}',

  // Files written by the tool.
  'write.not-file': 'it is {kind}, not a regular file; give the name of a file or a new path.',
  'write.interrupted': 'interrupted by {signal}',
  'file-kind.directory': 'a directory',
  'file-kind.device': 'a device',
  'file-kind.pipe': 'a pipe',
  'file-kind.socket': 'a socket',
  'file-kind.other': 'not a regular file',

  // The system of definitions.
  'system.defined-twice': '{name} is defined twice with different right-hand sides (line {first} and line {second}).',
  'system.cycle': 'Cycle in the definitions: {names} (lines {lines}).',
  'system.not-defined': '{name} is not defined.',
  'objective.none': 'No objective to differentiate: add a {derive} line or give the target.',
  'objective.not-defined': 'The objective {name} is not defined.',
  'objective.formula': '{name} is defined by a formula (line {line}); codegen differentiates with respect to inputs.',
  'objective.not-a-name': '{name} is not a name in the file.',

  // Generated code.
  'codegen.language': 'Unknown language {lang}: expected one of {languages}.',
  'codegen.builtin-name': '{name} cannot name the generated function: the {module} module uses the built-in {builtin}; choose another name.',
  'codegen.plain-name': '{name} cannot name the generated function: use a plain identifier.',
} as const;

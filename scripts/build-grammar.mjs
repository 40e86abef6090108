#!/usr/bin/env node
/**
 * Compile grammar/formula.ne into grammar/formula.js, exactly as
 * `nearleyc grammar/formula.ne` would (the grammar asks for nearley's
 * `esmodule` output, so the result is an ES module with `export default`).
 *
 *   node scripts/build-grammar.mjs            write grammar/formula.js
 *   node scripts/build-grammar.mjs --stdout   print it instead (the freshness test uses this)
 *
 * Fails on any nearley lint warning (an undefined nonterminal).
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const nearley = require('nearley');
const compile = require('nearley/lib/compile.js');
const generate = require('nearley/lib/generate.js');
const lint = require('nearley/lib/lint.js');
const bootstrapped = require('nearley/lib/nearley-language-bootstrapped.js');
const { version } = require('nearley/package.json');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = join(root, 'grammar', 'formula.ne');
const TARGET = join(root, 'grammar', 'formula.js');

/** The generated module text for a grammar source, as nearleyc produces it. */
export function buildGrammar(source, file = SOURCE) {
  const parser = new nearley.Parser(nearley.Grammar.fromCompiled(bootstrapped));
  // nearleyc feeds the file and then one newline.
  parser.feed(source);
  parser.feed('\n');
  if (parser.results.length === 0) throw new Error(`${file}: incomplete grammar`);
  const compiled = compile(parser.results[0], { version, args: [file] });
  const warnings = [];
  lint(compiled, { out: { write: (line) => warnings.push(line.trim()) }, version });
  if (warnings.length > 0) throw new Error(`${file}:\n${warnings.join('\n')}`);
  return generate(compiled, 'grammar');
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  try {
    const output = buildGrammar(readFileSync(SOURCE, 'utf8'));
    if (process.argv.includes('--stdout')) process.stdout.write(output);
    else writeFileSync(TARGET, output);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

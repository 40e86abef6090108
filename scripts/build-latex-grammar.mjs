#!/usr/bin/env node
/**
 * Compile grammar/latex.ne into grammar/latex.js with the same compiler
 * settings as the ASCII grammar (scripts/build-grammar.mjs: nearley's
 * `esmodule` output, lint warnings are errors).
 *
 *   node scripts/build-latex-grammar.mjs            write grammar/latex.js
 *   node scripts/build-latex-grammar.mjs --stdout   print it instead (the freshness test uses this)
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGrammar } from './build-grammar.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const LATEX_SOURCE = join(root, 'grammar', 'latex.ne');
export const LATEX_TARGET = join(root, 'grammar', 'latex.js');

/** The generated module text of grammar/latex.ne. */
export function buildLatexGrammar() {
  return buildGrammar(readFileSync(LATEX_SOURCE, 'utf8'), LATEX_SOURCE);
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  try {
    const output = buildLatexGrammar();
    if (process.argv.includes('--stdout')) process.stdout.write(output);
    else writeFileSync(LATEX_TARGET, output);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

/** Types of the generated grammar/latex.js (built from latex.ne by `node scripts/build-latex-grammar.mjs`). */
import type { CompiledRules } from 'nearley';

declare const grammar: CompiledRules;
export default grammar;

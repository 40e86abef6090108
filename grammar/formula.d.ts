/** Types of the generated grammar/formula.js (built from formula.ne by `npm run grammar`). */
import type { CompiledRules } from 'nearley';

declare const grammar: CompiledRules;
export default grammar;

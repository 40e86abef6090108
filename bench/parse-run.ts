/**
 * The parse throughput of `npm run bench`, in a process of its own: a
 * generated formula file of about 1 MB (bench/problems.ts,
 * largeFormulaFile) through `parseFile`, after a warm-up on a smaller one,
 * each run with names of its own. Run in the bench's own process it timed
 * the collector's work on everything the benchmarks before it had left.
 * Prints `{ "bytes", "lines", "ms": [per run] }` as JSON.
 */

import { performance } from 'node:perf_hooks';
import { parseFile } from '../src/parse/parse.ts';
import { largeFormulaFile } from './problems.ts';

const runs = Number(process.argv[2] ?? 3);
const tagged = (text: string, tag: string): string => text.replace(/\bu(\d+)/g, `u$1_${tag}`);

const warm = largeFormulaFile(200_000);
for (let k = 0; k < 3; k++) parseFile(tagged(warm, `w${k}`));

const file = largeFormulaFile(1_000_000);
const ms: number[] = [];
for (let r = 0; r < runs; r++) {
  const text = tagged(file, `p${r}`);
  const t0 = performance.now();
  const parsed = parseFile(text);
  ms.push(performance.now() - t0);
  if (parsed.errors.length > 0) throw new Error(`large file: ${parsed.errors[0]!.message}`);
}
console.log(JSON.stringify({ bytes: Buffer.byteLength(file, 'utf8'), lines: file.split('\n').length - 1, ms }));

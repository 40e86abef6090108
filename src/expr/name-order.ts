/**
 * The natural order of names (`w2 < w10`, `a < b`) as a key: a string whose
 * plain order (`<`, by UTF-16 code units) is that order. A name's key is
 * made once, when its node is made (node.ts), so sorting the factors of a
 * product of a chain's 100,000 local partials compares strings natively
 * instead of splitting names at every comparison.
 *
 * A name is read as alternating text and digit runs. Text runs are kept as
 * they are; each digit run becomes
 *
 *   U+0000, a length mark, the digits without leading zeros, a zeros mark
 *
 * U+0000 sorts before any character a name holds, so a text run that ends
 * sorts before one that goes on (`a1 < ab`), as it does before the end of
 * the other name's text (`a < a1`). The length mark puts a shorter number
 * first and the digits then compare as numbers. The zeros mark breaks ties
 * between equal numbers written differently, as comparing the two runs as
 * text does: more leading zeros first (`a02 < a2`), but for zero itself,
 * the shorter first (`a0 < a00`). Different names have different keys.
 */

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

const RUN_START = 0;
/** Above every zeros mark of zero's runs and below every one of other numbers' runs. */
const ZEROS_BASE = 0x100;
const ZEROS_TOP = 0xffff;

export function naturalKey(name: string): string {
  // Most names hold no digit: they are their own key.
  let i = 0;
  while (i < name.length && !isDigit(name.charCodeAt(i))) i++;
  if (i === name.length) return name;
  // The key's characters are gathered as codes and made into one string at once: joining
  // pieces made a string of pieces, flattened again at its first comparison.
  const codes: number[] = [];
  for (let k = 0; k < i; k++) codes.push(name.charCodeAt(k));
  while (i < name.length) {
    const c = name.charCodeAt(i);
    if (!isDigit(c)) {
      codes.push(c);
      i++;
      continue;
    }
    const start = i;
    while (i < name.length && name.charCodeAt(i) === 48) i++;
    const zeros = i - start;
    const first = i;
    while (i < name.length && isDigit(name.charCodeAt(i))) i++;
    const digits = i - first;
    codes.push(RUN_START, ZEROS_BASE + digits);
    for (let k = first; k < i; k++) codes.push(name.charCodeAt(k));
    codes.push(digits === 0 ? ZEROS_BASE + zeros : ZEROS_TOP - zeros);
  }
  return String.fromCharCode(...codes);
}

/**
 * Comments in documents, which hold no claims (SPEC §6): a line whose text
 * starts with `%` (Markdown notes keep commented-out LaTeX that way), and in
 * a `.tex` file every `%…` tail of a line, as TeX itself drops it. `\%` is a
 * literal percent sign, never a comment.
 */

/** The comment ranges of a document as [start, end) offsets, in text order. */
export function commentRanges(text: string, texTails: boolean): [number, number][] {
  const pattern = texTails ? /(?<!\\)%[^\n]*/g : /^[ \t]*%[^\n]*/gm;
  return [...text.matchAll(pattern)].map((m) => [m.index!, m.index! + m[0].length]);
}

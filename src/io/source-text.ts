/**
 * The text of a source, as every reader sees it (SPEC §10): the bytes of a
 * file decoded (UTF-8, or UTF-16 when it starts with a UTF-16 byte-order
 * mark, as Windows editors save "Unicode" text), a leading byte-order mark
 * dropped, and a lone `\r` (old Mac line ends) made a `\n`.
 *
 * Invariant: the CLI (file bytes) and the library (a string) go through the
 * same `sourceText`, so a line and column mean the same for both; turning a
 * lone `\r` into `\n` keeps every offset.
 */

/** A file's bytes as text: UTF-16 by its byte-order mark, else UTF-8. */
export function decodeSource(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    // Big-endian: swap each pair of bytes into little-endian (an odd last byte is dropped, as a decoder would).
    const le = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    le.swap16();
    return le.toString('utf16le');
  }
  return bytes.toString('utf8');
}

/** The text every reader reads: no leading byte-order mark, lone `\r` line ends as `\n`. */
export function sourceText(text: string): string {
  const unmarked = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Most text has no `\r` at all: it is then itself, with no copy of a long file made.
  return unmarked.includes('\r') ? unmarked.replace(/\r(?!\n)/g, '\n') : unmarked;
}

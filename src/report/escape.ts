/**
 * Escaping at the HTML template boundary (notes/reliability-anchors.md §2.6,
 * C-4). Every string that did not come from our own templates — names,
 * claim text, error messages with their source excerpts, titles, file
 * contents — passes through one of these before it is put into a page.
 *
 * Invariant: the output of `escapeHtml` contains none of `& < > " '`
 * unescaped, so it is safe as element text, inside a quoted attribute and
 * inside RCDATA (`<textarea>`, `<title>`); the output of `jsonForScript`
 * cannot end a `<script>` element or break a JavaScript string.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or a quoted attribute value: `<img>` → `&lt;img&gt;`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON to embed in a `<script>` element: `<` (so `</script>` and `<!--`
 * cannot appear), `>`, `&` and the line separators U+2028 and U+2029 are
 * written as `\u` escapes, which JSON.parse and JavaScript read back as the
 * same characters.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

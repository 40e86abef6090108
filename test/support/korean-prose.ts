/**
 * What a view said in Korean may hold in Latin letters (SPEC §15): names and
 * mathematics only. The helpers the Korean view tests share: the words any
 * view may show (function names, codes, the tool's name), English words no
 * Korean view may contain, the text with its mathematics taken out, and an
 * HTML page's prose.
 */

import { DIAGNOSIS_CODES } from '../../src/claims/diagnosis.ts';

/** Words every view may show in any language: function names, codes, the tool's name. */
export const ALLOWED = new Set([
  ...DIAGNOSIS_CODES.flatMap((c) => c.split('-')), 'sigmoid', 'tanh', 'exp', 'log', 'ln', 'relu', 'softmax', 'max', 'min', 'abs', 'sqrt',
  'nabla', 'LaTeX', 'TeX', 'align', 'at', 'new',
]);
/** English words no Korean view may contain, even when a sample happens to hold them. */
export const ENGLISH = /\b(the|is|are|not|and|of|defined|verified|refuted|unchecked|entry|entries|side|agrees|holds|Expected|found|finite|difference|relative|error|pass|FAIL|Gradients|Values|Updates|Training|step|steps|path|paths|inputs|definitions|Claims)\b/;

/** Mathematics and codes in a view's text: function calls (`step(z2)`), derivatives (`dL/dW`, a step's heading `d/dnet_o1`), diagnosis codes. */
export const notProse = (text: string): string => text
  .replace(/\b[A-Za-z_]+\(/g, '(')
  .replace(/\bd[A-Za-z_0-9]*\/d[A-Za-z_0-9]+/g, '')
  .replace(new RegExp(`\\b(${DIAGNOSIS_CODES.join('|')}):`, 'g'), '');

/** A page's diagnosis codes (`order-of-magnitude`), which stand alone in their own element: codes, the same in every language. */
export const withoutCodes = (text: string): string => text.replace(new RegExp(`\\b(${DIAGNOSIS_CODES.join('|')})\\b`, 'g'), '');

/** ASCII words of `text` that are neither in the sample's own text nor allowed. */
export function strangers(text: string, source: string): string[] {
  const words = new Set(notProse(text).match(/[A-Za-z]{2,}/g) ?? []);
  return [...words].filter((w) => !ALLOWED.has(w) && !source.includes(w));
}

/** `html` without its KaTeX elements (mathematics), found by balancing the spans that open with class "katex". */
export function withoutMath(html: string): string {
  let out = '';
  let depth = 0;
  for (const part of html.split(/(<span\b[^>]*>|<\/span>)/)) {
    if (depth > 0) {
      if (part.startsWith('<span')) depth++;
      else if (part === '</span>') depth--;
    } else if (/^<span class="katex(-display)?"/.test(part)) depth = 1;
    else out += part;
  }
  return out;
}

/** The prose of an HTML page: no mathematics (KaTeX), graph, code, script or style. */
export function pageProse(html: string): string {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return withoutMath(main)
    .replace(/<(svg|pre|code|script|style)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;/g, ' ');
}

/**
 * Which language to speak (SPEC §15): `--lang`, else the locale named by
 * LC_ALL, LC_MESSAGES or LANG (the POSIX order), else the document itself —
 * notes written mostly in Hangul are answered in Korean — else English.
 * The C/POSIX locale names no language (it is what containers and CI
 * machines set), so it leaves the choice to the document.
 */

import { hangulShare } from './korean.ts';
import { LANGUAGES, type Language } from './message.ts';

/** Above this share of Hangul among its letters, a document is Korean (notes mix in names and formulas). */
const KOREAN_DOCUMENT_SHARE = 0.3;

export const isLanguage = (s: string): s is Language => (LANGUAGES as readonly string[]).includes(s);

/** The language a locale name such as `ko_KR.UTF-8` names, or undefined for C/POSIX and empty. */
function fromLocale(locale: string | undefined): Language | undefined {
  if (locale === undefined || locale === '' || /^(C|POSIX)([._@]|$)/.test(locale)) return undefined;
  return locale.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export interface LanguageChoice {
  /** `--lang`, already checked to be a language. */
  readonly option?: Language;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The text being answered (a document's prose), when there is one. */
  readonly document?: string;
}

export function chooseLanguage(choice: LanguageChoice): Language {
  if (choice.option !== undefined) return choice.option;
  const env = choice.env ?? {};
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((l) => l !== undefined && l !== '');
  const named = fromLocale(locale);
  if (named !== undefined) return named;
  if (choice.document !== undefined && hangulShare(choice.document) > KOREAN_DOCUMENT_SHARE) return 'ko';
  return 'en';
}

/** Math and code in a document: `$…$`, `$$…$$`, `\[…\]`, `\(…\)`, environments and code fences. */
const NOT_PROSE = /```[\s\S]*?```|\$\$[\s\S]*?\$\$|\$[^$\n]*\$|\\\[[\s\S]*?\\\]|\\\([\s\S]*?\\\)|\\begin\{([A-Za-z]+\*?)\}[\s\S]*?\\end\{\1\}/g;

/** A document's prose: its text outside math and code, which decides its language (names and formulas are Latin in every language). */
export function proseOf(document: string): string {
  return document.replace(NOT_PROSE, ' ');
}

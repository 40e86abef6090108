/**
 * commander in the reader's language (SPEC §15): the language is known
 * before the program is built (`--lang` in argv, else the locale), the
 * help's section titles and built-in options come from the catalogue, and
 * commander's error sentences are matched and said again from it.
 *
 * Invariant: in English every text is commander's own, byte for byte (the
 * catalogue's English templates are commander's wording, and an English
 * error passes through untouched); a sentence commander words in a way not
 * matched here is shown as commander wrote it.
 */

import type { Command } from 'commander';
import { displayWidth } from '../errors.ts';
import { chooseLanguage, isLanguage, msg, say, type Language, type Message } from '../index.ts';

/**
 * The language `--lang` asks for in argv (`--lang ko`, `--lang=ko`), else
 * the locale's; a value that is no language is left for the command to
 * refuse. codegen's `--lang` names the generated code's language, so
 * codegen follows the locale only.
 */
export function languageOfArgv(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): Language {
  const cut = argv.indexOf('--');
  const words = cut < 0 ? argv : argv.slice(0, cut);
  const command = words.find((a) => !a.startsWith('-'));
  let option: Language | undefined;
  if (command !== 'codegen') {
    words.forEach((a, i) => {
      const value = a === '--lang' ? words[i + 1] : a.startsWith('--lang=') ? a.slice('--lang='.length) : undefined;
      if (value !== undefined && isLanguage(value.trim())) option = value.trim() as Language;
    });
  }
  return chooseLanguage({ option, env });
}

const TITLES: Readonly<Record<string, Message>> = {
  'Usage:': msg('cli.help.usage', {}),
  'Arguments:': msg('cli.help.arguments', {}),
  'Options:': msg('cli.help.options', {}),
  'Global Options:': msg('cli.help.global-options', {}),
  'Commands:': msg('cli.help.commands', {}),
};

/** ANSI colour sequences take no columns. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Help and version options, the help command and the section titles in
 * `lang`; columns counted as a terminal shows them (Hangul two each), so
 * Korean descriptions wrap inside the width. Call before adding commands:
 * they inherit these settings.
 */
export function speakCommander(program: Command, lang: Language): void {
  const helpText = say(msg('cli.help.help', {}), lang);
  program.helpOption('-h, --help', helpText).helpCommand('help [command]', helpText);
  if (lang === 'en') return;
  program.configureHelp({
    styleTitle: (title) => (TITLES[title] ? say(TITLES[title], lang) : title),
    displayWidth: (text) => displayWidth(text.replace(ANSI, '')),
  });
}

const suggestion = (hint: string | undefined): Message | string => {
  if (hint === undefined) return '';
  const one = /^\n\(Did you mean one of (.*)\?\)$/.exec(hint);
  if (one) return msg('cli.error.did-you-mean-one-of', { suggestions: one[1]! });
  const single = /^\n\(Did you mean (.*)\?\)$/.exec(hint);
  return single ? msg('cli.error.did-you-mean', { suggestion: single[1]! }) : hint;
};

/** commander's error sentences, each with the message that says it. */
const ERRORS: readonly [RegExp, (m: RegExpExecArray) => Message][] = [
  [/^error: unknown option '(.*?)'(\n\(Did you mean .*\?\))?$/s, (m) => msg('list.join', { first: msg('cli.error.unknown-option', { flag: m[1]! }), separator: '', rest: suggestion(m[2]) })],
  [/^error: unknown command '(.*?)'(\n\(Did you mean .*\?\))?$/s, (m) => msg('list.join', { first: msg('cli.error.unknown-command', { name: m[1]! }), separator: '', rest: suggestion(m[2]) })],
  [/^error: missing required argument '(.*)'$/s, (m) => msg('cli.error.missing-argument', { name: m[1]! })],
  [/^error: option '(.*)' argument missing$/s, (m) => msg('cli.error.option-argument-missing', { flags: m[1]! })],
  [/^error: required option '(.*)' not specified$/s, (m) => msg('cli.error.required-option', { flags: m[1]! })],
  [/^error: option '(.*?)' argument '(.*)' is invalid\.$/s, (m) => msg('cli.error.option-argument-invalid', { flags: m[1]!, value: m[2]! })],
  [/^error: too many arguments for '(.*)'\. Expected (\d+) arguments? but got (\d+)\.$/s,
    (m) => msg('cli.error.too-many-arguments-for', { command: m[1]!, expected: Number(m[2]), received: Number(m[3]) })],
  [/^error: too many arguments\. Expected (\d+) arguments? but got (\d+)\.$/s,
    (m) => msg('cli.error.too-many-arguments', { expected: Number(m[1]), received: Number(m[2]) })],
];

/** One of commander's error messages (`error: …`, without its newline) in `lang`. */
export function commanderError(text: string, lang: Language): string {
  if (lang === 'en') return text;
  for (const [pattern, said] of ERRORS) {
    const m = pattern.exec(text);
    if (m) return say(said(m), lang);
  }
  return text;
}

/** commander's error output (`error: …\n`) in `lang`. */
export const commanderErrorOutput = (text: string, lang: Language): string =>
  text.endsWith('\n') ? `${commanderError(text.slice(0, -1), lang)}\n` : commanderError(text, lang);

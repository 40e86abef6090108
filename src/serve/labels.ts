/**
 * The playground's own words (SPEC §15): the page's labels and the status
 * line's templates in each language, from the catalogue. The page is
 * rendered in one language and carries the labels of every language, so
 * its language switch relabels the page without asking the server
 * (playground.ts fills the templates' `{name}` slots).
 *
 * Invariant: every word the playground's interface shows comes from here;
 * the names of the input modes (ASCII, LaTeX) are the same in every language.
 */

import { LANGUAGES, msg, say, type Language, type Message } from '../index.ts';

/** A slot the page fills in a label template: `{ms}`. */
const slot = (name: string): string => `{${name}}`;

/** The file the editor starts with, as the page names it: its name, the sample's name, or none. */
export interface ShownFile {
  readonly name?: string;
  /** The built-in sample, not a file of the user's: its name says so in the page's language. */
  readonly sample?: boolean;
}

const shownName = (file: ShownFile): Message | string =>
  file.name === undefined ? msg('playground.untitled', {}) : file.sample ? msg('playground.sample', { file: file.name }) : file.name;

const LABELS = {
  title: (file: ShownFile) => msg('playground.title', { file: shownName(file) }),
  heading: () => msg('playground.heading', {}),
  loading: () => msg('playground.loading', {}),
  formulas: () => msg('playground.formulas', {}),
  formulasLabel: () => msg('playground.formulas-label', { ascii: 'ASCII' }),
  readAs: () => msg('playground.read-as', {}),
  modeAuto: () => msg('playground.mode-auto', {}),
  language: () => msg('playground.language', {}),
  report: () => msg('playground.report', {}),
  noscript: () => msg('playground.noscript', {}),
  hint: () => msg('playground.hint', {}),
  statusNoErrors: () => msg('playground.status-no-errors', { mode: slot('mode'), ms: slot('ms') }),
  statusOneError: () => msg('playground.status-one-error', { mode: slot('mode'), ms: slot('ms') }),
  statusErrors: () => msg('playground.status-errors', { mode: slot('mode'), count: slot('count'), ms: slot('ms') }),
  working: () => msg('playground.working', { seconds: slot('seconds'), limit: slot('limit') }),
  internalError: () => msg('cli.internal-error', { message: slot('message') }),
  engineStopped: () => msg('playground.engine-stopped', {}),
} satisfies Record<string, (file: ShownFile) => Message>;

/** A label's name: the catalogue's labels and the file's name as shown. */
export type LabelName = keyof typeof LABELS | 'fileName';
export type Labels = Readonly<Record<LabelName, string>>;

/** The playground's labels in `lang`; `title` and `fileName` name `file`. */
export function playgroundLabels(lang: Language, file: ShownFile = { name: slot('file') }): Labels {
  const shown = shownName(file);
  const out = { fileName: typeof shown === 'string' ? shown : say(shown, lang) } as Record<LabelName, string>;
  for (const name of Object.keys(LABELS) as (keyof typeof LABELS)[]) out[name] = say(LABELS[name](file), lang);
  return out;
}

/** Every language's labels, as the page carries them for its switch. */
export function allPlaygroundLabels(file: ShownFile): Readonly<Record<Language, Labels>> {
  return Object.fromEntries(LANGUAGES.map((l) => [l, playgroundLabels(l, file)])) as Record<Language, Labels>;
}

/**
 * What the playground shows for one text, computed where the engine runs
 * (the page's Web Worker, playground-worker.ts): the text is read as a
 * formula file (SPEC §2) or as LaTeX notes (SPEC §6, read by `loadNotes`
 * exactly as `nabla check` reads them), and the report, the graph and the
 * claims are rendered with the HTML report's own renderer.
 *
 * Invariant: every failure, a bug included, comes back as a problem to
 * show, never as an exception.
 */

import {
  checkSystemClaims, isLatex, msg, loadFile, loadNotes, NablaError, renderReportBody, report as buildReport, systemReport, TimeLimitError,
  type ClaimResult, type Language, type Report, type System,
} from './browser.ts';

export type InputMode = 'auto' | 'ascii' | 'latex';

export interface Rendered {
  /** The report's HTML. */
  readonly html: string;
  /** The errors, each with its caret excerpt. */
  readonly problems: readonly NablaError[];
  readonly mode: 'ascii' | 'latex';
}

/** Everything the page shows for one text: the body HTML and the errors. */
export function renderText(text: string, mode: InputMode = 'auto', lang: Language = 'en'): Rendered {
  const read = mode === 'auto' ? (isLatex(text, { dollars: true }) ? 'latex' : 'ascii') : mode;
  const problems: NablaError[] = [];
  let system: System;
  let claims: readonly ClaimResult[] = [];
  try {
    if (read === 'latex') {
      // The notes are read and their claims checked the way `nabla check` does.
      const notes = loadNotes(text);
      system = notes.system;
      claims = notes.claims;
      problems.push(...notes.problems);
    } else {
      system = loadFile(text);
      problems.push(...system.errors);
    }
  } catch (err) {
    problems.push(asNablaError(err, text));
    return { html: '', problems, mode: read };
  }
  let report: Report | undefined;
  // Out of time: that is all there is to show (the rest would stop at once too).
  try {
    // Each local factor gets its steps, behind a "steps" toggle in the page.
    report = buildReport(system, { explain: 'full' });
  } catch (err) {
    if (err instanceof TimeLimitError) return { html: '', problems: [err], mode: read };
    problems.push(asNablaError(err, text));
  }
  if (read === 'ascii') {
    try {
      claims = checkSystemClaims(system);
    } catch (err) {
      if (err instanceof TimeLimitError) return { html: '', problems: [err], mode: read };
      problems.push(asNablaError(err, text));
    }
  }
  const html = renderReportBody(report ?? systemReport(system), { claims, showErrors: false, showHeader: false, showSource: false, lang });
  return { html, problems, mode: read };
}

/** Any failure as a positioned error to show; a bug keeps its message. */
export function asNablaError(err: unknown, text: string): NablaError {
  if (err instanceof NablaError) return err.withSource(text);
  const message = err instanceof Error ? err.message : String(err);
  return new NablaError(msg('cli.internal-error', { message }));
}

/**
 * The playground's HTML shell (SPEC §8, `nabla serve`): an editor on the
 * left, the live report on the right. The page carries no engine code of
 * its own — `playground.js` (src/serve/playground.ts, over the engine's
 * browser module `nabla.js`) runs the engine in the browser and fills the
 * output — and loads nothing but the server's own files.
 *
 * Invariant: the starting text is escaped into the `<textarea>`, so a file
 * containing `</textarea>` or `<script>` is shown as text.
 */

import { escapeHtml } from '../report/escape.ts';
import { REPORT_CSS } from '../report/html.ts';
import type { Language } from '../index.ts';
import { allPlaygroundLabels } from './labels.ts';

export interface PageOptions {
  /** The editor's starting text. */
  readonly source: string;
  /** Shown in the header and the tab's title. */
  readonly fileName?: string;
  /** The file is the built-in sample (the header says so, in the page's language). */
  readonly sample?: boolean;
  /** Where the server serves the bundle, the report script and KaTeX's stylesheet. */
  readonly scriptSrc: string;
  readonly reportScriptSrc: string;
  readonly katexCssHref: string;
  /** The language the page opens in (SPEC §15; English when absent); its switch changes it. */
  readonly lang?: Language;
}

const PLAYGROUND_CSS = `
body{background:#f6f8fa}
.bar{display:flex;align-items:baseline;gap:14px;padding:10px 20px;background:#fff;border-bottom:1px solid var(--line)}
.bar h1{font-size:1.15rem;margin:0}
.bar .file{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;color:var(--muted)}
.bar .status{margin-left:auto;font-size:.85rem;color:var(--muted)}
.bar .status.bad{color:var(--bad)}
.layout{display:grid;grid-template-columns:minmax(320px,5fr) 7fr;gap:18px;padding:18px 20px;max-width:1700px;margin:0 auto;align-items:start}
.editor{position:sticky;top:12px;display:flex;flex-direction:column;gap:8px}
.editor .tools{display:flex;align-items:center;gap:10px;font-size:.85rem;color:var(--muted)}
.editor .tools select{font:inherit;font-size:.85rem;border:1px solid var(--line);border-radius:6px;padding:1px 4px;background:#fff}
.editor .tools .mode{margin-left:auto}
textarea#source{width:100%;height:min(62vh,680px);resize:vertical;font:13.5px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;padding:10px 12px;border:1px solid var(--line);border-radius:10px;background:#fff;color:var(--fg);tab-size:4;white-space:pre;overflow:auto}
textarea#source:focus{outline:2px solid #0969da44;border-color:var(--accent)}
#problems:empty{display:none}
#problems{max-height:32vh;overflow:auto}
#problems .error{cursor:pointer}
#problems .error pre{margin:0 0 6px;font-size:.82rem}
#problems .hint{font-size:.8rem;color:var(--muted);margin:0}
.output{background:#fff;border:1px solid var(--line);border-radius:12px;min-width:0}
.output .report{max-width:none;padding:8px 24px 32px}
.output .report h2:first-of-type{margin-top:1.2rem}
@media (max-width:900px){.layout{grid-template-columns:1fr}.editor{position:static}}
`;

/** The playground page. */
export function renderPlaygroundPage(options: PageOptions): string {
  const lang = options.lang ?? 'en';
  const labels = allPlaygroundLabels({ name: options.fileName, sample: options.sample });
  const l = labels[lang];
  // The HTML parser drops one newline right after <textarea>: keep the text's own.
  const initial = options.source.startsWith('\n') ? `\n${options.source}` : options.source;
  // Every language's labels, for the page's language switch: JSON data, never run (`<` escaped so no tag can end the block).
  const data = JSON.stringify(labels).replace(/</g, '\\u003c');
  const picked = (value: Language): string => (value === lang ? ' selected' : '');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(l.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(options.katexCssHref)}">
<style>${REPORT_CSS}${PLAYGROUND_CSS}</style>
<script type="module" src="${escapeHtml(options.scriptSrc)}"></script>
<script defer src="${escapeHtml(options.reportScriptSrc)}"></script>
<script type="application/json" id="labels">${data}</script>
</head>
<body class="playground">
<header class="bar"><h1 data-label="heading">${escapeHtml(l.heading)}</h1><span class="file" data-label="fileName">${escapeHtml(l.fileName)}</span><span class="status" id="status" role="status" aria-live="polite">${escapeHtml(l.loading)}</span></header>
<div class="layout">
<section class="editor" aria-label="${escapeHtml(l.formulas)}" data-label-aria="formulas">
<div class="tools"><label for="source" data-label="formulasLabel">${escapeHtml(l.formulasLabel)}</label>
<span class="mode"><label><span data-label="readAs">${escapeHtml(l.readAs)}</span> <select id="mode"><option value="auto" data-label="modeAuto">${escapeHtml(l.modeAuto)}</option><option value="ascii">ASCII</option><option value="latex">LaTeX</option></select></label>
<label><span data-label="language">${escapeHtml(l.language)}</span> <select id="lang"><option value="en" lang="en"${picked('en')}>English</option><option value="ko" lang="ko"${picked('ko')}>한국어</option></select></label></span></div>
<textarea id="source" spellcheck="false" autocomplete="off" autocapitalize="off" aria-describedby="problems">${escapeHtml(initial)}</textarea>
<div id="problems" aria-live="polite"></div>
</section>
<section class="output" aria-label="${escapeHtml(l.report)}" data-label-aria="report"><main class="report" id="report"><noscript><p>${escapeHtml(l.noscript)}</p></noscript></main></section>
</div>
</body>
</html>
`;
}

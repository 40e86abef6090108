/**
 * The browser module of nabla (SPEC §16): the whole public API and the
 * report views that run without Node, built into one ES module
 * (dist/browser/nabla.js, `nabla/browser` in the package). The playground
 * page loads it; a page of one's own can too:
 *
 * ```html
 * <script type="module">
 *   import { loadFile, report, renderReportBody } from './node_modules/nabla/dist/browser/nabla.js';
 * </script>
 * ```
 *
 * Invariant: it exports nothing that needs Node (renderHtml reads KaTeX's
 * fonts from disk, so only the page body `renderReportBody` is here).
 */

export * from '../index.ts';
export { errorBlock, renderMath, renderReportBody, REPORT_CSS, REPORT_SCRIPT, type BodyOptions } from '../report/html.ts';
export { renderTerminal, type TerminalOptions } from '../report/terminal.ts';
export { renderLatex } from '../report/latex.ts';
export { renderJson, reportToJson } from '../report/json.ts';
export { renderClaimsJson, renderClaimsTerminal } from '../report/claims-view.ts';
export { renderGraphSvg } from '../report/graph-svg.ts';

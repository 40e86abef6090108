/**
 * The HTML report's stylesheet, shared with the playground's page. Plain
 * CSS, no external reference (the page's Content-Security-Policy allows
 * none), sized for a 900px column and for phones.
 */

/** Styles of the report, shared with the playground. */
export const REPORT_CSS = `
:root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--accent:#0969da;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;color:var(--fg);background:#fff}
.report{max-width:900px;margin:0 auto;padding:32px 20px 64px}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 .25rem}
h2{font-size:1.25rem;margin:2.4rem 0 .9rem;padding-bottom:.35rem;border-bottom:1px solid var(--line)}
h3{font-size:1.1rem;margin:0;font-weight:600}
h4{font-size:.8rem;margin:1.1rem 0 .3rem;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
code,pre,.num{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.88em}
pre{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:10px 12px;overflow-x:auto;margin:.4rem 0;line-height:1.4}
.summary,.lead{color:var(--muted);margin:0 0 .8rem}
.badge{display:inline-block;font-size:.74rem;font-weight:600;line-height:1;padding:.32em .6em;border-radius:999px;border:1px solid;white-space:nowrap;vertical-align:middle}
.badge.pass,.badge.verified{color:var(--ok);background:#dafbe1;border-color:#aceebb}
.badge.fail,.badge.refuted{color:var(--bad);background:#ffebe9;border-color:#ffcecb}
.badge.inconclusive,.badge.unchecked{color:var(--warn);background:#fff8c5;border-color:#eed888}
button{font:inherit;font-size:.8rem;color:var(--fg);background:#fff;border:1px solid var(--line);border-radius:6px;padding:2px 9px;cursor:pointer}
button:hover{background:var(--soft)}
button[aria-pressed="true"]{border-color:var(--accent);background:#ddf4ff}
.graph-controls{display:flex;flex-wrap:wrap;align-items:center;gap:6px;color:var(--muted);margin:0 0 .7rem}
.graph-scroll{overflow-x:auto;border:1px solid var(--line);border-radius:10px;padding:12px;background:#fbfcfd}
.graph-scroll svg{display:block;max-width:100%;height:auto;margin:0 auto}
.gradient{border:1px solid var(--line);border-radius:10px;padding:14px 18px 10px;margin:0 0 20px}
.gradient>header{display:flex;flex-wrap:wrap;align-items:center;gap:8px 12px;margin-bottom:.2rem}
.gradient>header h3{margin-right:auto}
.gradient .value{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600}
.eq{display:flex;flex-wrap:wrap;align-items:flex-start;gap:0 8px}
.eq>.katex-display{flex:1 1 0;min-width:0;margin:.35em 0;padding:3px 0;overflow-x:auto;overflow-y:hidden;text-align:left}
.eq>.katex-display>.katex{text-align:left;padding-left:2px}
.eq>details{flex:0 0 auto;margin-top:.55em}
.eq>details[open]{flex-basis:100%;margin-top:0}
details.tex>summary{list-style:none;cursor:pointer;font-size:.7rem;font-weight:600;color:var(--muted);border:1px solid var(--line);border-radius:5px;padding:0 6px;width:max-content}
details.tex>summary::-webkit-details-marker{display:none}
details.tex[open]>summary{color:var(--accent);border-color:var(--accent)}
.tex-body{display:flex;gap:8px;align-items:flex-start}
.tex-body pre{flex:1 1 auto;min-width:0;font-size:.8rem;margin:.3rem 0}
.tex-body button{margin-top:.35rem;flex:0 0 auto}
.fd{font-size:.9rem;color:var(--muted);margin:.3rem 0 .4rem}
.fd .detail{font-size:.85em}
ul.factors{list-style:none;margin:0;padding:0}
ul.factors>li{margin:0}
.expansion{margin:.3rem 0 .5rem;padding:.1rem 0 .1rem 14px;border-left:3px solid #d1d9e0}
.split-note{margin:.3rem 0 0;font-size:.9rem;color:var(--muted)}
.katex{font-size:1.08em}
.math-error{color:var(--bad);font-family:ui-monospace,monospace;font-size:.85em}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;padding:5px 10px;border-bottom:1px solid #e6eaef;vertical-align:middle}
th{font-size:.78rem;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em}
td.num,th.num{text-align:right;white-space:nowrap}
td.role{color:var(--muted);font-size:.85rem}
tr.input td,tr.free td{background:#fafbfc}
.table-scroll{overflow-x:auto}
table.training{width:auto;min-width:280px}
ul.claims{list-style:none;margin:0;padding:0}
li.claim{border:1px solid var(--line);border-left-width:4px;border-radius:8px;padding:10px 14px;margin:0 0 10px}
li.claim.verified{border-left-color:var(--ok)}
li.claim.refuted{border-left-color:var(--bad)}
li.claim.unchecked{border-left-color:#d4a72c}
.claim-head{display:flex;flex-wrap:wrap;align-items:center;gap:6px 10px}
.claim-head .where{color:var(--muted);font-size:.85rem}
.claim-math{margin:.35rem 0 .1rem;overflow-x:auto;overflow-y:hidden}
.claim .reason,.claim .sides,.claim .counterexample{font-size:.9rem;color:var(--muted);margin-top:.2rem}
.claim .diagnosis{font-size:.9rem;margin-top:.2rem}.claim .diagnosis .code{font-family:ui-monospace,monospace;font-weight:600;margin-right:.3rem}.claim .diagnosis .also{color:var(--muted)}
.error pre{background:#fff5f5;border-color:#ffcecb;color:#82071e}
.empty{color:var(--muted);margin:1.5rem 0}
section#latex,section#source{margin-top:2rem}
footer.generated{margin-top:2.5rem;border-top:1px solid var(--line);padding-top:.6rem;font-size:.85rem}
.in-full{margin:.2rem 0 .4rem;line-height:2.1}
.in-full .label{color:var(--muted);font-size:.9rem;margin-right:.3rem}
.in-full>details{display:inline-block;margin-left:.4rem;vertical-align:middle;line-height:1.4}
.in-full>details[open]{display:block;margin-left:0}
details>summary{cursor:pointer;color:var(--muted)}
pre.source{max-height:28rem}
details.steps{margin:0 0 .6rem}
details.steps>summary{font-size:.85rem}
ol.steps{margin:.3rem 0;padding-left:1.6rem}
ol.steps p{margin:.3rem 0 0}
.step-expr{overflow-x:auto;overflow-y:hidden}
`;

/**
 * Nothing leaks (notes/reliability-anchors.md §2.6, L-4, C-1…C-6): names
 * never reach generated code or an object's prototype, user text never
 * reaches the HTML unescaped nor the terminal raw, and an output file is
 * written whole or not at all (SPEC §10).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { num, sym } from '../src/expr/node.ts';
import { add, mul } from '../src/expr/canonical.ts';
import { compile, evaluate } from '../src/numeric/compile.ts';
import { diff } from '../src/diff/diff.ts';
import { toText } from '../src/print/text.ts';
import { toLatex } from '../src/print/latex.ts';
import { NablaError, spanAt } from '../src/errors.ts';
import { main } from '../src/cli/main.ts';
import { buildSystem } from '../src/graph/system.ts';
import { buildReport } from '../src/report/model.ts';
import { reportToJson } from '../src/report/json.ts';
import { renderHtml } from '../src/report/html.ts';
import { checkClaims } from '../src/claims/document.ts';
import { loadFile } from '../src/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'nabla.js');
const dir = mkdtempSync(join(tmpdir(), 'nabla-safety-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const XSS = '<img src=x onerror=alert(1)>';
const HOSTILE = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'x"]);process.exit(1);//', '</script><script>alert(1)</script>', 'a\u2028b', 'a\\b'];

async function cli(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, color: false, stderrIsTTY: false });
  return { status, stdout, stderr };
}

/** Object.prototype, Object and Function.prototype as they were, apart from what the test itself adds. */
function pristine(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const builtIns: object[] = [Object.prototype, Object, Function.prototype, Object.prototype.toString, Object.prototype.hasOwnProperty];
  for (const probe of builtIns) {
    const own = Object.getOwnPropertyNames(probe);
    for (const name of ['x', 'w1', 'toString_x', 'polluted', 'value']) expect(own, `${name} written onto a built-in`).not.toContain(name);
  }
}

describe('names are data, never code or keys of a prototype (C-1, C-2, C-6)', () => {
  it('hostile names evaluate and differentiate by index, by record (own keys only) and by Map', () => {
    const names = HOSTILE;
    // e = Σ (i+1)·name_i², so ∂e/∂name_i = 2(i+1)·name_i.
    const e = add(...names.map((n, i) => mul(num(i + 1), sym(n), sym(n))));
    const values = names.map((_, i) => 0.5 + i);
    const byIndex = compile([e, ...names.map((n) => diff(e, n))], names)(values);
    const expected = names.reduce((s, _, i) => s + (i + 1) * values[i]! ** 2, 0);
    expect(byIndex[0]).toBeCloseTo(expected, 12);
    names.forEach((_, i) => expect(byIndex[i + 1]).toBeCloseTo(2 * (i + 1) * values[i]!, 12));
    // A record from JSON has "__proto__" as an own key, as a user's values file would.
    const record = JSON.parse(JSON.stringify(Object.fromEntries(names.map((n, i) => [n, values[i]])))) as Record<string, number>;
    expect(Object.keys(record)).toContain('__proto__');
    expect(evaluate(e, record)).toBeCloseTo(expected, 12);
    expect(evaluate(e, new Map(names.map((n, i) => [n, values[i]!])))).toBeCloseTo(expected, 12);
    pristine();
  });

  it('a name missing from a record is missing, even when Object.prototype has it', () => {
    const f = compile([add(sym('constructor'), sym('toString'))], ['constructor', 'toString']);
    expect(() => f({ constructor: 1 } as unknown as Record<string, number>)).toThrow(/"toString" has no value/);
  });

  it('printers write hostile names as text (ASCII) and escaped (LaTeX)', () => {
    const e = add(sym('</script>'), sym('x}\\href{javascript:alert(1)}{y'));
    expect(toText(e)).toContain('</script>');
    const tex = toLatex(e);
    expect(tex).not.toMatch(/\\href\{/);
  });

  it('run --json: constructor, toString, valueOf, hasOwnProperty are ordinary keys, and nothing is written onto Object', async () => {
    const file = join(dir, 'proto.nabla');
    writeFileSync(file, 'constructor = x^2 + toString\nx = 3\ntoString = 1\nvalueOf = 2\nhasOwnProperty = constructor*valueOf\nderive hasOwnProperty wrt x, toString\nderive constructor wrt x\n');
    const r = await cli(['run', file, '--json', '--at', 'toString=5']);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { values: Record<string, number>; gradients: Record<string, Record<string, { value: number }>> };
    expect(json.values).toEqual({ constructor: 14, x: 3, toString: 5, valueOf: 2, hasOwnProperty: 28 });
    expect(Object.keys(json.gradients)).toEqual(['hasOwnProperty', 'constructor']);
    const gradient = (of: string, wrt: string): number | undefined => json.gradients[of]?.[wrt]?.value;
    expect(gradient('hasOwnProperty', 'x')).toBe(12);
    expect(gradient('hasOwnProperty', 'toString')).toBe(2);
    expect(gradient('constructor', 'x')).toBe(6);
    pristine();
  });

  it('a report on a name "__proto__" (possible through the API) keeps it as a real JSON key', () => {
    const span = spanAt('__proto__ = 2', 0, 13);
    const system = buildSystem([
      { kind: 'define', name: '__proto__', written: '__proto__', expr: num(2), span },
      { kind: 'define', name: 'E', written: 'E', expr: mul(sym('__proto__'), sym('__proto__')), span },
      { kind: 'derive', target: 'E', wrt: [{ name: '__proto__', written: '__proto__', span }], span },
    ], '__proto__ = 2\nE = __proto__^2\n');
    const json = JSON.parse(JSON.stringify(reportToJson(buildReport(system)))) as { values: Record<string, number>; gradients: { E: Record<string, { value: number }> } };
    expect(Object.keys(json.values)).toEqual(['__proto__', 'E']);
    expect(Object.getOwnPropertyDescriptor(json.values, '__proto__')?.value).toBe(2);
    expect(Object.getOwnPropertyDescriptor(json.gradients.E, '__proto__')?.value).toMatchObject({ value: 4 });
    pristine();
  });

  it('the languages do not admit "__proto__" as a name, in formulas or in --at', async () => {
    expect((await cli(['eval', '__proto__ + 1'])).stderr).toMatch(/^1:1: Unexpected character "_"/);
    expect((await cli(['eval', 'x', '--at', '__proto__=1,x=2'])).stderr).toMatch(/^--at:1:1: Expected a name before "=" in --at, found "__proto__"/);
  });
});

describe('HTML: user text is escaped everywhere (C-4)', () => {
  const FORMULA = `# notes ${XSS} </script><script>alert(2)</script> -->\nx = 2\nE = x^2\nderive E wrt x\nclaim d(E)/d(x) = 4\n`;
  const DOC = `# ${XSS}\n\n$$y = 1$$ and $$o = 0.5$$\n\n$$E = \\frac{1}{2}(y - o)^2$$\n\n$$\\frac{\\partial E}{\\partial o} = o - y$$\n\n$$ ${XSS} = 1 $$\n\n$$\\text{${XSS}} x = 1$$\n`;

  const expectSafe = (html: string): void => {
    // Non-vacuity: the page did render math, so the probes below are not passing on an empty page.
    expect(html).toMatch(/class="katex"/);
    expect(html).not.toContain(XSS);
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/<script>alert/i);
    expect(html).not.toMatch(/<[^>]*\sonerror=/i);
    expect(html).not.toMatch(/javascript:/i);
  };

  it('comments and the source in a run --html page', async () => {
    const file = join(dir, 'xss.nabla');
    writeFileSync(file, FORMULA);
    const out = join(dir, 'xss.html');
    const r = await cli(['run', file, '--html', out]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expectSafe(html);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('claims that do not parse, and their reasons, in a check --html page', async () => {
    const file = join(dir, 'xss.md');
    writeFileSync(file, DOC);
    const out = join(dir, 'xss-doc.html');
    const r = await cli(['check', file, '--html', out]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expectSafe(html);
    expect(html).toContain('unchecked');
  });

  it('errors with their source excerpt, and the title', () => {
    const source = `E = ${XSS}`;
    const system = loadFile('x = 2\nE = x^2\n');
    const error = new NablaError(`Unexpected character "<" in ${XSS}`, spanAt(source, 4, 1), source);
    const html = renderHtml(buildReport(system), { title: XSS, errors: [error], claims: checkClaims(DOC, { kind: 'document' }).claims });
    expectSafe(html);
    expect(html).toContain('<title>&lt;img src=x onerror=alert(1)&gt;</title>');
  });
});

describe('the terminal never receives raw control sequences from the input (L-4, C-5)', () => {
  // eslint-disable-next-line no-control-regex
  const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

  it('a claim text with an ESC sequence is shown escaped', async () => {
    const file = join(dir, 'esc.md');
    writeFileSync(file, '$$x\u001b[31m = 1$$\n\n$$y\u202e = 2$$\n\n$$1 + 1 = 2$$\n');
    const r = await cli(['check', file]);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('\\u001b');
    expect(r.stdout).toContain('\\u202e');
  });

  it('an option value and an unknown option are echoed escaped', async () => {
    const a = await cli(['diff', 'x', '--wrt', 'x\u001b]52;c;aGk=\u0007']);
    expect(a.status).toBe(2);
    expect(a.stderr).not.toMatch(RAW);
    const b = await cli(['diff', 'x', '--wrt', 'x', '--x\u001b[2J']);
    expect(b.status).toBe(2);
    expect(b.stderr).not.toMatch(RAW);
  });

  it('a file name with control characters is echoed escaped', async () => {
    const r = await cli(['run', join(dir, 'no\u001b[2Jsuch.nabla')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*no\\u001b\[2Jsuch\.nabla: no such file/);
    expect(r.stderr).not.toMatch(RAW);
  });
});

describe('output files are written whole or not at all (SPEC §10)', () => {
  const leftovers = (d: string): string[] => readdirSync(d).filter((f) => f.endsWith('.tmp'));
  const run = (args: readonly string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });

  it('a run that fails leaves no page and no temporary file, and an old page untouched', () => {
    const d = join(dir, 'atomic');
    mkdirSync(d);
    const bad = join(d, 'bad.nabla');
    writeFileSync(bad, 'x = 1\nE = exp(1000*x)\nderive E wrt x\n');
    const out = join(d, 'report.html');
    const r = run(['run', bad, '--html', out]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/overflow in exp\(1000\*x\)/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(d)).toEqual([]);
    writeFileSync(out, 'the old page');
    expect(run(['run', bad, '--html', out]).status).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('the old page');
    expect(leftovers(d)).toEqual([]);
  });

  it('an unwritable target is an error with the path, and leaves nothing behind', async () => {
    const ok = join(dir, 'ok.nabla');
    writeFileSync(ok, 'x = 1\nE = x^2\nderive E wrt x\n');
    const missing = await cli(['run', ok, '--html', join(dir, 'no-such-dir', 'out.html')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^cannot write .*no-such-dir\/out\.html: no such directory/);
    const target = join(dir, 'a-directory');
    mkdirSync(target);
    const isDir = await cli(['run', ok, '--html', target]);
    expect(isDir.status).toBe(2);
    expect(isDir.stderr).toMatch(/^cannot write .*a-directory: it is a directory/);
    expect(leftovers(dir)).toEqual([]);
  });

  it('a run that succeeds writes the whole page', async () => {
    const ok = join(dir, 'whole.nabla');
    writeFileSync(ok, 'x = 1\nE = x^2\nderive E wrt x\n');
    const out = join(dir, 'whole.html');
    expect((await cli(['run', ok, '--html', out])).status).toBe(0);
    expect(readFileSync(out, 'utf8').trimEnd()).toMatch(/^<!doctype html>[\s\S]*<\/html>$/);
  });
});

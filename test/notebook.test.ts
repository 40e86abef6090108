/**
 * Notebook display (SPEC §16): objects from `report()` and `checkClaims()`
 * answer `Symbol.for('Jupyter.display')` with HTML (KaTeX-rendered, fonts
 * inlined) and plain text, while their own fields, and so their JSON, stay
 * as they were. The values shown are worked by hand: d(x^2)/dx at 3 is 6.
 */

import { describe, expect, it } from 'vitest';
import { checkClaims, loadFile, report } from '../src/index.ts';
import { buildReport } from '../src/report/model.ts';
import { renderJson } from '../src/report/json.ts';

const DISPLAY = Symbol.for('Jupyter.display');

type Displayable = { [DISPLAY]?: () => Record<string, string> };

function display(value: object): Record<string, string> {
  const method = (value as Displayable)[DISPLAY];
  expect(typeof method).toBe('function');
  return method!.call(value);
}

describe('notebook display', () => {
  const system = loadFile('y = x^2\nx = 3\nderive y wrt x\n');

  it('a report shows as KaTeX HTML and as the terminal text', () => {
    const shown = display(report(system));
    expect(Object.keys(shown).sort()).toEqual(['text/html', 'text/plain']);
    expect(shown['text/plain']).toContain('∂y/∂x = 6');
    expect(shown['text/plain']).not.toMatch(/\x1b\[/);
    const html = shown['text/html']!;
    expect(html).toContain('class="katex"');
    expect(html).toMatch(/font-family:KaTeX_Main;[^}]*src:url\(data:font\/woff2;base64,/);
    // Only data: URLs and the page's own fragments (the graph's arrow marker): no request.
    expect(html).not.toMatch(/url\((?!data:|#)/);
  });

  it('leaves the report\'s fields and JSON as they were', () => {
    const shown = report(system);
    const plain = buildReport(system);
    expect(Object.keys(shown)).toEqual(Object.keys(plain));
    expect(renderJson(shown)).toBe(renderJson(plain));
    expect(Object.getOwnPropertySymbols(shown).filter((key) => Object.getOwnPropertyDescriptor(shown, key)!.enumerable)).toEqual([]);
  });

  it('a claim list shows its verdicts', () => {
    const claims = checkClaims('y = x^2\nclaim d(y)/d(x) = 2*x\nclaim d(y)/d(x) = 3*x\n', { fileName: 'claims.nabla' });
    expect(Object.keys(claims).sort()).toEqual(['claims', 'definitions', 'skipped', 'system']);
    const shown = display(claims);
    expect(shown['text/plain']).toContain('1 verified, 1 refuted');
    expect(shown['text/html']).toContain('refuted');
    expect(shown['text/html']).toContain('class="katex"');
  });
});

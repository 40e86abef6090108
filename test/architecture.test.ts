/**
 * The shape of the code, checked from its import lines (issue "One-way
 * layers"): no file circle; every import goes down the layer order or stays
 * in its own room; views take a Report only; the faces (CLI, server,
 * playground) reach the engine through the public API; no file over 500
 * lines and no function over 120.
 *
 * Layers, lowest first:
 *   core (errors, limits, io, expr/, functions.ts)
 *   < matrix algebra (matrix/), which only the core is below
 *   < reading (parse/) and algebra (diff/, simplify/), which do not import each other
 *   < printing (print/) < numbers (numeric/) < systems (graph/) < claims (claims/)
 *   < the report model (report/model.ts and what it is built from) < report views
 *   < the public API (index.ts) < faces (cli/, serve/).
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = path.join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return entry.endsWith('.ts') ? [full] : [];
  });
}

const FILES = sourceFiles(SRC).map((f) => path.relative(SRC, f).split(path.sep).join('/')).sort();

interface Import {
  readonly from: string;
  /** Resolved path relative to src/ (or `../grammar/…`), or the package name. */
  readonly target: string;
  readonly local: boolean;
  readonly typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Import[] = [];
  const add = (spec: string, typeOnly: boolean): void => {
    const local = spec.startsWith('.');
    const target = local ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) : spec;
    out.push({ from: file, target, local, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteral(arg)) add(arg.text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const IMPORTS = new Map(FILES.map((f) => [f, importsOf(f)]));

/** The layer of a file: its rank, and the room that may import itself at that rank. */
function layerOf(file: string): { rank: number; room: string } {
  const top = file.includes('/') ? file.slice(0, file.indexOf('/')) : file;
  switch (top) {
    case 'errors.ts': case 'limits.ts': case 'io': case 'expr': case 'functions.ts': case 'messages':
      return { rank: 0, room: 'core' };
    case 'parse': return { rank: 1, room: 'reading' };
    case 'diff': case 'simplify': return { rank: 1, room: 'algebra' };
    case 'print': return { rank: 2, room: 'print' };
    case 'numeric': return { rank: 3, room: 'numeric' };
    case 'matrix': return { rank: 0.5, room: 'matrix' };
    case 'graph': return { rank: 4, room: 'graph' };
    case 'claims': return { rank: 5, room: 'claims' };
    case 'report': return REPORT_VIEWS.has(file) ? { rank: 7, room: 'views' } : { rank: 6, room: 'report-model' };
    case 'index.ts': return { rank: 8, room: 'api' };
    case 'cli': case 'serve': return { rank: 9, room: top };
    default: return { rank: -1, room: `unplaced ${file}` };
  }
}

/** The report views: they format a Report and never compute. */
const REPORT_VIEWS = new Set(FILES.filter((f) => f.startsWith('report/') && !/^report\/(model|model-[a-z-]+)\.ts$/.test(f)));

/** What a face (cli/, serve/) may import besides its own folder. */
const FACE_MAY_IMPORT = (target: string): boolean =>
  target === 'index.ts' || target === 'errors.ts' || target.startsWith('io/') || REPORT_VIEWS.has(target);

describe('architecture', () => {
  it('every source file has a layer', () => {
    expect(FILES.filter((f) => layerOf(f).rank < 0)).toEqual([]);
  });

  it('has no file circle', () => {
    // Tarjan's strongly connected components over local imports.
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const circles: string[][] = [];
    let next = 0;
    const connect = (v: string): void => {
      index.set(v, next);
      low.set(v, next++);
      stack.push(v);
      onStack.add(v);
      for (const imp of IMPORTS.get(v) ?? []) {
        if (!imp.local || !IMPORTS.has(imp.target)) continue;
        const w = imp.target;
        if (!index.has(w)) {
          connect(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1) circles.push(component.sort());
      }
    };
    for (const f of FILES) if (!index.has(f)) connect(f);
    expect(circles).toEqual([]);
  });

  it('imports only go down the layer order, or stay in their room', () => {
    const against: string[] = [];
    for (const [file, imports] of IMPORTS) {
      const from = layerOf(file);
      for (const imp of imports) {
        if (!imp.local) continue;
        if (imp.target.startsWith('../grammar/')) {
          if (from.room !== 'reading') against.push(`${file} -> ${imp.target} (only parse/ reads the grammars)`);
          continue;
        }
        const to = layerOf(imp.target);
        if (from.rank === 9) {
          if (to.room !== from.room && !FACE_MAY_IMPORT(imp.target)) against.push(`${file} -> ${imp.target} (a face goes through index.ts)`);
          continue;
        }
        if (to.room === from.room) continue;
        if (to.rank >= from.rank) against.push(`${file} -> ${imp.target} (${from.room} may not import ${to.room})`);
      }
    }
    expect(against).toEqual([]);
  });

  it('views take a Report: they import no graph, numbers, algebra or reading', () => {
    const computing = /^(graph|numeric|diff|simplify|parse)\//;
    const against = [...REPORT_VIEWS].flatMap((view) =>
      (IMPORTS.get(view) ?? []).filter((imp) => imp.local && computing.test(imp.target)).map((imp) => `${view} -> ${imp.target}`));
    expect(against).toEqual([]);
  });

  it('no file in src/ is over 500 lines (the LaTeX lexer excepted)', () => {
    const EXEMPT = new Set(['parse/latex-lexer.ts']);
    const long = FILES.filter((f) => !EXEMPT.has(f))
      .map((f) => ({ f, lines: readFileSync(path.join(SRC, f), 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 500)
      .map(({ f, lines }) => `${f}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it('no function in src/ is over 120 lines', () => {
    const long: string[] = [];
    for (const file of FILES) {
      const text = readFileSync(path.join(SRC, file), 'utf8');
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
          const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
          if (end - start + 1 > 120) long.push(`${file}:${start + 1} ${end - start + 1} lines`);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(long).toEqual([]);
  });
});

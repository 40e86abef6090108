/**
 * Start-up of the command line (SPEC §16): the wall time of one
 * `nabla diff "x^2" --wrt x` from a cold process, median of STARTUP_RUNS,
 * for the compiled package (dist/, what an installed `nabla` runs), the
 * checkout's launcher (TypeScript through tsx), math.js's own CLI on the
 * same derivative, and a bare `node` for the floor.
 *
 * Invariant: every figure is a whole child process, spawn to exit, so it
 * is what a person typing the command waits for.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

export const STARTUP_RUNS = 10;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface StartupFigure {
  readonly name: string;
  readonly command: string;
  /** Median wall milliseconds, or undefined where the program is missing. */
  readonly ms?: number;
}

function medianWall(args: readonly string[]): number {
  const times: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}

/** The start-up figures; the compiled one only once `npm run build` has made dist/. */
export function measureStartup(): StartupFigure[] {
  const compiled = join(ROOT, 'dist', 'cli', 'main.js');
  const mathjsCli = join(ROOT, 'node_modules', 'mathjs', 'bin', 'cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'nabla-startup-'));
  try {
    // What the installed bin does once it has chosen dist/.
    const launcher = join(dir, 'nabla.mjs');
    writeFileSync(launcher, `const { run } = await import(${JSON.stringify(pathToFileURL(compiled).href)});\nawait run();\n`);
    return [
      { name: 'node, nothing', command: 'node -e 0', ms: medianWall(['-e', '0']) },
      { name: 'nabla, compiled (dist/)', command: 'nabla diff "x^2" --wrt x', ms: existsSync(compiled) ? medianWall([launcher, 'diff', 'x^2', '--wrt', 'x']) : undefined },
      { name: 'nabla, from the sources (tsx)', command: 'node bin/nabla.js diff "x^2" --wrt x', ms: medianWall([join(ROOT, 'bin', 'nabla.js'), 'diff', 'x^2', '--wrt', 'x']) },
      { name: 'math.js CLI', command: 'mathjs "derivative(\'x^2\', \'x\')"', ms: existsSync(mathjsCli) ? medianWall([mathjsCli, "derivative('x^2', 'x')"]) : undefined },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures as the results page's section. */
export function renderStartup(figures: readonly StartupFigure[]): string[] {
  return [
    '## Start-up',
    '',
    `One command from a cold process, spawn to exit, median of ${STARTUP_RUNS} (the compiled figure needs \`npm run build\`).`,
    '',
    '| program | command | wall |',
    '|---|---|---|',
    ...figures.map((f) => `| ${f.name} | \`${f.command}\` | ${f.ms === undefined ? '—' : `${f.ms.toFixed(0)} ms`} |`),
    '',
  ];
}

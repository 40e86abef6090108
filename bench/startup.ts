/**
 * Start-up of the command line (SPEC §16, issue "A real npm package"): the
 * wall time of one `nabla diff "x^2" --wrt x` from a cold process, median
 * of STARTUP_RUNS, for the package as a user has it (`npm pack`, the
 * tarball installed in an empty folder, its bin run by node), beside a bare
 * `node` for the floor, the checkout's launcher (TypeScript through tsx)
 * and math.js's own CLI on the same derivative.
 *
 * Invariants:
 * - every figure is a whole child process, spawn to exit, so it is what a
 *   person typing the command waits for;
 * - each program runs once before it is timed (the installed bin writes its
 *   V8 code cache on its first run, as it does on a user's first command);
 * - the programs take turns, run by run, so a busy machine slows all of
 *   them alike rather than whichever ran during the busy spell.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

export const STARTUP_RUNS = 11;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface StartupFigure {
  readonly name: string;
  readonly command: string;
  /** Median wall milliseconds, or undefined where the program is missing. */
  readonly ms?: number;
}

interface Program {
  readonly name: string;
  readonly command: string;
  /** node's arguments and the folder to run in; undefined where the program is missing. */
  readonly run?: { readonly args: readonly string[]; readonly cwd: string };
}

function wallMs(args: readonly string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The package installed from its tarball into `dir`, as the package test does; false when dist/ is not built. */
function installTarball(dir: string): boolean {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'nabla.cjs'))) return false;
  const json = execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  const { filename } = (JSON.parse(json) as { filename: string }[])[0]!;
  const consumer = join(dir, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  execFileSync(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, filename)], { cwd: consumer, stdio: 'pipe' });
  return true;
}

/** The start-up figures; the installed one only once `npm run build` has made dist/. */
export function measureStartup(): StartupFigure[] {
  const mathjsCli = join(ROOT, 'node_modules', 'mathjs', 'bin', 'cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'nabla-startup-'));
  try {
    const consumer = join(dir, 'consumer');
    const diff = ['diff', 'x^2', '--wrt', 'x'];
    const programs: Program[] = [
      { name: 'node, nothing', command: 'node -e 0', run: { args: ['-e', '0'], cwd: ROOT } },
      {
        name: 'nabla, installed from the tarball',
        command: 'nabla diff "x^2" --wrt x',
        run: installTarball(dir) ? { args: [join(consumer, 'node_modules', '.bin', 'nabla'), ...diff], cwd: consumer } : undefined,
      },
      { name: 'nabla, from the sources (tsx)', command: 'node bin/nabla.js diff "x^2" --wrt x', run: { args: [join(ROOT, 'bin', 'nabla.js'), ...diff], cwd: ROOT } },
      {
        name: 'math.js CLI',
        command: 'mathjs "derivative(\'x^2\', \'x\')"',
        run: existsSync(mathjsCli) ? { args: [mathjsCli, "derivative('x^2', 'x')"], cwd: ROOT } : undefined,
      },
    ];
    const times = programs.map((): number[] => []);
    for (const p of programs) if (p.run) wallMs(p.run.args, p.run.cwd);
    for (let i = 0; i < STARTUP_RUNS; i++) {
      programs.forEach((p, k) => {
        if (p.run) times[k]!.push(wallMs(p.run.args, p.run.cwd));
      });
    }
    return programs.map((p, k) => ({ name: p.name, command: p.command, ms: p.run ? median(times[k]!) : undefined }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures as the results page's section. */
export function renderStartup(figures: readonly StartupFigure[]): string[] {
  const node = figures.find((f) => f.command === 'node -e 0')?.ms;
  const ratio = (f: StartupFigure): string => (node === undefined || f.ms === undefined ? '—' : `${(f.ms / node).toFixed(2)}×`);
  return [
    '## Start-up',
    '',
    `One command from a cold process, spawn to exit, median of ${STARTUP_RUNS}, the programs taking turns (the installed figure needs \`npm run build\`; it packs the tarball and installs it in an empty folder). The target (issue #18) is 150 ms for the installed \`nabla\`.`,
    '',
    '| program | command | wall | × bare node |',
    '|---|---|---|---|',
    ...figures.map((f) => `| ${f.name} | \`${f.command}\` | ${f.ms === undefined ? '—' : `${f.ms.toFixed(0)} ms`} | ${ratio(f)} |`),
    '',
  ];
}

// `npm run bench:startup`: this section alone.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(renderStartup(measureStartup()).join('\n'));
}

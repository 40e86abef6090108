/**
 * The npm package as a user gets it (SPEC §16): the tarball that `npm pack`
 * makes, installed into an empty folder from the npm cache, with no
 * TypeScript toolchain in sight. It must run `npx nabla`, import in plain
 * Node, give a consumer's tsc its types, write an HTML report with KaTeX's
 * fonts inlined, and serve the playground's prebuilt browser scripts; and
 * it must hold no tests and no TypeScript sources. The derivatives expected
 * are worked by hand (d(x^2)/dx = 2x, d(x^3)/dx = 3x^2).
 *
 * The build (dist/) comes from `npm ci`'s prepare script; when a source is
 * newer than it (the development loop), the test builds it first.
 */

import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const work = mkdtempSync(join(tmpdir(), 'nabla-package-'));
const consumer = join(work, 'consumer');

function newestUnder(dir: string): number {
  return readdirSync(dir).reduce((newest, entry) => {
    const full = join(dir, entry);
    const st = statSync(full);
    return Math.max(newest, st.isDirectory() ? newestUnder(full) : st.mtimeMs);
  }, 0);
}

/** dist/ as the sources are now: built unless it is newer than every source. */
function ensureBuilt(): void {
  const built = join(ROOT, 'dist', 'cli', 'nabla.cjs');
  const sources = Math.max(newestUnder(join(ROOT, 'src')), newestUnder(join(ROOT, 'grammar')), statSync(join(ROOT, 'package.json')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execFileSync(NPM, ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
}

function inConsumer(command: string, args: readonly string[]): SpawnSyncReturns<string> {
  // No tsx loader and no path into the checkout: only what was installed.
  // The installed package's own build, not the one the suite compiled for the checkout's launcher.
  const env = { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1', NABLA_BUILD: '' };
  return spawnSync(command, args, { cwd: consumer, encoding: 'utf8', env, timeout: 60_000 });
}

let packed: { filename: string; files: { path: string }[] };

beforeAll(() => {
  ensureBuilt();
  const json = execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
  packed = (JSON.parse(json) as typeof packed[])[0]!;
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed.filename)], { cwd: consumer, stdio: 'pipe' });
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the npm package', () => {
  it('holds what runs: no tests, no TypeScript sources but declarations', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('dist/index.d.ts');
    expect(paths).toContain('dist/browser/nabla.js');
    expect(paths).toContain('bin/nabla.js');
    expect(paths).toContain('bin/package.json');
    expect(paths).toContain('dist/cli/nabla.cjs');
    // A code cache made by running the build in the checkout is V8's, not the package's.
    expect(paths.filter((p) => p.endsWith('.cache'))).toEqual([]);
    expect(paths.filter((p) => p.startsWith('test/') || p.startsWith('src/'))).toEqual([]);
    expect(paths.filter((p) => /\.[cm]?tsx?$/.test(p) && !p.endsWith('.d.ts'))).toEqual([]);
  });

  it('needs no compiler at run time: no tsx or esbuild among what it installs', () => {
    const installed = execFileSync(NPM, ['ls', '--omit=dev', '--all', '--parseable'], { cwd: consumer, encoding: 'utf8' });
    expect(installed).toContain('node_modules/katex');
    expect(installed.split('\n').filter((p) => /node_modules\/(tsx|esbuild|@esbuild\/[^/]+|typescript)$/.test(p))).toEqual([]);
  });

  it('runs `npx nabla` in the folder it was installed in', () => {
    const r = inConsumer('npx', ['--no-install', 'nabla', 'diff', 'x^2', '--wrt', 'x']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('2*x\n');
    expect(r.status).toBe(0);
  });

  it('starts from a V8 code cache written by the first successful run, and shrugs off a cache V8 refuses', () => {
    const cli = join(consumer, 'node_modules', 'nabla', 'dist', 'cli');
    const caches = (): string[] => readdirSync(cli).filter((f) => f.endsWith('.cache'));
    for (const f of caches()) rmSync(join(cli, f));
    const bin = join(consumer, 'node_modules', '.bin', 'nabla');
    // A failed command caches nothing: it compiled little of what the next ones run.
    expect(inConsumer(bin, ['diff', 'x^', '--wrt', 'x']).status).toBe(2);
    expect(caches()).toEqual([]);
    const first = inConsumer(bin, ['diff', 'x^3', '--wrt', 'x']);
    expect(first.stdout).toBe('3*x^2\n');
    expect(caches()).toEqual([`nabla.cjs.${process.version}-${process.arch}.cache`]);
    expect(inConsumer(bin, ['diff', 'x^3', '--wrt', 'x']).stdout).toBe('3*x^2\n');
    // A damaged cache (a disk error, another build's) is refused by V8's checks: the command still runs, and mends it.
    const cacheFile = join(cli, caches()[0]!);
    writeFileSync(cacheFile, Buffer.alloc(4096, 7));
    const damaged = inConsumer(bin, ['diff', 'x^3', '--wrt', 'x']);
    expect(damaged.stderr).toBe('');
    expect(damaged.stdout).toBe('3*x^2\n');
    expect(statSync(cacheFile).size).not.toBe(4096);
  });

  it('imports in plain Node', () => {
    const script = "import('nabla').then((m) => console.log(m.toText(m.diff(m.parse('x^3'), 'x'))))";
    const r = inConsumer(process.execPath, ['-e', script]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('3*x^2\n');
  });

  it('gives a consumer\'s tsc its types', () => {
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, types: [] },
      files: ['use.ts'],
    }));
    writeFileSync(join(consumer, 'use.ts'), [
      "import { diff, parse, toText, type Expr } from 'nabla';",
      "const derivative: Expr = diff(parse('x^2'), 'x');",
      'export const text: string = toText(derivative);',
      '// @ts-expect-error: diff takes a name, not a number',
      'diff(derivative, 1);',
      '',
    ].join('\n'));
    const r = inConsumer(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('writes an HTML report with KaTeX\'s fonts inlined from the installed katex', () => {
    writeFileSync(join(consumer, 'square.nabla'), 'y = x^2\nx = 3\nderive y wrt x\n');
    const r = inConsumer('npx', ['--no-install', 'nabla', 'run', 'square.nabla', '--html', 'square.html']);
    expect(r.status).toBe(0);
    const html = readFileSync(join(consumer, 'square.html'), 'utf8');
    expect(html).toMatch(/font-family:KaTeX_Main;[^}]*src:url\(data:font\/woff2;base64,/);
    expect(html).toContain('class="katex"');
  });

  it('serves the playground with its prebuilt browser scripts', async () => {
    const child = spawn(join(consumer, 'node_modules', '.bin', 'nabla'), ['serve', '--port', '0'], { cwd: consumer, env: { ...process.env, NODE_OPTIONS: '', NABLA_BUILD: '' } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /http:\/\/\S+\//.exec(out);
          if (m) resolve(m[0]);
        });
        child.once('exit', (code) => reject(new Error(`nabla serve exited ${code}`)));
      });
      const page = await (await fetch(url)).text();
      expect(page).toContain('src="/playground.js"');
      const playground = await fetch(new URL('playground.js', url));
      expect(playground.status).toBe(200);
      expect(await playground.text()).toContain('playground-worker.js');
      // The engine runs in the page's Web Worker, which imports the engine module beside it.
      const worker = await fetch(new URL('playground-worker.js', url));
      expect(worker.status).toBe(200);
      expect(await worker.text()).toContain('./nabla.js');
      const engine = await fetch(new URL('nabla.js', url));
      expect(engine.status).toBe(200);
      expect(engine.headers.get('content-type')).toMatch(/javascript/);
    } finally {
      child.kill('SIGINT');
    }
  });
});

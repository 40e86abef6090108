/**
 * Build the package into dist/ (SPEC §16), so that it runs without a
 * TypeScript toolchain (`npm run build`; `npm ci` runs it as `prepare`):
 *
 *   dist/index.js, dist/cli/main.js, dist/serve/server.js   Node ES modules (esbuild)
 *   dist/browser/nabla.js, playground.js, playground-worker.js   the browser scripts (browser-bundle.ts)
 *   dist/**\/*.d.ts                                          the types (tsc, tsconfig.build.json)
 *
 * Invariants:
 * - the npm dependencies are bundled into the Node modules: resolving and
 *   compiling them one file at a time doubles the CLI's start-up;
 * - the three Node entries come from one build and share its chunks, so
 *   there is one copy of the engine (one NablaError class: the CLI
 *   recognises the server's errors);
 * - every Node file sits one folder below dist/ (dist/cli/, dist/chunks/, …)
 *   as its source does below src/, so paths built from `import.meta.url`
 *   (package.json, samples/) still hold;
 * - the declarations import `.js`, never `.ts`, so a consumer's tsc resolves them.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { bundleBrowserScripts } from '../src/serve/browser-bundle.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const src = (file: string): string => join(root, 'src', file);

/** The bundled CommonJS dependencies (commander, moo, nearley) call `require` for Node's own modules. */
const REQUIRE_SHIM = "import { createRequire as __nablaRequire } from 'node:module'; const require = __nablaRequire(import.meta.url);";

/** The library, the CLI and the server for Node. */
async function buildNode(): Promise<void> {
  await esbuild.build({
    entryPoints: { index: src('index.ts'), 'cli/main': src('cli/main.ts'), 'serve/server': src('serve/server.ts') },
    outdir: dist,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // Only the server run from the sources bundles the browser scripts itself.
    external: ['esbuild'],
    banner: { js: REQUIRE_SHIM },
    legalComments: 'none',
    logLevel: 'warning',
  });
}

async function buildBrowser(): Promise<void> {
  const { engine, playground, worker } = await bundleBrowserScripts();
  mkdirSync(join(dist, 'browser'), { recursive: true });
  writeFileSync(join(dist, 'browser', 'nabla.js'), engine);
  writeFileSync(join(dist, 'browser', 'playground.js'), playground);
  writeFileSync(join(dist, 'browser', 'playground-worker.js'), worker);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** The declarations, their relative `.ts` imports turned into `.js`. */
function buildTypes(): void {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  for (const file of filesUnder(dist).filter((f) => f.endsWith('.d.ts'))) {
    const text = readFileSync(file, 'utf8');
    const fixed = text.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*)\.ts(['"])/g, '$1$2.js$3');
    if (fixed !== text) writeFileSync(file, fixed);
  }
}

rmSync(dist, { recursive: true, force: true });
await Promise.all([buildNode(), buildBrowser()]);
buildTypes();

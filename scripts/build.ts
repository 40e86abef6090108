/**
 * Build the package into dist/ (SPEC §16), so that it runs without a
 * TypeScript toolchain (`npm run build`; `npm ci` runs it as `prepare`):
 *
 *   dist/index.js                                   the library, an ES module (esbuild)
 *   dist/cli/nabla.cjs                              the command line and the playground's server, one script for bin/nabla.js
 *   dist/browser/nabla.js, dist/browser/playground.js  the browser scripts (browser-bundle.ts)
 *   dist/**\/*.d.ts                                  the types (tsc, tsconfig.build.json)
 *
 * Invariants:
 * - the npm dependencies are bundled: resolving and compiling them one file
 *   at a time doubles the CLI's start-up; only those a command seldom needs
 *   are loaded on first use (LAZY_DEPENDENCIES, LAZY_BUILTINS);
 * - the CLI and the server are one script, so there is one copy of the
 *   engine in a `nabla` process (one NablaError class: the CLI recognises
 *   the server's errors);
 * - every Node file sits one folder below dist/ (dist/cli/) as its source
 *   does below src/, so paths built from `import.meta.url` (package.json,
 *   samples/, dist/browser/) still hold;
 * - the declarations import `.js`, never `.ts`, so a consumer's tsc resolves them.
 */

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { buildRuntime, NODE_OPTIONS, REQUIRE_SHIM } from './build-runtime.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const src = (file: string): string => join(root, 'src', file);

/** The library for Node: an ES module (and its chunks) that `import('nabla')` loads. */
async function buildLibrary(): Promise<void> {
  await esbuild.build({
    ...NODE_OPTIONS,
    entryPoints: { index: src('index.ts') },
    outdir: dist,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: REQUIRE_SHIM },
  });
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
await Promise.all([buildLibrary(), buildRuntime(dist)]);
buildTypes();

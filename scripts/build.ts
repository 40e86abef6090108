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
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRuntime } from './build-runtime.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

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
await buildRuntime(dist);
buildTypes();

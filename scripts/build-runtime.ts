/**
 * The runnable part of the package build: the Node modules (library, CLI,
 * server) and the browser scripts, written into one folder that sits one
 * level below the project root as dist/ does, so paths built from
 * `import.meta.url` (package.json, samples/, ../browser/) hold from it.
 *
 * The package build (scripts/build.ts) writes it to dist/ and adds the
 * types; the test suite's global setup writes it to a folder of its own, so
 * the CLI tests run compiled code built from the current sources.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { bundleBrowserScripts } from '../src/serve/browser-bundle.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = (file: string): string => join(root, 'src', file);

/** The bundled CommonJS dependencies (commander, moo, nearley) call `require` for Node's own modules. */
const REQUIRE_SHIM = "import { createRequire as __nablaRequire } from 'node:module'; const require = __nablaRequire(import.meta.url);";

/** The library, the CLI and the server for Node. */
async function buildNode(outdir: string): Promise<void> {
  await esbuild.build({
    entryPoints: { index: src('index.ts'), 'cli/main': src('cli/main.ts'), 'serve/server': src('serve/server.ts') },
    outdir,
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

async function buildBrowser(outdir: string): Promise<void> {
  const { engine, playground, worker } = await bundleBrowserScripts();
  mkdirSync(join(outdir, 'browser'), { recursive: true });
  writeFileSync(join(outdir, 'browser', 'nabla.js'), engine);
  writeFileSync(join(outdir, 'browser', 'playground.js'), playground);
  writeFileSync(join(outdir, 'browser', 'playground-worker.js'), worker);
}

/** Build the Node modules and the browser scripts into `outdir` (a folder directly below the project root). */
export async function buildRuntime(outdir: string): Promise<void> {
  if (dirname(outdir) !== root) throw new Error(`${outdir} must be a folder directly below ${root}`);
  await Promise.all([buildNode(outdir), buildBrowser(outdir)]);
}

/**
 * The playground's browser scripts, bundled by esbuild (SPEC §16):
 * `nabla.js`, the engine and its views as one ES module (browser.ts),
 * `playground.js`, the page's script, and `playground-worker.js`, the Web
 * Worker the engine runs in, which imports `./nabla.js` rather than
 * carrying its own copy. The package build (scripts/build.ts) writes them to
 * dist/browser/; the server run from the sources bundles them at start.
 *
 * Invariant: esbuild is imported only when called, so a server built into
 * the package (which ships the scripts prebuilt, and no esbuild) never loads it.
 */

import { fileURLToPath } from 'node:url';

export interface BrowserScripts {
  /** The engine module, served as /nabla.js. */
  readonly engine: string;
  /** The playground page's script, served as /playground.js. */
  readonly playground: string;
  /** The Web Worker the page runs the engine in, served as /playground-worker.js. */
  readonly worker: string;
}

const ENGINE_ENTRY = fileURLToPath(new URL('./browser.ts', import.meta.url));
const PLAYGROUND_ENTRY = fileURLToPath(new URL('./playground.ts', import.meta.url));
const WORKER_ENTRY = fileURLToPath(new URL('./playground-worker.ts', import.meta.url));

/** The two scripts, minified, in memory. */
export async function bundleBrowserScripts(): Promise<BrowserScripts> {
  const esbuild = await import('esbuild');
  const bundle = async (entry: string, plugins: import('esbuild').Plugin[]): Promise<string> => {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      legalComments: 'none',
      write: false,
      logLevel: 'silent',
      plugins,
    });
    const file = result.outputFiles[0];
    if (!file) throw new Error(`esbuild produced no output for ${entry}.`);
    return file.text;
  };
  // The playground's import of the engine stays an import of its sibling file.
  const engineAsSibling: import('esbuild').Plugin = {
    name: 'engine-as-sibling',
    setup(build) {
      build.onResolve({ filter: /^\.\/browser\.ts$/ }, () => ({ path: './nabla.js', external: true }));
    },
  };
  const [engine, playground, worker] = await Promise.all([
    bundle(ENGINE_ENTRY, []), bundle(PLAYGROUND_ENTRY, [engineAsSibling]), bundle(WORKER_ENTRY, [engineAsSibling]),
  ]);
  return { engine, playground, worker };
}

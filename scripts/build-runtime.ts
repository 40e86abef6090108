/**
 * The runnable part of the package build: dist/cli/nabla.cjs (the command
 * line and the playground's server as one script, which bin/nabla.js
 * compiles with V8's code cache) and the browser scripts. The package build
 * (scripts/build.ts) writes them into dist/ beside the library and the
 * types; the test suite's global setup writes them into .test-build/, so
 * the CLI tests run compiled code built from the current sources.
 *
 * Invariants:
 * - the npm dependencies are bundled: resolving and compiling them one file
 *   at a time doubles the CLI's start-up; only those a command seldom needs
 *   are loaded on first use (LAZY_DEPENDENCIES, LAZY_BUILTINS);
 * - the CLI and the server are one script, so there is one copy of the
 *   engine in a `nabla` process (one NablaError class: the CLI recognises
 *   the server's errors);
 * - every Node file sits one folder below its build folder (cli/) as its
 *   source does below src/, so paths built from `import.meta.url` hold.
 */

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { bundleBrowserScripts } from '../src/serve/browser-bundle.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundled CommonJS dependencies (commander, moo, nearley) call `require` for Node's own modules. */
export const REQUIRE_SHIM = "import { createRequire as __nablaRequire } from 'node:module'; const require = __nablaRequire(import.meta.url);";

/**
 * What `nabla diff` never needs, kept out of every start (SPEC §16: the
 * start-up target). Dependencies that only the HTML report and the
 * playground use (KaTeX, dagre) are required from node_modules the first
 * time one of their properties is read, not bundled: half a megabyte that
 * each start would otherwise read and compile. Node's own modules that a
 * bundled file imports but seldom calls are required on the first call of
 * one of the functions listed (a new import of another function from them
 * fails the build with "No matching export": add it here).
 */
const LAZY_DEPENDENCIES = ['katex', '@dagrejs/dagre'];
const LAZY_BUILTINS: Readonly<Record<string, readonly string[]>> = {
  // commander spawns executable subcommands; nabla has none (and loading child_process pulls net and dgram).
  'node:child_process': ['spawn'],
  // Temporary names for atomic writes (--html, codegen): only a command that writes a file needs crypto.
  'node:crypto': ['randomBytes'],
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A stand-in module that requires `name` on first use. */
function lazyModule(name: string): string {
  const load = [
    "import { createRequire } from 'node:module';",
    'let loaded;',
    `const load = () => (loaded ??= createRequire(import.meta.url)(${JSON.stringify(name)}));`,
  ];
  const functions = LAZY_BUILTINS[name];
  if (functions) return [...load, ...functions.map((f) => `export function ${f}(...args) { return load().${f}(...args); }`)].join('\n');
  // A package's default import, as `import x from 'pkg'` gets it from the CommonJS build.
  return [
    ...load,
    "const module = () => { const m = load(); return m.__esModule && 'default' in m ? m.default : m; };",
    'export default new Proxy({}, { get: (_, key) => module()[key], has: (_, key) => key in module() });',
  ].join('\n');
}

const lazyModules: esbuild.Plugin = {
  name: 'lazy-modules',
  setup(build) {
    const names = [...LAZY_DEPENDENCIES, ...Object.keys(LAZY_BUILTINS)];
    build.onResolve({ filter: new RegExp(`^(${names.map(escapeRegExp).join('|')})$`) }, (args) => ({ path: args.path, namespace: 'lazy-module' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => ({ contents: lazyModule(args.path), loader: 'js', resolveDir: root }));
  },
};

export const NODE_OPTIONS: esbuild.BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Only the server run from the sources bundles the browser scripts itself.
  external: ['esbuild'],
  plugins: [lazyModules],
  legalComments: 'none',
  logLevel: 'warning',
};

/** The parameters Node's CommonJS loader gives a module, which the CLI script is wrapped in. */
const MODULE_WRAPPER = ['(function (exports, require, module, __filename, __dirname) {', '\n})'] as const;

/**
 * The command line and the playground's server as one CommonJS module,
 * dist/cli/nabla.cjs, which bin/nabla.js compiles with V8's code cache (an
 * ES module cannot use one on Node 20). The file is the module's body
 * already wrapped as a function expression, in ASCII only, so that the
 * launcher hands V8 the file's text as it is: read as Latin-1, one byte per
 * character, with no copy. The server is initialised only when `nabla
 * serve` starts it (its `import()` becomes a lazy initialiser).
 */
async function buildCli(outdir: string): Promise<void> {
  const outfile = join(outdir, 'cli', 'nabla.cjs');
  await esbuild.build({
    ...NODE_OPTIONS,
    stdin: {
      contents: [
        "export { run } from './src/cli/main.ts';",
        "export const startServer = async (options) => (await import('./src/serve/server.ts')).startServer(options);",
      ].join('\n'),
      loader: 'js',
      resolveDir: root,
      sourcefile: 'cli-entry.js',
    },
    outfile,
    format: 'cjs',
    // Half the bytes to read, names kept for --debug's stacks.
    minifyWhitespace: true,
    minifySyntax: true,
    // No `import()` left in the script: a script compiled through node:vm cannot run one.
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__nablaImportMetaUrl' },
    banner: { js: `${MODULE_WRAPPER[0]}var __nablaImportMetaUrl = require('node:url').pathToFileURL(__filename).href;` },
    footer: { js: MODULE_WRAPPER[1] },
  });
  // esbuild escapes strings but leaves characters such as ∂ in regular expressions: \u escapes mean the same there.
  const text = readFileSync(outfile, 'utf8').replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  writeFileSync(outfile, text);
}

async function buildBrowser(outdir: string): Promise<void> {
  const { engine, playground, worker } = await bundleBrowserScripts();
  mkdirSync(join(outdir, 'browser'), { recursive: true });
  writeFileSync(join(outdir, 'browser', 'nabla.js'), engine);
  writeFileSync(join(outdir, 'browser', 'playground.js'), playground);
  writeFileSync(join(outdir, 'browser', 'playground-worker.js'), worker);
}

/**
 * The command line, the server and the browser scripts, built into `outdir`:
 * a folder directly below the project root, as dist/ is, so that paths built
 * from `import.meta.url` (package.json, samples/, ../browser/) hold from it.
 */
export async function buildRuntime(outdir: string): Promise<void> {
  if (dirname(outdir) !== root) throw new Error(`${outdir} must be a folder directly below ${root}`);
  await Promise.all([buildCli(outdir), buildBrowser(outdir)]);
}

#!/usr/bin/env node
// Launcher for `npx nabla`: runs the CLI, handing it the playground's server
// (the CLI and the server are separate faces); the server is loaded only
// when `nabla serve` starts it. An installed package runs the compiled
// dist/; a checkout (src/ beside bin/) runs the TypeScript sources through
// tsx, so the development loop never sees a stale build. NABLA_BUILD names
// another compiled folder to run (the test suite builds one from the
// current sources, to spare every spawned CLI the TypeScript compile).
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const build = process.env.NABLA_BUILD;
const fromSource = !build && existsSync(new URL('../src/cli/main.ts', import.meta.url));
if (fromSource) (await import('tsx/esm/api')).register();
const entry = (path) => build
  ? pathToFileURL(`${build}/${path}.js`).href
  : new URL(`../${fromSource ? 'src' : 'dist'}/${path}.${fromSource ? 'ts' : 'js'}`, import.meta.url).href;
const { run } = await import(entry('cli/main'));
await run({ startServer: async (options) => (await import(entry('serve/server'))).startServer(options) });

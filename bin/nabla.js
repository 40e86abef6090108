#!/usr/bin/env node
// Launcher for `npx nabla`: runs the CLI, handing it the playground's server
// (the CLI and the server are separate faces); the server is loaded only
// when `nabla serve` starts it. An installed package runs the compiled
// dist/; a checkout (src/ beside bin/) runs the TypeScript sources through
// tsx, so tests and the development loop never see a stale build.
import { existsSync } from 'node:fs';

const fromSource = existsSync(new URL('../src/cli/main.ts', import.meta.url));
if (fromSource) (await import('tsx/esm/api')).register();
const entry = (path) => new URL(`../${fromSource ? 'src' : 'dist'}/${path}.${fromSource ? 'ts' : 'js'}`, import.meta.url).href;
const { run } = await import(entry('cli/main'));
await run({ startServer: async (options) => (await import(entry('serve/server'))).startServer(options) });

#!/usr/bin/env node
// Launcher for `npx nabla`: runs the TypeScript CLI through tsx's loader,
// handing it the playground's server (the CLI and the server are separate
// faces); the server is loaded only when `nabla serve` starts it.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/main.ts');
await run({ startServer: async (options) => (await import('../src/serve/server.ts')).startServer(options) });

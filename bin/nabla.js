#!/usr/bin/env node
// Launcher for `npx nabla`: runs the CLI, handing it the playground's server
// (the CLI and the server are separate faces); the server is loaded only
// when `nabla serve` starts it.
//
// A checkout (src/ beside bin/) runs the TypeScript sources through tsx, so
// tests and the development loop never see a stale build. An installed
// package runs dist/cli/nabla.cjs, one script compiled with V8's code cache
// (SPEC §16, start-up; Node 20 has no code cache for ES modules): the cache
// is written beside the script after the first run on each Node version,
// and a cache V8 refuses (another V8, other flags) only costs a compile.
//
// This file is CommonJS (bin/package.json), as the loader of an ES module
// entry costs a start some 10 ms more. NABLA_BUILD names another build
// folder to run instead (the test suite builds .test-build/ from the current
// sources once, to spare every CLI it spawns the TypeScript compile).
'use strict';

const { existsSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

/** dist/cli/nabla.cjs's exports, compiled with the code cache when there is a usable one. */
function loadCompiled(build) {
  const dir = join(build, 'cli');
  const file = join(dir, 'nabla.cjs');
  const cacheFile = `${file}.${process.version}-${process.arch}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: compiled from the source, and cached once the command is done.
  }
  // The build wrote the module already wrapped as a function of Node's module parameters, in ASCII.
  const script = new Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dir);
  /**
   * Write the cache (with the functions this run compiled) atomically, after a
   * command that succeeded: a first command that failed early (a typo) would
   * cache little of what the next ones run. A read-only install keeps none.
   */
  const saveCache = () => {
    if ((cachedData !== undefined && !script.cachedDataRejected) || (process.exitCode ?? 0) !== 0) return;
    const temporary = `${cacheFile}.${process.pid}`;
    try {
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      // Not ours to write (a system-wide install): every start compiles.
    }
  };
  return { ...module.exports, saveCache };
}

async function main() {
  const build = process.env.NABLA_BUILD;
  if (!build && existsSync(join(__dirname, '..', 'src', 'cli', 'main.ts'))) {
    (await import('tsx/esm/api')).register();
    const entry = (path) => pathToFileURL(join(__dirname, '..', 'src', `${path}.ts`)).href;
    const { run } = await import(entry('cli/main'));
    await run({ startServer: async (options) => (await import(entry('serve/server'))).startServer(options) });
  } else {
    const { run, startServer, saveCache } = loadCompiled(build || join(__dirname, '..', 'dist'));
    await run({ startServer });
    saveCache();
  }
}

main();

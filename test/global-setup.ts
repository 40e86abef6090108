/**
 * Once per test run: compile the current sources into .test-build/ (the
 * package's runnable build, without types) and point the launcher at it
 * through NABLA_BUILD, so the hundreds of CLI processes the tests spawn run
 * compiled code instead of compiling TypeScript at each start. The build is
 * made from the sources of this run, so no test sees a stale one; one test
 * (cli.test.ts) still runs the launcher from the sources.
 */

import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRuntime } from '../scripts/build-runtime.ts';

const BUILD = join(dirname(fileURLToPath(import.meta.url)), '..', '.test-build');

export default async function setup(): Promise<void> {
  rmSync(BUILD, { recursive: true, force: true });
  await buildRuntime(BUILD);
  process.env.NABLA_BUILD = BUILD;
}

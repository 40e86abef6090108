/**
 * The CLI run in the test's own process: its exit status and what it wrote.
 * The machine is shared, and a process per call is slow; the tests that
 * need a real process (signals, start-up, the installed bin) spawn one.
 */

import { main } from '../../src/cli/main.ts';

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function nabla(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => { stdout += t; }, stderr: (t: string) => { stderr += t; }, color: false, stderrIsTTY: false };
  const status = await main(args, io);
  return { status, stdout, stderr };
}

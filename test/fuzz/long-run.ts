/**
 * `npm run fuzz [-- --minutes N] [-- --seed S]`: the properties of
 * properties.ts with fresh seeds and many more runs, for N minutes (10 by
 * default), then a summary.
 *
 * Each round runs one property in a child process for a slice of the time,
 * so that memory stays bounded (expressions are interned for the life of a
 * process) and a crash of the engine — a stack overflow, running out of
 * memory — is caught and reported with its seed instead of ending the run.
 * A failure prints the seed and path that reproduce it:
 *   fc.assert(property, { seed, path })  (or `--seed S` here).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { newStats, properties, type PipelineStats } from './properties.ts';

interface Options {
  readonly minutes: number;
  readonly seed: number;
  readonly worker?: { readonly property: number; readonly seconds: number };
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  };
  const minutes = Number(value('--minutes') ?? 10);
  if (!(minutes > 0)) throw new Error(`--minutes must be a positive number, not ${value('--minutes')}`);
  const seed = Number(value('--seed') ?? Date.now() % 2 ** 31);
  const property = value('--property');
  const seconds = Number(value('--seconds') ?? 30);
  return { minutes, seed, ...(argv.includes('--worker') ? { worker: { property: Number(property), seconds } } : {}) };
}

/** What one worker reports on its last line of stdout. */
interface WorkerReport {
  readonly property: string;
  readonly seed: number;
  readonly runs: number;
  readonly failed: boolean;
  readonly path?: string;
  readonly counterexample?: string;
  readonly error?: string;
  readonly stats: PipelineStats;
}

function runWorker(property: number, seconds: number, seed: number): void {
  const stats = newStats();
  const p = properties(stats)[property];
  if (!p) throw new Error(`no property ${property}`);
  // A synchronous property gives synchronous details.
  const details = fc.check(p.property(), {
    seed,
    numRuns: Number.MAX_SAFE_INTEGER,
    interruptAfterTimeLimit: seconds * 1000,
    markInterruptAsFailure: false,
  }) as fc.RunDetails<unknown[]>;
  const report: WorkerReport = {
    property: p.name,
    seed,
    runs: details.numRuns,
    failed: details.failed,
    stats,
    ...(details.failed
      ? {
        path: details.counterexamplePath ?? undefined,
        counterexample: fc.stringify(details.counterexample).slice(0, 2000),
        error: String(details.errorInstance instanceof Error ? details.errorInstance.message : details.errorInstance).slice(0, 2000),
      }
      : {}),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

interface Crash {
  readonly property: string;
  readonly seed: number;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

function spawnWorker(property: number, seconds: number, seed: number): Promise<WorkerReport | Crash> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, self, '--worker', '--property', String(property), '--seconds', String(seconds), '--seed', String(seed)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    // A worker that outlives its slice by a minute is hung: that is a finding too.
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 60) * 1000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        if (status === 0) {
          resolve(JSON.parse(last) as WorkerReport);
          return;
        }
      } catch {
        // Fall through: no report means the worker died.
      }
      resolve({ property: properties(newStats())[property]!.name, seed, status, signal, stderr: stderr.slice(-3000) });
    });
  });
}

async function runParent(options: Options): Promise<number> {
  const catalogue = properties(newStats());
  const totalWeight = catalogue.reduce((s, p) => s + p.weight, 0);
  const deadline = Date.now() + options.minutes * 60_000;
  // Slices of about a twentieth of the run (at least 10 s, at most 60 s), weighted per property.
  const slice = Math.min(60, Math.max(10, (options.minutes * 60) / 20));
  const totals = catalogue.map((p) => ({ name: p.name, runs: 0, rounds: 0 }));
  const stats = newStats();
  const failures: WorkerReport[] = [];
  const crashes: Crash[] = [];
  let seed = options.seed;
  let round = 0;
  console.log(`nabla fuzz: ${options.minutes} min, first seed ${options.seed}, ${catalogue.length} properties`);
  while (Date.now() < deadline) {
    const i = round % catalogue.length;
    round++;
    const left = (deadline - Date.now()) / 1000;
    const seconds = Math.max(1, Math.min(left, (slice * catalogue[i]!.weight * catalogue.length) / totalWeight));
    const r = await spawnWorker(i, seconds, seed);
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    if ('runs' in r) {
      totals[i]!.runs += r.runs;
      totals[i]!.rounds++;
      for (const k of Object.keys(stats) as (keyof PipelineStats)[]) stats[k] += r.stats[k];
      if (r.failed) {
        failures.push(r);
        console.log(`FAIL  ${r.property}  seed ${r.seed}  path ${r.path}\n      ${r.error}\n      counterexample ${r.counterexample}`);
      } else console.log(`ok    ${r.property}: ${r.runs} runs (seed ${r.seed})`);
    } else {
      crashes.push(r);
      console.log(`CRASH ${r.property}  seed ${r.seed}  status ${r.status} signal ${r.signal}\n${r.stderr}`);
    }
  }
  const runs = totals.reduce((s, t) => s + t.runs, 0);
  console.log('\nSummary');
  for (const t of totals) console.log(`  ${String(t.runs).padStart(9)} runs in ${t.rounds} rounds  ${t.name}`);
  console.log(`  ${String(runs).padStart(9)} runs in all`);
  console.log(`  pipeline: ${stats.cases} expressions, ${stats.derivatives} derivatives compared with finite differences: `
    + `${stats.pass} pass, ${stats.inconclusive} inconclusive, ${stats.evaluationErrors} evaluation errors (values not finite)`);
  console.log(`  ${failures.length} failures, ${crashes.length} crashes`);
  return failures.length + crashes.length === 0 ? 0 : 1;
}

const options = parseOptions(process.argv.slice(2));
if (options.worker) runWorker(options.worker.property, options.worker.seconds, options.seed);
else process.exitCode = await runParent(options);

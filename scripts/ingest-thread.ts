/**
 * Where a command that loads data runs: in a worker thread of the `lmi` process whose young generation
 * is small (resourceLimits), so a large load keeps its peak memory down however it was started: by
 * hand, by the scheduler's child process (ingest/core/runners.ts) or by a script.
 *
 * Why: V8's young generation (two semi-spaces) grows to 16 MB a semi-space while the command's code
 * loads and a large header is read, and never shrinks again; each downloaded answer leaves megabytes
 * of chunk buffers until the next collection. A load streams, so almost all it allocates dies young,
 * and a small young generation costs it little time. The size cannot be changed inside a running
 * isolate (v8.setFlagsFromString has no effect once the heap is set up), but a worker is a new isolate
 * that takes its own limits, and it stays in the same process: the peak RSS measured is the command's.
 * Measured on 1M-cell loads, see docs/eurostat.md, "The ingest's young generation".
 *
 * Not for the server: its answers keep more alive past a request, and a scratch probe of the search
 * lost 4–15% of its throughput with 1 MB semi-spaces.
 */
import { isMainThread, resourceLimits, Worker, workerData } from 'node:worker_threads';

/** The commands that load data into the database. */
const LOADING_COMMANDS = new Set(['ingest', 'reparse']);

/** 3 MB of young generation is V8's two 1 MB semi-spaces and 1 MB of new large-object space. */
export const INGEST_YOUNG_GENERATION_MB = 3;

/** The command named in `argv` (node, script, then the command line): its first word that is not an option. */
export function commandOf(argv: readonly string[]): string | undefined {
  return argv.slice(2).find((word) => !word.startsWith('-'));
}

/** Whether node's own flags or NODE_OPTIONS already size the young generation: the maintainer's choice stands. */
export function youngGenerationSized(execArgv: readonly string[], nodeOptions: string): boolean {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((flag) => /^--(max|min)[-_]semi[-_]space[-_]size\b/.test(flag));
}

/** Whether this process should hand the command line to a worker with a small young generation. */
export function runsInIngestWorker(argv: readonly string[] = process.argv, execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  const command = commandOf(argv);
  return isMainThread && command !== undefined && LOADING_COMMANDS.has(command) && !youngGenerationSized(execArgv, nodeOptions);
}

/** What the worker is told of the terminal it writes to: its stdout and stderr are pipes to this thread. */
interface StreamShape {
  isTTY: boolean;
  columns?: number;
}
interface TerminalShape {
  stdout: StreamShape;
  stderr: StreamShape;
}

const shapeOf = (s: NodeJS.WriteStream): StreamShape => ({ isTTY: s.isTTY === true, columns: s.columns });

/**
 * Runs the command line (`entry` with this process's argv) in a worker with the ingest's young
 * generation, and resolves with its exit code. The worker's output reaches this thread's stdout and
 * stderr in order; Ctrl-C ends the process as before.
 */
export function runInIngestWorker(entry: URL): Promise<number> {
  const terminal: TerminalShape = { stdout: shapeOf(process.stdout), stderr: shapeOf(process.stderr) };
  const worker = new Worker(entry, {
    argv: process.argv.slice(2),
    workerData: { lmiTerminal: terminal },
    resourceLimits: { maxYoungGenerationSizeMb: INGEST_YOUNG_GENERATION_MB },
  });
  // The worker's output is written here as it arrives. A reader that went away (`lmi ingest … | head`)
  // must not end the process in the middle of a load: what it would have read is dropped.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  return new Promise((resolve) => {
    worker.once('error', (err) => {
      // An error nothing in the command caught: said as the main thread would have said it.
      console.error(`lmi: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      resolve(1);
    });
    worker.once('exit', (code) => resolve(code));
  });
}

/**
 * In the worker: its stdout and stderr report the terminal they end up on, so progress is drawn on
 * one line and help is wrapped to the width, as when the command runs on the main thread.
 */
export function adoptTerminal(): void {
  const terminal = (workerData as { lmiTerminal?: TerminalShape } | null)?.lmiTerminal;
  if (isMainThread || !terminal) return;
  for (const [stream, shape] of [[process.stdout, terminal.stdout], [process.stderr, terminal.stderr]] as const) {
    Object.defineProperty(stream, 'isTTY', { value: shape.isTTY, configurable: true });
    if (shape.columns !== undefined) Object.defineProperty(stream, 'columns', { value: shape.columns, configurable: true });
  }
}

/** The young generation this thread was given, in MB, when it is an ingest worker (for the debug log). */
export function ingestWorkerYoungGenerationMb(): number | undefined {
  return isMainThread ? undefined : resourceLimits.maxYoungGenerationSizeMb;
}

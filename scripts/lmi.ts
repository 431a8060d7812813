/**
 * The `lmi` command line's entry. A command that loads data runs in a worker thread with a small young
 * generation (scripts/ingest-thread.ts); every other command, and the worker itself, runs the program
 * (scripts/program.ts) here. Only this decision is made before the program loads, so the main thread
 * of a load holds little besides the worker.
 */
import { adoptTerminal, runInIngestWorker, runsInIngestWorker } from './ingest-thread.js';

if (runsInIngestWorker()) {
  process.exitCode = await runInIngestWorker(new URL(import.meta.url));
} else {
  adoptTerminal();
  await import('./program.js');
}

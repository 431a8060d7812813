import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { defaultDbPath, openWritable } from '../../data/db.js';
import { IngestError } from '../../data/errors.js';
import { configPath, loadConfig } from '../../ingest/core/config.js';
import { configuredSources, type ConfiguredSource } from '../../ingest/core/configured.js';
import { childProcessRunner } from '../../ingest/core/runners.js';
import { Scheduler } from '../../ingest/core/scheduler.js';
import type { ServeOptions } from '../../server/index.js';

export function parsePort(value: string): number {
  const n = Number(value);
  // An input error, so the command exits with the "bad input" code (2) like other usage errors.
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65535) throw new IngestError('input', `invalid port: ${value} (give a whole number from 0 to 65535)`);
  return n;
}

/** The options `lmi serve` and `lmi start` share: where to listen, and which database to serve. */
export function serverOptions(command: Command): Command {
  return command
    .option('-p, --port <n>', 'port to listen on (env PORT)', process.env.PORT ?? '3000')
    .option('-H, --host <host>', 'address to bind (env HOST)', process.env.HOST ?? '127.0.0.1')
    .option('--db <path>', 'database file (env LMI_DB)', defaultDbPath());
}

/** Ctrl-C / SIGTERM: `stop` (stop scheduling, close the server, ...), then exit 0. */
export function exitOnSignal(stop: () => Promise<unknown>): void {
  const handler = () => void stop().then(() => process.exit(0));
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

/** Creates and migrates the database file if needed, so the read-only server can open it. */
export function ensureDatabase(path: string): void {
  openWritable(path).close();
}

/**
 * Admin-requested runs for a plain `lmi serve`: each starts a child `lmi ingest all --only ID`
 * (configured sources only; the config is read per request so edits apply without a restart).
 */
function ingestRequestHandler(dbPath: string): ServeOptions['onIngestRequest'] {
  const runner = childProcessRunner({ dbPath });
  /** The scheduler of each source's last started run: it says whether that run is still going. */
  const lastStarted = new Map<string, Scheduler>();
  return (id) => {
    const previous = lastStarted.get(id);
    if (previous?.isRunning(id)) return previous.request(id);
    const path = configPath();
    if (!existsSync(path)) return { status: 'unavailable', message: `no config file at ${path}` };
    let sources: ConfiguredSource[];
    try {
      sources = configuredSources(loadConfig(path)).sources;
    } catch (err) {
      return { status: 'unavailable', message: (err as Error).message };
    }
    // A scheduler that is never started (no cron), built from the config as it is now.
    const scheduler = new Scheduler(sources.filter((s) => s.id === id), runner);
    const outcome = scheduler.request(id);
    if (outcome.status === 'started') lastStarted.set(id, scheduler);
    return outcome;
  };
}

export function registerServe(program: Command): void {
  serverOptions(program.command('serve').description('serve the API and the web pages from the database, read-only'))
    .option('--read-only', 'serve a snapshot as it is: never create, migrate or ingest into it (scale-out instances)')
    .addHelpText('after', '\nScale-out: LMI_DB=/srv/lmi/snapshot.sqlite lmi serve --read-only (see `lmi snapshot --help`).')
    .action(async (opts: { port: string; host: string; db: string; readOnly?: boolean }) => {
      if (opts.readOnly && !existsSync(opts.db)) throw new IngestError('input', `${opts.db} does not exist (--read-only serves an existing database or snapshot)`);
      if (!opts.readOnly) ensureDatabase(opts.db);
      const { startServer } = await import('../../server/index.js');
      const running = await startServer({
        dbPath: opts.db,
        port: parsePort(opts.port),
        host: opts.host,
        onIngestRequest: opts.readOnly ? undefined : ingestRequestHandler(opts.db),
      });
      console.log(`lmi: serving ${opts.db} at ${running.url}/ (API at ${running.url}/api)`);
      exitOnSignal(() => running.close());
    });
}

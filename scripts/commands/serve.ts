import type { Command } from 'commander';
import { defaultDbPath, openWritable } from '../../data/db.js';
import { startServer } from '../../server/index.js';

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port: ${value}`);
  return n;
}

/** Creates and migrates the database file if needed, so the read-only server can open it. */
export function ensureDatabase(path: string): void {
  openWritable(path).close();
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the API and the web pages from the database, read-only')
    .option('-p, --port <n>', 'port to listen on (env PORT)', process.env.PORT ?? '3000')
    .option('-H, --host <host>', 'address to bind (env HOST)', process.env.HOST ?? '127.0.0.1')
    .option('--db <path>', 'database file (env LMI_DB)', defaultDbPath())
    .action(async (opts: { port: string; host: string; db: string }) => {
      ensureDatabase(opts.db);
      const running = await startServer({ dbPath: opts.db, port: parsePort(opts.port), host: opts.host });
      console.log(`lmi: serving ${opts.db} at ${running.url}/ (API at ${running.url}/api)`);
      const stop = () => {
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

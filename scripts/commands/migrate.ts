import Database from 'better-sqlite3';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { defaultDbPath, openWritable, schemaVersion } from '../../data/db.js';

/** The schema version of a database file before anything touches it (0: no file yet). */
function versionOf(path: string): number {
  if (!existsSync(path)) return 0;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return schemaVersion(db);
  } finally {
    db.close();
  }
}

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create the database or bring its schema up to date (ingest does this too)')
    .option('--db <path>', 'database file (env LMI_DB)', defaultDbPath())
    .action((opts: { db: string }) => {
      const before = versionOf(opts.db);
      // openWritable applies the pending migrations
      const db = openWritable(opts.db);
      const after = schemaVersion(db);
      db.close();
      const change = after === before ? 'already up to date' : before === 0 ? 'created' : `upgraded from version ${before}`;
      console.log(`lmi: ${opts.db} is at schema version ${after} (${change})`);
    });
}

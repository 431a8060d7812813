import type { Command } from 'commander';
import { defaultDbPath, migrate, openWritable, schemaVersion } from '../../data/db.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create the database or bring its schema up to date (ingest does this too)')
    .option('--db <path>', 'database file (env LMI_DB)', defaultDbPath())
    .action((opts: { db: string }) => {
      const db = openWritable(opts.db);
      const applied = migrate(db);
      console.log(`lmi: ${opts.db} is at schema version ${schemaVersion(db)}${applied ? ` (${applied} migrations applied)` : ''}`);
      db.close();
    });
}

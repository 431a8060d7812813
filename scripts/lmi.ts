/**
 * The `lmi` command line. Each command lives in scripts/commands/ and registers itself here.
 */
import { Command, CommanderError } from 'commander';
import { IngestError, exitCodes } from '../ingest/core/errors.js';
import { registerIngest } from './commands/ingest.js';
import { registerMigrate } from './commands/migrate.js';
import { registerServe } from './commands/serve.js';

const program = new Command();
program
  .name('lmi')
  .description('Labour market information for employment advisers: ESCO, Eurostat and national statistics, served from SQLite.')
  .version('0.1.0')
  .showHelpAfterError('(add --help for usage)')
  .addHelpText(
    'after',
    `
Environment:
  LMI_DB       database file (default data/lmi.sqlite)
  LMI_CONFIG   config file listing sources and schedules (default lmi.config.json)
  LMI_LOG_LEVEL  debug | info | warn | error (default info)`,
  );

registerServe(program);
registerIngest(program);
registerMigrate(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  if (err instanceof IngestError) {
    // already logged by the run recorder; the exit code says which family of failure it was
    process.exit(exitCodes[err.kind]);
  }
  console.error(`lmi: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

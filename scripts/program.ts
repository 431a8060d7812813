/**
 * The `lmi` command line (started by scripts/lmi.ts). Each command lives in scripts/commands/ and registers itself here.
 * Registering is light: a command's implementation (the server, a source's HTTP client and parsers)
 * is imported by its action, so one command does not load the others' modules (an ingest process's
 * memory is the ingest's, see docs/eurostat.md).
 */
import { Command, CommanderError } from 'commander';
import { IngestError, exitCodes } from '../data/errors.js';
import { createLogger } from '../ingest/core/log.js';
import { ingestWorkerYoungGenerationMb } from './ingest-thread.js';
import { registerCache } from './commands/cache.js';
import { registerIngest } from './commands/ingest.js';
import { registerIngestAll } from './commands/ingest-all.js';
import { registerMigrate } from './commands/migrate.js';
import { registerReparse } from './commands/reparse.js';
import { registerSchedule } from './commands/schedule.js';
import { registerServe } from './commands/serve.js';
import { registerSnapshot } from './commands/snapshot.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';

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
  LMI_LOG_LEVEL  debug | info | warn | error (default info)
  LMI_RAW_DIR  raw payload cache (default data/raw); LMI_RAW_CACHE=off bypasses it
  LMI_NO_SCHEDULE=1  \`lmi start\` serves without running the scheduler
  LMI_ADMIN_TOKEN  enables the admin API (Authorization: Bearer <token>)
  LMI_HTTP_TIMEOUT_MS, LMI_HTTP_RETRIES, LMI_HTTP_MAX_DELAY_MS, LMI_HTTP_MAX_RETRY_AFTER_MS
               upstream request timeout, retries, longest backoff, longest Retry-After honoured

Exit codes: 0 ok, 1 internal error, 2 bad input, 3 source locked by another run, 4 empty answer,
  5 bad upstream payload (HTML, truncated, invalid, schema change), 6 network / upstream HTTP failure,
  7 not in the raw cache (reparse)`,
  );

const youngGenerationMb = ingestWorkerYoungGenerationMb();
if (youngGenerationMb !== undefined) createLogger('lmi').debug(`this load runs in a worker thread with a ${youngGenerationMb} MB young generation`);

registerStart(program);
registerServe(program);
registerIngest(program);
registerIngestAll(program);
registerStatus(program);
registerSchedule(program);
registerReparse(program);
registerSnapshot(program);
registerMigrate(program);
registerCache(program);

// Usage errors (a missing required option, an unknown option or command) throw instead of exiting with
// commander's 1, so they leave with the documented "bad input" code. Commands added with addCommand do
// not inherit the setting, hence every command of the tree.
const everyCommand = (c: Command): Command[] => [c, ...c.commands.flatMap(everyCommand)];
for (const c of everyCommand(program)) c.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // exit code 0: --help or --version was asked for; anything else is a usage error
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : exitCodes.input);
  if (err instanceof IngestError) {
    // runIngest has logged (and recorded) failures of a run; anything else is said here.
    if (!err.logged) console.error(`lmi: ${err.message}`);
    // the exit code says which family of failure it was
    process.exit(exitCodes[err.kind]);
  }
  console.error(`lmi: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

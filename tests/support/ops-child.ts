/**
 * Child process for the kill and lock tests: runs one opsdemo source the way `lmi ingest all` does
 * (inProcessRunner: run record, lock, one load transaction) and exits with the CLI's exit code.
 *   node --import ./tests/support/register-ts.mjs tests/support/ops-child.ts DB ID URL
 */
import { createLogger } from '../../ingest/core/log.js';
import { inProcessRunner } from '../../ingest/core/runners.js';
import { opsDemoType } from './ops-source.js';

const [dbPath, id, url] = process.argv.slice(2);
if (!dbPath || !id || !url) {
  console.error('usage: ops-child.ts DB ID URL');
  process.exit(2);
}
const entry = { type: 'opsdemo', enabled: true, url };
const source = { id, entry, type: opsDemoType, cron: opsDemoType.defaultSchedule, units: opsDemoType.plan(id, entry) };
const summary = await inProcessRunner({ dbPath, log: createLogger(id) })(source, 'cli');
for (const u of summary.units) if (u.error) console.error(`${u.source}: ${u.error.kind}: ${u.error.message}`);
process.exit(summary.exitCode);

/**
 * Commands that load data run in a worker thread with a small young generation (scripts/ingest-thread.ts):
 * the rule, and the real command line run as a maintainer runs it (output, exit codes, the terminal,
 * a reader that goes away), and the scheduler's child process started with this process's flags.
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfiguredSource } from '../../ingest/core/configured.js';
import { childProcessRunner } from '../../ingest/core/runners.js';
import { commandOf, INGEST_YOUNG_GENERATION_MB, runsInIngestWorker, youngGenerationSized } from '../../scripts/ingest-thread.js';
import { tempDir } from '../helpers.js';

const FIXTURE = join('tests', 'fixtures', 'web', 'une_rt_a_sex_age.json');
const lmiArgs = (args: string[]) => ['--import', './tests/support/register-ts.mjs', 'scripts/lmi.ts', ...args];
const cliEnv = (extra: Record<string, string> = {}) => {
  const env: Record<string, string | undefined> = { ...process.env, ...extra };
  delete env.NODE_OPTIONS; // Jest's --experimental-vm-modules stays out of the child
  return env;
};
const observations = (db: string): number => {
  const store = new Database(db, { readonly: true });
  try {
    return (store.prepare('SELECT COUNT(*) AS n FROM observations').get() as { n: number }).n;
  } finally {
    store.close();
  }
};

test('ingest and reparse run in the worker; other commands, and a young generation the maintainer sized, do not', () => {
  const argv = (...words: string[]) => ['/usr/bin/node', '/opt/lmi/bin/lmi.js', ...words];
  expect(commandOf(argv('--help'))).toBeUndefined();
  expect(commandOf(argv('ingest', 'eurostat', 'une_rt_a'))).toBe('ingest');
  expect([
    runsInIngestWorker(argv('ingest', 'eurostat', 'une_rt_a'), [], ''),
    runsInIngestWorker(argv('ingest', 'all', '--only', 'esco'), ['--enable-source-maps'], '--no-warnings'),
    runsInIngestWorker(argv('reparse', 'esco'), [], ''),
    runsInIngestWorker(argv('start'), [], ''),
    runsInIngestWorker(argv('serve', '--port', '0'), [], ''),
    runsInIngestWorker(argv('status'), [], ''),
    runsInIngestWorker(argv('--version'), [], ''),
    runsInIngestWorker(argv('ingest', 'esco'), ['--max-semi-space-size=8'], ''),
    runsInIngestWorker(argv('ingest', 'esco'), [], '--max-old-space-size=512 --min_semi_space_size=2'),
  ]).toEqual([true, true, true, false, false, false, false, false, false]);
  expect(youngGenerationSized([], '--max-old-space-size=512')).toBe(false);
  expect(youngGenerationSized(['--max_semi_space_size=1'], '')).toBe(true);
});

test('`lmi ingest` loads in a worker with the small young generation: same output, same exit codes', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = join(dir, 'lmi.sqlite');
    const ok = spawnSync(process.execPath, lmiArgs(['ingest', 'eurostat', 'une_rt_a', '--from', FIXTURE, '--db', db]), { encoding: 'utf8', env: cliEnv({ LMI_LOG_LEVEL: 'debug' }), timeout: 60_000 });
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain(`[lmi] this load runs in a worker thread with a ${INGEST_YOUNG_GENERATION_MB} MB young generation`);
    expect(ok.stdout).toMatch(/^eurostat:une_rt_a: success in \d+\.\d s: 1 datasets, 6 dimensions, 15 codes, 24 series, 95 observations, 1 flags \(upstream version 2026-04-29T23:00:00\+0200\)\n$/);
    expect(observations(db)).toBe(95);

    // A node flag that sizes the young generation keeps the load on the main thread.
    const sized = spawnSync(process.execPath, ['--max-semi-space-size=2', ...lmiArgs(['ingest', 'eurostat', 'une_rt_a', '--from', FIXTURE, '--db', db])], { encoding: 'utf8', env: cliEnv({ LMI_LOG_LEVEL: 'debug' }), timeout: 60_000 });
    expect(sized.status).toBe(0);
    expect(sized.stderr).not.toContain('worker thread');

    // A failure leaves the worker with its exit code and message, and the data loaded before.
    const missing = spawnSync(process.execPath, lmiArgs(['ingest', 'eurostat', 'une_rt_a', '--from', join(dir, 'nothing.json'), '--db', db]), { encoding: 'utf8', env: cliEnv(), timeout: 60_000 });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`cannot read ${join(dir, 'nothing.json')}: ENOENT`);
    expect(observations(db)).toBe(95);
  } finally {
    cleanup();
  }
}, 120_000);

test('on a terminal the worker draws progress on one line, as the main thread does', () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = join(dir, 'lmi.sqlite');
    // `script` gives the command a pseudo-terminal; its own output file is discarded.
    const command = [process.execPath, ...lmiArgs(['ingest', 'eurostat', 'une_rt_a', '--from', FIXTURE, '--db', db])].map((w) => `'${w}'`).join(' ');
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: cliEnv({ LMI_LOG_LEVEL: 'info' }), timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('\r[eurostat:une_rt_a] une_rt_a: observations: 95 / 95 (100%)\x1b[K');
  } finally {
    cleanup();
  }
}, 120_000);

test('a reader that goes away does not stop the load', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = join(dir, 'lmi.sqlite');
    const child = spawn(process.execPath, lmiArgs(['ingest', 'eurostat', 'une_rt_a', '--from', FIXTURE, '--db', db]), { env: cliEnv({ LMI_LOG_LEVEL: 'debug' }), stdio: ['ignore', 'pipe', 'pipe'] });
    // `lmi ingest … | head -0`: both pipes are closed before the command writes anything.
    child.stdout.destroy();
    child.stderr.destroy();
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code).toBe(0);
    expect(observations(db)).toBe(95);
  } finally {
    cleanup();
  }
}, 120_000);

test("the scheduler's ingest child runs with this process's node flags and its arguments", async () => {
  const { dir, cleanup } = tempDir();
  try {
    // An entry script standing in for lmi: it writes down the flags and arguments it was started with.
    const entry = join(dir, 'entry.mjs');
    const out = join(dir, 'started.json');
    writeFileSync(entry, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(out)}, JSON.stringify({ flags: process.execArgv, args: process.argv.slice(2) }));\n`);
    const eurostat = { id: 'eurostat' } as ConfiguredSource; // the child runner reads only the id
    const saved = process.env.NODE_OPTIONS;
    delete process.env.NODE_OPTIONS;
    try {
      const summary = await childProcessRunner({ dbPath: join(dir, 'lmi.sqlite'), entry })(eurostat, 'schedule');
      expect(summary.exitCode).toBe(0);
    } finally {
      if (saved !== undefined) process.env.NODE_OPTIONS = saved;
    }
    const started = JSON.parse(readFileSync(out, 'utf8')) as { flags: string[]; args: string[] };
    expect(started.flags).toEqual(process.execArgv);
    expect(started.args).toEqual(['ingest', 'all', '--only', 'eurostat', '--trigger', 'schedule', '--db', join(dir, 'lmi.sqlite')]);
  } finally {
    cleanup();
  }
});

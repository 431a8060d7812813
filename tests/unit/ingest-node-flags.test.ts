/**
 * The node flags of ingest child processes (ingest/core/runners.ts): a small young generation unless
 * the maintainer sized it, and the scheduler's children really run with them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfiguredSource } from '../../ingest/core/configured.js';
import { childProcessRunner, ingestNodeFlags } from '../../ingest/core/runners.js';
import { tempDir } from '../helpers.js';

test('an ingest process gets 1 MB semi-spaces, unless its flags or NODE_OPTIONS size them', () => {
  expect(ingestNodeFlags([], '')).toEqual(['--max-semi-space-size=1']);
  expect(ingestNodeFlags(['--enable-source-maps'], '--no-warnings')).toEqual(['--enable-source-maps', '--max-semi-space-size=1']);
  expect(ingestNodeFlags(['--max-semi-space-size=8'], '')).toEqual(['--max-semi-space-size=8']);
  expect(ingestNodeFlags(['--min_semi_space_size=2'], '')).toEqual(['--min_semi_space_size=2']);
  expect(ingestNodeFlags([], '--max-old-space-size=512 --max-semi-space-size=4')).toEqual([]);
});

test("the scheduler's ingest child runs with the ingest flags and its arguments", async () => {
  const { dir, cleanup } = tempDir();
  try {
    // An entry script standing in for lmi: it writes down the flags and arguments it was started with.
    const entry = join(dir, 'entry.mjs');
    const out = join(dir, 'started.json');
    writeFileSync(entry, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(out)}, JSON.stringify({ flags: process.execArgv, args: process.argv.slice(2) }));\n`);
    const eurostat = { id: 'eurostat' } as ConfiguredSource; // the child runner reads only the id
    const saved = process.env.NODE_OPTIONS;
    delete process.env.NODE_OPTIONS; // Jest's --experimental-vm-modules stays out of the child
    try {
      const summary = await childProcessRunner({ dbPath: join(dir, 'lmi.sqlite'), entry })(eurostat, 'schedule');
      expect(summary.exitCode).toBe(0);
    } finally {
      if (saved !== undefined) process.env.NODE_OPTIONS = saved;
    }
    const started = JSON.parse(readFileSync(out, 'utf8')) as { flags: string[]; args: string[] };
    expect(started.flags).toContain('--max-semi-space-size=1');
    expect(started.args).toEqual(['ingest', 'all', '--only', 'eurostat', '--trigger', 'schedule', '--db', join(dir, 'lmi.sqlite')]);
  } finally {
    cleanup();
  }
});

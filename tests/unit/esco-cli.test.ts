/** `lmi ingest esco` and the `esco` source type, on the small fixture. */
import { jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { openWritable } from '../../data/db.js';
import { silentLogger } from '../../ingest/core/log.js';
import { escoIngestCommand } from '../../ingest/esco/cli.js';
import { escoSourceType } from '../../ingest/esco/source-type.js';
import { sourceType } from '../../ingest/registry.js';
import { tempDir } from '../helpers.js';

const FIX = join(process.cwd(), 'tests', 'fixtures', 'esco', 'v1.1.1');

describe('lmi ingest esco', () => {
  test('loads the download given by --from, only the --lang languages, and prints a summary line', async () => {
    const { dir, cleanup } = tempDir();
    const log = jest.spyOn(console, 'log').mockImplementation(() => {});
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const dbPath = join(dir, 'lmi.sqlite');
      await escoIngestCommand().parseAsync(['--from', FIX, '--lang', 'en', '--db', dbPath], { from: 'user' });
      expect(log).toHaveBeenCalledTimes(1);
      expect(String(log.mock.calls[0]![0])).toMatch(
        /^esco: success in \d+\.\d s: 4 occupations, 10 iscoGroups, 19 skills, 15 skillGroups, 16 occupationSkillRelations, 36 broaderRelations, 2 skillSkillRelations, 198 labels, 1 languages \(upstream version v1\.1\.1\)$/,
      );
      const db = openWritable(dbPath);
      expect(db.prepare('SELECT lang FROM esco_languages').pluck().all()).toEqual(['en']);
      expect(db.prepare(`SELECT source, outcome, trigger FROM ingest_runs`).all()).toEqual([{ source: 'esco', outcome: 'success', trigger: 'cli' }]);
      db.close();
    } finally {
      log.mockRestore();
      stderr.mockRestore();
      cleanup();
    }
  });

  test('--from is required and --help describes the command', () => {
    const cmd = escoIngestCommand().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    expect(() => cmd.parse([], { from: 'user' })).toThrow("error: required option '--from <path...>' not specified");
    expect(escoIngestCommand().helpInformation()).toContain('--from <path...>  the ESCO CSV download: its folder (subfolders such as en/');
  });
});

describe('the lmi command line (a child process, as a user runs it)', () => {
  const lmi = (args: string[], dbPath: string) =>
    spawnSync(process.execPath, ['--import', './tests/support/register-ts.mjs', 'scripts/lmi.ts', ...args], {
      encoding: 'utf8',
      env: { ...process.env, LMI_DB: dbPath, LMI_LOG_LEVEL: 'info' },
      timeout: 60_000,
    });

  test('usage errors exit with the bad-input code 2 and say what is wrong; a schema failure exits 5', () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'lmi.sqlite');
      const noFrom = lmi(['ingest', 'esco'], db);
      expect([noFrom.status, noFrom.stderr.trim()]).toEqual([2, "error: required option '--from <path...>' not specified"]);
      const badPort = lmi(['serve', '--port', 'abc', '--db', db], db);
      expect([badPort.status, badPort.stderr.trim()]).toEqual([2, 'lmi: invalid port: abc (give a whole number from 0 to 65535)']);
      const help = lmi(['ingest', 'esco', '--help'], db);
      expect(help.status).toBe(0);
      expect(help.stdout).toContain('Usage: lmi ingest esco [options]');
      // The English folder alone lacks the relations/ files.
      const missing = lmi(['ingest', 'esco', '--from', join(FIX, 'en')], db);
      expect(missing.status).toBe(5);
      expect(missing.stderr).toContain(`occupationSkillRelations.csv or occupationSkillRelations_en.csv is missing from ${join(FIX, 'en')}`);
    } finally {
      cleanup();
    }
  }, 120_000);

  test('--from takes the download in parts: the English folder and the relations folder load as one release', () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'lmi.sqlite');
      const parts = lmi(['ingest', 'esco', '--from', join(FIX, 'en'), join(FIX, 'relations')], db);
      expect([parts.status, parts.stdout.trim()]).toEqual([
        0,
        expect.stringMatching(
          /^esco: success in \d+\.\d s: 4 occupations, 10 iscoGroups, 19 skills, 15 skillGroups, 16 occupationSkillRelations, 36 broaderRelations, 2 skillSkillRelations, 198 labels, 1 languages \(upstream version v1\.1\.1\)$/,
        ),
      ]);
    } finally {
      cleanup();
    }
  }, 120_000);
});

describe('esco source type', () => {
  test('is registered, runs weekly by default and plans one unit that loads the download', async () => {
    expect(sourceType('esco')).toBe(escoSourceType);
    expect(escoSourceType.defaultSchedule).toBe('0 3 * * 1');
    const units = escoSourceType.plan('esco', { type: 'esco', enabled: true, from: FIX, languages: ['fr'] });
    expect(units.map((u) => u.source)).toEqual(['esco']);
    const { dir, cleanup } = tempDir();
    try {
      const db = openWritable(join(dir, 'lmi.sqlite'));
      const summary = await units[0]!.work({ db, log: silentLogger, trigger: 'schedule' });
      expect(summary.counts.occupations).toBe(4);
      expect(db.prepare('SELECT lang FROM esco_languages').pluck().all()).toEqual(['fr']);
      db.close();
    } finally {
      cleanup();
    }
  });

  test('a config entry without `from` or with a bad language is refused with the entry named', () => {
    expect(() => escoSourceType.plan('esco-main', { type: 'esco', enabled: true })).toThrow(/^config source 'esco-main' \(esco\): .*from/s);
    expect(() => escoSourceType.plan('esco-main', { type: 'esco', enabled: true, from: FIX, languages: ['english'] })).toThrow(/languages are codes such as "en"/);
    expect(() => escoSourceType.plan('esco-main', { type: 'esco', enabled: true, from: [] })).toThrow(/from: give at least one folder, \.zip or URL/);
  });

  test('`from` may list the parts of a download (a language folder or zip and the relations one)', async () => {
    const units = escoSourceType.plan('esco-parts', { type: 'esco', enabled: true, from: [join(FIX, 'en'), join(FIX, 'relations')] });
    const { dir, cleanup } = tempDir();
    try {
      const db = openWritable(join(dir, 'lmi.sqlite'));
      const summary = await units[0]!.work({ db, log: silentLogger, trigger: 'schedule' });
      expect([summary.counts.occupations, summary.counts.occupationSkillRelations, summary.upstreamVersion]).toEqual([4, 16, 'v1.1.1']);
      db.close();
    } finally {
      cleanup();
    }
  });
});

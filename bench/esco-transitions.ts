/**
 * Career transitions benchmark, part of `npm run bench -- esco` (bench/esco.ts calls it with the
 * database it loaded from the shared ESCO v1.1.1 download): latency p50/p99 of
 * GET /api/occupations/:id/transitions over one keep-alive connection against `lmi serve` in a
 * child process, for 20 real occupations without `have`, with 8 added skills, and with a country's
 * employment trend sorted by growth (lfsa_egised from the shared fixtures). Target: p99 <= 20 ms.
 * The first request per load builds the in-memory skill sets; it is a warm-up, not measured.
 * `node dist/bench/esco-transitions.js` runs it alone (it loads ESCO into a temporary database).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { latencies, startChild, stop } from './server.js';
import { fixturesDir, quantile } from './util.js';

const LMI = fileURLToPath(new URL('../scripts/lmi.js', import.meta.url));
const THIS = fileURLToPath(import.meta.url);
const ROUNDS = 20;
const TARGET_MS = 20;
/** Occupations a client comes from (resolved to ids in the loaded database). */
const SOURCES = ['shop assistant', 'specialist nurse', 'software developer', 'primary school teacher', 'welder', 'cook', 'chef', 'electrician', 'accountant', 'data scientist', 'bus driver', 'catcher', 'lawyer', 'police officer', 'mechanical engineer', 'plumber', 'hairdresser', 'carpenter', 'pharmacist', 'sales assistant'];
/** Skills a client says they have, added with `have` (ids resolved from these labels). */
const HAVE = ['customer service', 'speak different languages', 'English', 'manage budgets', 'drive vehicles', 'perform cleaning duties', 'communicate with customers', 'work in teams'];

/** Loads lfsa_egised from the shared fixtures into `dbPath` when it is there and not loaded yet. */
function loadEmployment(dbPath: string): void {
  const egised = join(fixturesDir(), 'eurostat', 'tsv', 'estat_lfsa_egised.tsv');
  if (!existsSync(egised)) return;
  const res = spawnSync(process.execPath, [LMI, 'ingest', 'eurostat', '--from', egised], { env: { ...process.env, LMI_DB: dbPath, LMI_LOG_LEVEL: 'warn' }, stdio: 'inherit' });
  if (res.status !== 0) throw new Error('lmi ingest eurostat lfsa_egised failed');
}

/**
 * Measures the transitions queries on a database with ESCO loaded (lfsa_egised is added from the
 * shared fixtures for the geo run when missing); prints one line per run.
 */
export async function runTransitions(dbPath: string): Promise<void> {
  const loaded = new Database(dbPath, { readonly: true });
  const hasTrend = loaded.prepare(`SELECT 1 FROM datasets WHERE code IN ('lfsa_egised', 'lfsa_egai2d')`).get() !== undefined;
  loaded.close();
  if (!hasTrend) loadEmployment(dbPath);
  const db = new Database(dbPath, { readonly: true });
  const byLabel = (table: string, label: string) =>
    db.prepare(`SELECT c.id FROM ${table} c JOIN esco_texts t ON t.concept_uri = c.uri AND t.lang = 'en' WHERE t.preferred_label = ?`).pluck().get(label) as string | undefined;
  const ids = SOURCES.map((l) => byLabel('esco_occupations', l)).filter((id): id is string => id !== undefined);
  const have = HAVE.map((l) => byLabel('esco_skills', l)).filter((id): id is string => id !== undefined);
  const trendLoaded = db.prepare(`SELECT 1 FROM datasets WHERE code IN ('lfsa_egised', 'lfsa_egai2d')`).get() !== undefined;
  db.close();
  const server = await startChild([LMI, 'serve', '--port', '0', '--db', dbPath], { ...process.env, LMI_LOG_LEVEL: 'warn' });
  try {
    const base = (id: string) => `/api/occupations/${id}/transitions?limit=20`;
    const runs: [string, string[]][] = [
      ['transitions, no have', ids.map(base)],
      [`transitions, have = ${have.length} skills`, ids.map((id) => `${base(id)}&have=${have.join(',')}`)],
    ];
    if (trendLoaded) runs.push([`transitions, have = ${have.length}, geo=DE, sort=growth`, ids.map((id) => `${base(id)}&have=${have.join(',')}&geo=DE&sort=growth`)]);
    console.log(`career transitions: ${ids.length} occupations x ${ROUNDS} rounds each, 1 connection, 20 items per answer`);
    for (const [name, paths] of runs) {
      const times = await latencies(server.url, paths, ROUNDS);
      const p99 = quantile(times, 0.99);
      console.log(`${name.padEnd(46)} | p50 ${quantile(times, 0.5).toFixed(2)} ms | p99 ${p99.toFixed(2)} ms | target p99 <= ${TARGET_MS} ms${p99 > TARGET_MS ? '  ** OVER TARGET **' : ''}`);
    }
  } finally {
    await stop(server.child);
  }
}

// `node dist/bench/esco-transitions.js` runs this benchmark alone, on a fresh load of the shared download.
if (process.argv[1] && resolve(process.argv[1]) === THIS) {
  const from = join(fixturesDir(), 'esco', 'v1.1.1');
  if (!existsSync(from)) {
    console.log(`ESCO fixtures not found at ${from} (set LMI_FIXTURES): skipped`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'lmi-bench-transitions-'));
    try {
      const dbPath = join(dir, 'lmi.sqlite');
      const res = spawnSync(process.execPath, [LMI, 'ingest', 'esco', '--from', from], { env: { ...process.env, LMI_DB: dbPath, LMI_LOG_LEVEL: 'warn' }, stdio: 'inherit' });
      if (res.status !== 0) throw new Error('lmi ingest esco failed');
      await runTransitions(dbPath);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * Operations benchmark (`npm run bench -- ops`): does the server keep answering while the largest
 * source loads? The deployment shape of `lmi start`: the server reads on its own read-only
 * connection in this process; the ingest writes in a child process (`lmi ingest eurostat --from`,
 * the compiled CLI) in one long transaction under WAL.
 *   1. load the real une_rt_a answer (so the API has data), and build the 1,000,000-cell dataset of
 *      the Eurostat benchmark;
 *   2. API latency at 8 concurrent connections with no ingest running (reference);
 *   3. the same while the 1M-cell ingest runs, from its start to its end.
 * Target: no errors, p99 <= 50 ms during the ingest.
 */
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from '../server/index.js';
import { lowerPriority } from '../ingest/core/runners.js';
import { writeEurostatShapedFile } from './eurostat.js';
import { fixturesDir } from './util.js';

const CONNECTIONS = 8;
const sourceFile = join(fixturesDir(), 'eurostat', 'json-stat', 'unemployment_une_rt_a.json');
const cli = resolve('bin', 'lmi.js');

/**
 * What a page asks for, in turn: freshness, health, the dataset list, a few series (the figures of
 * `npm run bench -- eurostat` cover the series API's own cost on bigger queries).
 */
const paths = ['/api/sources', '/api/health', '/api/datasets', '/api/series?dataset=une_rt_a&geo=DE,FR,SI'];

interface Figures {
  requests: number;
  errors: number;
  non2xx: number;
  p50: number;
  p99: number;
  max: number;
  seconds: number;
}

/** Load at CONNECTIONS connections until `until` resolves (or for `seconds`). */
function load(base: string, opts: { seconds?: number; until?: Promise<unknown> }): Promise<Figures> {
  return new Promise((ok, fail) => {
    const started = Date.now();
    const instance = autocannon(
      { url: base, connections: CONNECTIONS, pipelining: 1, duration: opts.seconds ?? 600, requests: paths.map((path) => ({ method: 'GET', path })) },
      (err, r) => {
        if (err) return fail(err);
        ok({ requests: r.requests.total, errors: r.errors + r.timeouts, non2xx: r.non2xx, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, seconds: (Date.now() - started) / 1000 });
      },
    );
    void opts.until?.then(() => instance.stop());
  });
}

const line = (what: string, f: Figures) =>
  `${what}: ${f.requests.toLocaleString('en')} requests in ${f.seconds.toFixed(1)} s at ${CONNECTIONS} connections, p50 ${f.p50} ms, p99 ${f.p99} ms, max ${f.max} ms, ` +
  `${f.errors} errors, ${f.non2xx} non-2xx`;

export async function run(): Promise<void> {
  if (!existsSync(sourceFile)) {
    console.log(`ops: skipped, ${sourceFile} not found (set LMI_FIXTURES)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'lmi-bench-ops-'));
  const env = { ...process.env, LMI_LOG_LEVEL: 'warn', LMI_RAW_DIR: join(dir, 'raw') };
  try {
    const db = join(dir, 'ops.sqlite');
    const first = spawnSync(process.execPath, [cli, 'ingest', 'eurostat', '--from', sourceFile, '--db', db], { env, encoding: 'utf8' });
    if (first.status !== 0) throw new Error(`loading une_rt_a failed (${first.status}): ${first.stderr}`);
    const big = join(dir, 'une_rt_a_x1m.json');
    const { cells } = await writeEurostatShapedFile(big, 1_000_000, 'une_rt_a_x1m');

    const server = await startServer({ dbPath: db, port: 0, host: '127.0.0.1' });
    const base = server.url;
    try {
      // Latency on a shared machine says little without its load: print it beside the figures.
      console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);
      console.log(line('API, no ingest running', await load(base, { seconds: 5 })));

      const started = Date.now();
      const child = spawn(process.execPath, [cli, 'ingest', 'eurostat', '--from', big, '--db', db], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      lowerPriority(child.pid); // as the scheduler of `lmi start` runs its ingests
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
      const during = await load(base, { until: exited });
      const code = await exited;
      if (code !== 0) throw new Error(`the ${cells.toLocaleString('en')}-cell ingest failed (${code}): ${stderr}`);
      console.log(`ingest of ${cells.toLocaleString('en')} cells (the largest source) in a child process: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      const verdict = during.errors === 0 && during.non2xx === 0 && during.p99 <= 50 ? 'meets' : 'MISSES';
      console.log(`${line('API during the ingest', during)} (target: no errors, p99 <= 50 ms: ${verdict})`);
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Eurostat benchmark (`npm run bench -- eurostat`):
 *   1. JSON-stat files in Eurostat's sparse shape (value and status as objects keyed by cell index,
 *      `dimension` after them, as the API writes it) are generated from the real une_rt_a answer, its
 *      228-cell cube repeated along `age`: about 1M and 5M cells, written piece by piece;
 *   2. each is loaded by `lmi ingest eurostat CODE --from FILE` run as a child process: wall time and
 *      peak RSS of that process (targets: 1M <= 15 s and <= 150 MB; 5M <= 1M + 20 MB); the 1M file also
 *      as an API answer served by the replay server (`lmi ingest eurostat CODE`: fetch + raw cache +
 *      load, same targets);
 *   3. the same for PX-Web (bench/pxweb.ts): a ~1M-cell table in PX-Web's shape, loaded from a file and
 *      from a PX-Web API emulator that splits it into 5 answers;
 *   Each load is run as `lmi ingest` runs it (in a worker with a small young generation) and, for
 *   comparison, on the main thread with V8's default semi-spaces (`ingestForms`);
 *   4. GET /api/series latency over ONE connection (autocannon) to the API in its own process, as
 *      `lmi serve` runs it, on the 1M-cell dataset: p50 / p99 (target p99 <= 10 ms).
 */
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/index.js';
import { reply, startReplay } from '../tests/replay/server.js';
import { fixturesDir } from './util.js';
import { pxwebSourceFile, startPxwebEmulator, SyntheticPxTable, writePxwebConfig, writePxwebShapedFile } from './pxweb.js';

const sourceFile = join(fixturesDir(), 'eurostat', 'json-stat', 'unemployment_une_rt_a.json');

interface JsonStatDoc {
  label: string;
  updated: string;
  id: string[];
  size: number[];
  value: Record<string, number>;
  status?: Record<string, string>;
  dimension: Record<string, { label?: string; category: { index: Record<string, number>; label: Record<string, string> } }>;
  extension?: Record<string, unknown>;
}

/**
 * Writes the real une_rt_a cube repeated along `age` until it has at least `cells` cells, in the
 * member order Eurostat uses (value, status, then id/size/dimension); never held whole in memory.
 */
export async function writeEurostatShapedFile(file: string, cells: number, code: string): Promise<{ cells: number; values: number; bytes: number }> {
  const base = JSON.parse(readFileSync(sourceFile, 'utf8')) as JsonStatDoc;
  const block = base.size.reduce((a, b) => a * b, 1);
  const copies = Math.ceil(cells / block);
  const ageAt = base.id.indexOf('age');
  const out = createWriteStream(file);
  const write = (text: string) => new Promise<void>((ok) => (out.write(text) ? ok() : out.once('drain', () => ok())));
  const cellsOf = async (member: Record<string, number | string>) => {
    let buffer = '';
    let first = true;
    for (let c = 0; c < copies; c++) {
      // age is the second dimension (size 1): repeating it repeats the whole trailing block in order.
      for (const [k, v] of Object.entries(member)) {
        buffer += `${first ? '' : ','}"${c * block + Number(k)}":${JSON.stringify(v)}`;
        first = false;
      }
      if (buffer.length > 1 << 20) {
        await write(buffer);
        buffer = '';
      }
    }
    await write(buffer);
  };
  await write(`{"version":"2.0","class":"dataset","label":${JSON.stringify(base.label)},"source":"ESTAT","updated":${JSON.stringify(base.updated)},"value":{`);
  await cellsOf(base.value);
  await write('},"status":{');
  await cellsOf(base.status ?? {});
  const [ageCode] = Object.keys(base.dimension.age!.category.index);
  const index: Record<string, number> = {};
  const label: Record<string, string> = {};
  for (let c = 0; c < copies; c++) {
    const codeC = c === 0 ? ageCode! : `${ageCode}_R${c}`;
    index[codeC] = c;
    label[codeC] = c === 0 ? base.dimension.age!.category.label[ageCode!]! : `${base.dimension.age!.category.label[ageCode!]} (copy ${c})`;
  }
  const size = [...base.size];
  size[ageAt] = copies;
  const dimension = { ...base.dimension, age: { ...base.dimension.age!, category: { index, label } } };
  await write(`},"id":${JSON.stringify(base.id)},"size":${JSON.stringify(size)},"dimension":${JSON.stringify(dimension)},"extension":${JSON.stringify({ ...base.extension, id: code.toUpperCase() })}}`);
  await new Promise<void>((ok, fail) => out.end((err?: Error | null) => (err ? fail(err) : ok())));
  return { cells: copies * block, values: copies * Object.keys(base.value).length, bytes: statSync(file).size };
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

/** What one ingest reports: wall time of the `lmi` process, its peak RSS, the observations stored. */
interface IngestFigures {
  seconds: number;
  maxRssMb: number;
  observations: number;
}

const lmiEntry = fileURLToPath(new URL('../scripts/lmi.js', import.meta.url));
const peakRssReporter = fileURLToPath(new URL('./peak-rss.js', import.meta.url));

/**
 * Runs `lmi ingest eurostat CODE [--from FILE] --db DB` itself in a child process, as a data maintainer
 * runs it: its peak RSS (reported by the preloaded peak-rss.js) is the whole command's, with whatever
 * the command line loads. Without `file` the API answer LMI_EUROSTAT_URL serves is fetched.
 */
function ingestInChild(file: string | undefined, db: string, code: string, nodeFlags: readonly string[], env: Record<string, string> = {}): Promise<IngestFigures> {
  return lmiIngestInChild(['eurostat', code, ...(file ? ['--from', file] : [])], db, env, nodeFlags);
}

/**
 * Each load is run as every ingest runs, by hand or by the scheduler: `lmi ingest`, whose load runs in a
 * worker with a small young generation (scripts/ingest-thread.ts); and, for comparison, on the main
 * thread with V8's default semi-spaces (16 MB; a node flag that sizes them keeps the load there): what
 * the worker saves.
 */
export const ingestForms = [
  { name: 'lmi ingest', nodeFlags: [] as string[] },
  { name: 'main thread, 16 MB semi-spaces', nodeFlags: ['--max-semi-space-size=16'] },
] as const;

/** `node NODEFLAGS lmi ingest ARGS --db DB` in a child process: its wall time, peak RSS and the observations it stored. */
export async function lmiIngestInChild(ingestArgs: string[], db: string, env: Record<string, string> = {}, nodeFlags: readonly string[] = []): Promise<IngestFigures> {
  const rssFile = `${db}.peak-rss`;
  const args = [...nodeFlags, '--import', peakRssReporter, lmiEntry, 'ingest', ...ingestArgs, '--db', db];
  const started = process.hrtime.bigint();
  // Asynchronous, so a replay server in this process can answer the child.
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, LMI_BENCH_PEAK_RSS_FILE: rssFile, LMI_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const status = await new Promise<number | null>((ok) => child.once('close', ok));
  const wall = seconds(started);
  if (status !== 0 || !existsSync(rssFile)) throw new Error(`lmi ingest ${ingestArgs.join(' ')} failed (${status}): ${stderr}`);
  const maxRssMb = Number(readFileSync(rssFile, 'utf8'));
  rmSync(rssFile, { force: true });
  const store = new Database(db, { readonly: true });
  try {
    const { n } = store.prepare('SELECT COUNT(*) AS n FROM observations').get() as { n: number };
    return { seconds: wall, maxRssMb, observations: n };
  } finally {
    store.close();
  }
}

async function latency(base: string, path: string): Promise<{ p50: number; p99: number; requests: number; bytes: number }> {
  const result = await autocannon({ url: base + path, connections: 1, pipelining: 1, duration: 5 });
  if (result.non2xx > 0) throw new Error(`${path}: ${result.non2xx} answers were not 2xx`);
  return { p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total, bytes: Math.round(result.throughput.average / Math.max(1, result.requests.average)) };
}

/**
 * Starts the API on `db` in a child process, as `lmi serve` runs it: the server's heap is its own,
 * not this process's (which held the 1M-cell dataset) nor the load generator's.
 */
async function startServerProcess(db: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
    env: { ...process.env, LMI_BENCH_EUROSTAT_SERVE: db, LMI_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('http://'));
      if (line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`bench server exited (${code}) before listening`)));
  });
  return { url, stop: () => child.kill() };
}

/** The Eurostat API answer served by the replay server, ingested in a child with the raw cache on. */
async function ingestOverHttp(file: string, dir: string, code: string, nodeFlags: readonly string[]): Promise<IngestFigures> {
  const replay = await startReplay([{ path: `/api/dissemination/statistics/1.0/data/${code}`, replies: reply.file(file) }]);
  try {
    const db = join(dir, `${code}-http.sqlite`);
    const r = await ingestInChild(undefined, db, code, nodeFlags, { LMI_EUROSTAT_URL: replay.url, LMI_RAW_DIR: join(dir, 'raw') });
    rmSync(db, { force: true });
    rmSync(join(dir, 'raw'), { recursive: true, force: true }); // the next run starts with no cached answer
    return r;
  } finally {
    await replay.close();
  }
}

/** PX-Web: the ~1M-cell table in PX-Web's shape, from a file and from the emulator (split into answers of 250,000 cells). */
async function runPxweb(dir: string): Promise<void> {
  if (!existsSync(pxwebSourceFile)) {
    console.log(`pxweb: skipped, ${pxwebSourceFile} not found`);
    return;
  }
  const table = new SyntheticPxTable(1_000_000);
  const file = join(dir, 'ssb-07221-x1m.json');
  const made = await writePxwebShapedFile(table, file);
  for (const form of ingestForms) {
    const db = join(dir, 'pxweb-file.sqlite');
    const f = await lmiIngestInChild(['pxweb', '--from', file, '--dataset', 'ssb-07221-x1m'], db, {}, form.nodeFlags);
    rmSync(db, { force: true });
    console.log(
      `[${form.name}] ingest a ${made.cells.toLocaleString('en')}-cell PX-Web JSON-stat answer (${(made.bytes / 1e6).toFixed(1)} MB, dense value array) with --from: ` +
        `${f.seconds.toFixed(1)} s, peak RSS ${f.maxRssMb.toFixed(0)} MB, ${f.observations.toLocaleString('en')} observations (target <= 15 s, <= 150 MB)`,
    );
  }
  rmSync(file, { force: true });
  const maxValues = 250_000;
  const em = await startPxwebEmulator(table, maxValues);
  try {
    const config = join(dir, 'pxweb.config.json');
    writePxwebConfig(config, 'ssb-07221-x1m', em.url);
    for (const form of ingestForms) {
      const db = join(dir, 'pxweb-http.sqlite');
      const raw = join(dir, 'raw-pxweb');
      const posts = em.posts;
      const h = await lmiIngestInChild(['pxweb', 'ssb-07221-x1m'], db, { LMI_CONFIG: config, LMI_RAW_DIR: raw }, form.nodeFlags);
      // Each form starts from nothing: no table loaded, no answers in the raw cache.
      rmSync(db, { force: true });
      rmSync(raw, { recursive: true, force: true });
      console.log(
        `[${form.name}] ingest the same table from a PX-Web API (emulator, ${maxValues.toLocaleString('en')} cells a request: ${em.posts - posts} answers, raw cache on): ` +
          `${h.seconds.toFixed(1)} s, peak RSS ${h.maxRssMb.toFixed(0)} MB, ${h.observations.toLocaleString('en')} observations (target <= 15 s, <= 150 MB)`,
      );
    }
  } finally {
    await em.close();
  }
}

export async function run(): Promise<void> {
  if (!existsSync(sourceFile)) {
    console.log(`eurostat: skipped, ${sourceFile} not found (set LMI_FIXTURES)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'lmi-bench-eurostat-'));
  try {
    let db1m = '';
    const rss1m: number[] = [];
    for (const [name, cells, code] of [['1M', 1_000_000, 'une_rt_a_x1m'], ['5M', 5_000_000, 'une_rt_a_x5m']] as const) {
      const file = join(dir, `${code}.json`);
      const made = await writeEurostatShapedFile(file, cells, code);
      for (const [f, form] of ingestForms.entries()) {
        const db = join(dir, `${code}-${f}.sqlite`);
        const r = await ingestInChild(file, db, code, form.nodeFlags);
        if (name === '1M') rss1m[f] = r.maxRssMb;
        if (name === '1M' && f === 0) db1m = db;
        else rmSync(db, { force: true });
        const target = name === '1M' ? '<= 15 s, <= 150 MB' : `<= ${(rss1m[f]! + 20).toFixed(0)} MB (1M + 20 MB)`;
        console.log(
          `[${form.name}] ingest ${made.cells.toLocaleString('en')}-cell JSON-stat (${(made.bytes / 1e6).toFixed(1)} MB, ${made.values.toLocaleString('en')} values): ` +
            `${r.seconds.toFixed(1)} s, peak RSS ${r.maxRssMb.toFixed(0)} MB, ${r.observations.toLocaleString('en')} observations (target ${target})`,
        );
        if (name === '1M') {
          const h = await ingestOverHttp(file, dir, code, form.nodeFlags);
          console.log(
            `[${form.name}] ingest the same ${made.cells.toLocaleString('en')} cells as an API answer (replay server, raw cache on): ` +
              `${h.seconds.toFixed(1)} s, peak RSS ${h.maxRssMb.toFixed(0)} MB, ${h.observations.toLocaleString('en')} observations (target <= 15 s, <= 150 MB)`,
          );
        }
      }
      rmSync(file, { force: true });
    }
    const db = db1m;
    await runPxweb(dir);

    // /api/series over one connection, the server in its own process.
    const server = await startServerProcess(db);
    try {
      for (const [name, path] of [
        ['3 countries, 1 series each', '/api/series?dataset=une_rt_a_x1m&age=Y15-74_R2024&geo=DE,FR,SI'],
        ['38 countries', '/api/series?dataset=une_rt_a_x1m&age=Y15-74_R77'],
        ['3 countries as JSON-stat', '/api/series?dataset=une_rt_a_x1m&age=Y15-74_R2024&geo=DE,FR,SI&format=jsonstat'],
      ] as const) {
        const r = await latency(server.url, path);
        console.log(`/api/series (${name}): p50 ${r.p50} ms, p99 ${r.p99} ms over one connection (target p99 <= 10 ms), ${r.requests} requests`);
      }
    } finally {
      server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.LMI_BENCH_EUROSTAT_SERVE) {
  // Server mode: print the URL, then serve until the parent kills this process.
  const server = await startServer({ dbPath: process.env.LMI_BENCH_EUROSTAT_SERVE, port: 0, host: '127.0.0.1' });
  process.stdout.write(`${server.url}\n`);
}

/**
 * Eurostat benchmark (`npm run bench -- eurostat`):
 *   1. a 1,000,000-cell JSON-stat dataset built from the real une_rt_a answer (its 228-cell cube
 *      repeated along the age dimension, values and flags copied) is written to a temp dir;
 *   2. parse cost: JSON.parse + jsonstat-toolkit normalisation, then our walk over the cells, and
 *      for comparison the toolkit's own per-cell Data(i);
 *   3. `lmi ingest eurostat --from FILE` in a child process: wall time and peak RSS (target <= 15 s,
 *      memory bounded);
 *   4. GET /api/series latency over ONE connection (autocannon) to the API in its own process, as
 *      `lmi serve` runs it: p50 / p99 (target p99 <= 10 ms).
 */
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSONstat from 'jsonstat-toolkit';
import { parseJsonStat } from '../ingest/eurostat/parse-jsonstat.js';
import { startServer } from '../server/index.js';
import { fixturesDir } from './util.js';

const TARGET_CELLS = 1_000_000;
const sourceFile = join(fixturesDir(), 'eurostat', 'json-stat', 'unemployment_une_rt_a.json');

interface JsonStatDoc {
  id: string[];
  size: number[];
  value: Record<string, number>;
  status?: Record<string, string>;
  dimension: Record<string, { category: { index: Record<string, number>; label: Record<string, string> } }>;
  extension?: { id?: string };
}

/** The real une_rt_a cube repeated along `age` until it has at least `cells` cells. */
export function buildMillionCellDataset(cells = TARGET_CELLS): { doc: JsonStatDoc; cells: number } {
  const base = JSON.parse(readFileSync(sourceFile, 'utf8')) as JsonStatDoc;
  const block = base.size.reduce((a, b) => a * b, 1);
  const copies = Math.ceil(cells / block);
  const ageAt = base.id.indexOf('age');
  // age is the second dimension (size 1): repeating it repeats the whole trailing block in order.
  const [ageCode] = Object.keys(base.dimension.age!.category.index);
  const index: Record<string, number> = {};
  const label: Record<string, string> = {};
  for (let c = 0; c < copies; c++) {
    const code = c === 0 ? ageCode! : `${ageCode}_R${c}`;
    index[code] = c;
    label[code] = c === 0 ? base.dimension.age!.category.label[ageCode!]! : `${base.dimension.age!.category.label[ageCode!]} (copy ${c})`;
  }
  const value: Record<string, number> = {};
  const status: Record<string, string> = {};
  for (let c = 0; c < copies; c++) {
    for (const [k, v] of Object.entries(base.value)) value[c * block + Number(k)] = v;
    for (const [k, v] of Object.entries(base.status ?? {})) status[c * block + Number(k)] = v;
  }
  const size = [...base.size];
  size[ageAt] = copies;
  const doc: JsonStatDoc = {
    ...base,
    size,
    value,
    status,
    dimension: { ...base.dimension, age: { ...base.dimension.age!, category: { index, label } } },
    extension: { ...base.extension, id: 'UNE_RT_A_X1M' },
  };
  return { doc, cells: copies * block };
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

/** Child mode: load the file with the real CLI code path and print time and peak RSS as JSON. */
async function ingestChild(file: string, db: string): Promise<void> {
  const { runSourceFromCli } = await import('../ingest/core/cli-run.js');
  const { ingestEurostatDataset } = await import('../ingest/eurostat/run.js');
  const started = process.hrtime.bigint();
  const result = await runSourceFromCli('eurostat:une_rt_a_x1m', (ctx) => ingestEurostatDataset(ctx, { code: 'une_rt_a_x1m', from: file }), { dbPath: db });
  process.stdout.write(
    `\n${JSON.stringify({ seconds: seconds(started), maxRssMb: process.resourceUsage().maxRSS / 1024, observations: result.counts.observations })}\n`,
  );
}

async function latency(base: string, path: string): Promise<{ p50: number; p99: number; requests: number; bytes: number }> {
  const result = await autocannon({ url: base + path, connections: 1, pipelining: 1, duration: 5 });
  if (result.non2xx > 0) throw new Error(`${path}: ${result.non2xx} answers were not 2xx`);
  return { p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total, bytes: Math.round(result.throughput.average / Math.max(1, result.requests.average)) };
}

/** Writes the 1M-cell file and prints its size; nothing of it stays referenced afterwards. */
function writeDataset(file: string): void {
  const { doc, cells } = buildMillionCellDataset();
  const json = JSON.stringify(doc);
  writeFileSync(file, json);
  console.log(`dataset: ${cells.toLocaleString('en')} cells (${Object.keys(doc.value).length.toLocaleString('en')} values), ${(json.length / 1e6).toFixed(1)} MB of JSON-stat`);
}

/** Parse cost, in this process (nothing written); the parsed objects are garbage on return. */
function measureParse(file: string): void {
  const text = readFileSync(file, 'utf8');
  let t = process.hrtime.bigint();
  const parsed = parseJsonStat(text);
  const normalise = seconds(t);
  t = process.hrtime.bigint();
  let n = 0;
  for (const o of parsed.observations()) if (o.period) n++;
  const walk = seconds(t);
  const ds = JSONstat(JSON.parse(text));
  t = process.hrtime.bigint();
  let m = 0;
  for (let i = 0; i < ds.n; i++) if (ds.Data(i) !== null) m++;
  const perCell = seconds(t);
  console.log(
    `parse: JSON.parse + jsonstat-toolkit normalisation ${normalise.toFixed(2)} s; odometer walk to ${n.toLocaleString('en')} observations with codes ${walk.toFixed(2)} s; ` +
      `for comparison toolkit Data(i) over ${m.toLocaleString('en')} cells (value and status only, no codes) ${perCell.toFixed(2)} s`,
  );
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

export async function run(): Promise<void> {
  if (!existsSync(sourceFile)) {
    console.log(`eurostat: skipped, ${sourceFile} not found (set LMI_FIXTURES)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'lmi-bench-eurostat-'));
  try {
    const file = join(dir, 'une_rt_a_x1m.json');
    writeDataset(file);
    measureParse(file);

    // Ingest through the CLI code path in a child process, so its peak RSS is its own.
    const db = join(dir, 'bench.sqlite');
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
      env: { ...process.env, LMI_BENCH_EUROSTAT_CHILD: JSON.stringify({ file, db }), LMI_LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) throw new Error(`ingest child failed (${child.status}): ${child.stderr}`);
    const ingest = JSON.parse(line) as { seconds: number; maxRssMb: number; observations: number };
    console.log(
      `ingest 1M-cell JSON-stat: ${ingest.seconds.toFixed(1)} s (target <= 15 s), peak RSS ${ingest.maxRssMb.toFixed(0)} MB, ${ingest.observations.toLocaleString('en')} observations loaded`,
    );

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

if (process.env.LMI_BENCH_EUROSTAT_CHILD) {
  const { file, db } = JSON.parse(process.env.LMI_BENCH_EUROSTAT_CHILD) as { file: string; db: string };
  await ingestChild(file, db);
}
if (process.env.LMI_BENCH_EUROSTAT_SERVE) {
  // Server mode: print the URL, then serve until the parent kills this process.
  const server = await startServer({ dbPath: process.env.LMI_BENCH_EUROSTAT_SERVE, port: 0, host: '127.0.0.1' });
  process.stdout.write(`${server.url}\n`);
}

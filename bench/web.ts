/**
 * Web front end benchmark (`npm run bench -- web`): on loopback, with the real shared fixtures
 * loaded by the project's own ingesters, the time from navigation to the first chart drawn on the
 * occupation page (target <= 1 s) and the bytes that page transfers (target <= 350 KB).
 * Also exports `buildWebDb`, the database the browser tests use.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWritable } from '../data/db.js';
import { silentLogger } from '../ingest/core/log.js';
import { runIngest, type IngestContext } from '../ingest/core/source.js';
import { ingestEscoCsv } from '../ingest/esco/ingest.js';
import { ingestEurostatDataset } from '../ingest/eurostat/run.js';
import { startServer } from '../server/index.js';
import { fixturesDir, median } from './util.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
/** "specialist nurse", ESCO 2221.3 (ISCO unit group 2221, Nursing professionals). */
export const SPECIALIST_NURSE = '18e14e61-495b-44cc-a7c6-df4c625934ba';

/**
 * Fills `path` with what the pages show, through the project's ingest entry points (each run
 * recorded in the run log, as `lmi ingest` does): ESCO v1.1.1 (en), lfsa_egised (employment by
 * ISCO major group), nama_10_a10_e (employment by A*10 industry) and une_rt_a (unemployment rate).
 */
export async function buildWebDb(path: string): Promise<void> {
  const f = (...parts: string[]) => join(fixturesDir(), ...parts);
  const db = openWritable(path);
  const ctx: IngestContext = { db, log: silentLogger, trigger: 'cli' };
  try {
    await runIngest(ctx, 'esco', () => ingestEscoCsv(ctx, { from: f('esco', 'v1.1.1'), languages: ['en'] }));
    const datasets: [string, string][] = [
      ['lfsa_egised', f('eurostat', 'tsv', 'estat_lfsa_egised.tsv')],
      ['nama_10_a10_e', f('eurostat', 'tsv-bulk-legacy', 'nama_10_a10_e.tsv')],
      ['une_rt_a', f('eurostat', 'json-stat', 'unemployment_une_rt_a.json')],
    ];
    for (const [code, from] of datasets) await runIngest(ctx, `eurostat:${code}`, () => ingestEurostatDataset(ctx, { code, from }));
  } finally {
    db.close();
  }
}

export async function run(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`web: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    return;
  }
  if (!existsSync(join(fixturesDir(), 'SOURCES.md'))) {
    console.log(`web: skipped, shared fixtures not found at ${fixturesDir()} (set LMI_FIXTURES)`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'lmi-bench-web-'));
  const dbPath = join(dir, 'lmi.sqlite');
  await buildWebDb(dbPath);
  const server = await startServer({ dbPath, port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    const url = `${server.url}/occupation?id=${SPECIALIST_NURSE}&geo=SI&lang=en`;
    const times: number[] = [];
    let coldBytes = 0;
    const runs = 6;
    for (let i = 0; i < runs; i++) {
      // A fresh context each time: nothing cached, as for an adviser's first visit.
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      const page = await context.newPage();
      const sizes: Promise<number>[] = [];
      page.on('requestfinished', (request) => {
        sizes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
      });
      await page.goto(url);
      await page.waitForSelector('figure.chart[data-drawn="true"]', { timeout: 10_000 });
      // Time origin is the navigation start, so this is navigation -> first chart drawn.
      const drawnAt = Number(await page.getAttribute('figure.chart', 'data-drawn-at'));
      await page.waitForLoadState('networkidle');
      const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
      if (i === 0) coldBytes = bytes;
      else times.push(drawnAt); // the first run also warms the server's statements
      await context.close();
    }
    const p50 = median(times);
    console.log(`occupation page, navigation -> first chart drawn: p50 ${p50.toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${times.length} cold-cache loads (target <= 1000 ms)`);
    console.log(`occupation page, bytes transferred (headers + bodies, no cache): ${(coldBytes / 1024).toFixed(1)} KB (target <= 350 KB)`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `lmi start` as a real process: on a first start with an empty database it serves at once and loads
 * every configured source; with no network it says which sources could not be reached and how to
 * load a downloaded file, and keeps serving. The Eurostat source is pointed at the replay server
 * (LMI_EUROSTAT_URL), or at a closed port for "no network".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { latestSchemaVersion } from '../../data/db.js';
import { describeWithFixtures, fixture, getJson, tempDir } from '../helpers.js';
import { reply, startReplay } from '../replay/server.js';

interface Started {
  child: ChildProcess;
  output: () => string;
  done: Promise<number | null>;
}

function lmiStart(dir: string, env: Record<string, string>): Started {
  const config = join(dir, 'lmi.config.json');
  writeFileSync(config, JSON.stringify({ sources: { eurostat: { type: 'eurostat', datasets: { une_rt_a: {} } } } }));
  const child = spawn(process.execPath, ['--import', './tests/support/register-ts.mjs', 'scripts/lmi.ts', 'start', '--port', '0'], {
    env: { ...process.env, LMI_DB: join(dir, 'lmi.sqlite'), LMI_CONFIG: config, LMI_RAW_DIR: join(dir, 'raw'), LMI_HTTP_RETRIES: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output, done: new Promise((ok) => child.once('exit', (code) => ok(code))) };
}

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

const serverUrl = (s: Started) => /serving .* at (http:\/\/[^/\s]+)\//.exec(s.output())?.[1];

async function stop(s: Started): Promise<number | null> {
  s.child.kill('SIGTERM');
  return s.done;
}

test('first start with no network: serves anyway, names the unreachable source and how to load a file; the admin API starts a run', async () => {
  const dir = tempDir('lmi-start-');
  const closed = createServer();
  await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
  const { port } = closed.address() as { port: number };
  await new Promise<void>((ok) => closed.close(() => ok()));
  const s = lmiStart(dir.dir, { LMI_EUROSTAT_URL: `http://127.0.0.1:${port}/eurostat`, LMI_ADMIN_TOKEN: 'test-token' });
  try {
    await until('the first load to give up', () => s.output().includes('first load finished'));
    expect(s.output()).toContain('first start: loading 1 configured source(s) now');
    expect(s.output()).toContain('first load finished with problems; the site serves what did load:');
    expect(s.output()).toContain(
      `eurostat: not loaded, could not reach http://127.0.0.1:${port} (cannot connect (ECONNREFUSED)) for eurostat:une_rt_a. To load a downloaded file instead, ` +
        'download each dataset (Eurostat data browser, "Download" > TSV) and run `lmi ingest eurostat --from estat_<code>.tsv.gz` (e.g. estat_une_rt_a.tsv.gz)',
    );
    const url = serverUrl(s)!;
    const health = await getJson(url, '/api/health');
    expect(health.body).toEqual({ ok: true, schemaVersion: latestSchemaVersion(), sourcesLoaded: 0 });
    const sources = await getJson(url, '/api/sources');
    expect(sources.body.sources).toEqual([
      expect.objectContaining({ name: 'eurostat:une_rt_a', loadedAt: null, lastAttempt: expect.objectContaining({ trigger: 'startup', outcome: 'failed', errorKind: 'connection' }) }),
    ]);
    expect(s.child.exitCode).toBeNull(); // still serving

    // the admin API hands a run to the scheduler, which runs it in a writer child process
    const auth = { Authorization: 'Bearer test-token' };
    const post = () => fetch(`${url}/api/admin/ingest/eurostat`, { method: 'POST', headers: auth });
    const started = await post();
    expect([started.status, await started.json()]).toEqual([202, { source: 'eurostat', status: 'started', message: 'a run of eurostat has started; follow it at /api/admin/runs' }]);
    expect((await post()).status).toBe(409); // the child process takes far longer than this to start
    let runs: { source: string; trigger: string; outcome: string; errorKind: string | null }[] = [];
    const deadline = Date.now() + 60_000;
    while (!runs.some((r) => r.trigger === 'api' && r.outcome === 'failed')) {
      if (Date.now() > deadline) throw new Error(`the requested run was not recorded: ${JSON.stringify(runs)}`);
      await new Promise((ok) => setTimeout(ok, 200));
      runs = ((await (await fetch(`${url}/api/admin/runs`, { headers: auth })).json()) as { runs: typeof runs }).runs;
    }
    expect(runs.map((r) => [r.source, r.trigger, r.outcome, r.errorKind])).toEqual([
      ['eurostat:une_rt_a', 'api', 'failed', 'connection'],
      ['eurostat:une_rt_a', 'startup', 'failed', 'connection'],
    ]);
  } finally {
    expect(await stop(s)).toBe(0);
    dir.cleanup();
  }
});

describeWithFixtures('lmi start against the replay server (real Eurostat file)', () => {
  test('first start serves at once and the dataset appears when its run lands; a second start does not reload', async () => {
    const dir = tempDir('lmi-start-');
    const replay = await startReplay([
      { path: '/eurostat/api/dissemination/statistics/1.0/data/une_rt_a', replies: reply.slow(1500, reply.file(fixture('eurostat/json-stat/unemployment_une_rt_a.json'))) },
    ]);
    const env = { LMI_EUROSTAT_URL: `${replay.url}/eurostat` };
    try {
      const s = lmiStart(dir.dir, env);
      try {
        await until('the server to listen', () => !!serverUrl(s));
        await until('the first load to finish', () => s.output().includes('first load finished'));
        expect(s.output()).toContain('first load finished: every configured source is loaded');
        const sources = await getJson(serverUrl(s)!, '/api/sources');
        expect(sources.body.sources).toEqual([
          expect.objectContaining({ name: 'eurostat:une_rt_a', kind: 'eurostat', lastAttempt: expect.objectContaining({ trigger: 'startup', outcome: 'success' }) }),
        ]);
        // the whole fixture: 38 geo series, 221 observations (as tests/unit/eurostat-parsers.test.ts reads it)
        expect(sources.body.sources[0].rowCounts).toEqual({ datasets: 1, dimensions: 6, codes: 48, flags: 2, series: 38, observations: 221 });
      } finally {
        expect(await stop(s)).toBe(0);
      }
      const again = lmiStart(dir.dir, env);
      try {
        await until('the second server to listen', () => !!serverUrl(again));
        await new Promise((ok) => setTimeout(ok, 500));
        expect(again.output()).not.toContain('first start');
        expect(replay.requests).toHaveLength(1);
      } finally {
        expect(await stop(again)).toBe(0);
      }
    } finally {
      await replay.close();
      dir.cleanup();
    }
  });
});

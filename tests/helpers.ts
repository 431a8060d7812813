/** Shared test helpers: temp databases, the shared real fixtures, a running app. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openWritable, type Db } from '../data/db.js';
import { startServer } from '../server/index.js';

/** The shared real upstream files: `LMI_FIXTURES`, else ../shared/fixtures from the project root. */
export const fixturesDir = resolve(process.env.LMI_FIXTURES ?? join(process.cwd(), '..', 'shared', 'fixtures'));
export const haveFixtures = existsSync(join(fixturesDir, 'SOURCES.md'));
export const fixture = (...parts: string[]) => join(fixturesDir, ...parts);

/**
 * `describe` when the shared fixtures are present, else a skipped `describe` (tests/global-setup.js
 * says once per run that the fixtures are missing).
 * Usage: describeWithFixtures('ESCO v1.1.1 ingest', () => { ... })
 */
export function describeWithFixtures(name: string, fn: () => void): void {
  if (haveFixtures) {
    describe(name, fn);
    return;
  }
  describe.skip(`${name} (needs shared fixtures)`, fn);
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'lmi-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A migrated database file in a temp dir. */
export function tempDb(): { path: string; db: Db; cleanup: () => void } {
  const { dir, cleanup } = tempDir();
  const path = join(dir, 'lmi.sqlite');
  const db = openWritable(path);
  return {
    path,
    db,
    cleanup: () => {
      if (db.open) db.close();
      cleanup();
    },
  };
}

export interface TestServer {
  url: string;
  db: Db;
  close(): Promise<void>;
}

/** Serves the app on 127.0.0.1 (random port) over a read-only connection to `path`, as `lmi serve` does. */
export function serveDb(path: string): Promise<TestServer> {
  return startServer({ dbPath: path, port: 0, host: '127.0.0.1' });
}

/** GET a path and return status, headers and parsed JSON (or text). */
export async function getJson(base: string, path: string): Promise<{ status: number; body: any; headers: Headers }> { // any: tests compare whole bodies of many shapes
  const res = await fetch(base + path);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body, headers: res.headers };
}

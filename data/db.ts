import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { migrations } from './migrations/index.js';

export type Db = Database.Database;

/** Where the database lives: `LMI_DB`, else `data/lmi.sqlite` under the working directory. */
export function defaultDbPath(): string {
  return resolve(process.env.LMI_DB ?? 'data/lmi.sqlite');
}

/**
 * Opens the database for writing (ingesters, migrations). Applies pending migrations, so a fresh
 * file becomes a usable, empty store. WAL lets the read-only server keep answering while an
 * ingest writes.
 */
export function openWritable(path: string = defaultDbPath()): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Another process (the other ingester, a snapshot) may hold the write lock briefly.
  db.pragma('busy_timeout = 10000');
  migrate(db);
  return db;
}

/**
 * Opens the database read-only, as the server does. The file must exist and be migrated; an
 * older schema is refused with a message rather than served wrongly.
 */
export function openReadOnly(path: string = defaultDbPath()): Db {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const version = schemaVersion(db);
  if (version < latestSchemaVersion()) {
    db.close();
    throw new Error(
      `database ${path} has schema version ${version}, this tool needs ${latestSchemaVersion()}: run any \`lmi ingest\` (or \`lmi migrate\`) once to upgrade it`,
    );
  }
  return db;
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * The statement for `sql`, prepared once per connection: a route that calls a shared read function
 * on every request would otherwise compile the same SQL again each time. The statement is shared:
 * do not switch its mode (pluck, raw, expand).
 */
export function prepared(db: Db, sql: string): Database.Statement {
  let bySql = statements.get(db);
  if (!bySql) statements.set(db, (bySql = new Map()));
  let stmt = bySql.get(sql);
  if (!stmt) bySql.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function latestSchemaVersion(): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** Applies every migration newer than `PRAGMA user_version`, each in its own transaction. */
export function migrate(db: Db): number {
  const current = schemaVersion(db);
  const pending = migrations.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return pending.length;
}

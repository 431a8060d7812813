import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openReadOnly, type Db } from '../data/db.js';
import { createApp, type AppOptions } from './app.js';

export interface ServeOptions {
  dbPath?: string;
  port: number;
  host: string;
  /** Where POST /api/admin/ingest/:source hands its runs (see server/routes/sources.ts). */
  onIngestRequest?: AppOptions['onIngestRequest'];
  /** Configured units of work, listed by GET /api/sources before their first run. */
  expectedSources?: string[];
}

export interface RunningServer {
  server: Server;
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** A listen failure in words a maintainer can act on (the bare error says only "EADDRINUSE"). */
function listenError(err: NodeJS.ErrnoException, opts: ServeOptions): Error {
  const where = `${opts.host}:${opts.port}`;
  if (err.code === 'EADDRINUSE') return new Error(`cannot listen on ${where}: the port is already in use (another lmi serve or start?); choose another with --port or PORT`, { cause: err });
  if (err.code === 'EADDRNOTAVAIL') return new Error(`cannot listen on ${where}: this machine has no such address; check --host or HOST`, { cause: err });
  if (err.code === 'EACCES') return new Error(`cannot listen on ${where}: permission denied (ports below 1024 need privileges); choose another with --port or PORT`, { cause: err });
  return new Error(`cannot listen on ${where}: ${err.message}`, { cause: err });
}

/** Starts the API and web server on a read-only connection to the database. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const db = openReadOnly(opts.dbPath);
  const app = createApp({ db, onIngestRequest: opts.onIngestRequest, expectedSources: opts.expectedSources });
  const server = await new Promise<Server>((resolve, reject) => {
    // Express 5 hands a listen failure (port in use, address not here) to this callback.
    const s = app.listen(opts.port, opts.host, (err?: Error) => (err ? reject(listenError(err, opts)) : resolve(s)));
  }).catch((err: unknown) => {
    db.close();
    throw err;
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    server,
    db,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

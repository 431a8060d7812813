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
}

export interface RunningServer {
  server: Server;
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** Starts the API and web server on a read-only connection to the database. */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const db = openReadOnly(opts.dbPath);
  const app = createApp({ db, onIngestRequest: opts.onIngestRequest });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port, opts.host, () => resolve(s));
    s.once('error', reject);
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

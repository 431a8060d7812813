/**
 * PX-Web part of the large-load benchmark (`npm run bench -- eurostat`): a table in PX-Web's shape
 * (header first, then a dense `value` array with nulls and a `status` object of '..' symbols, as SSB
 * writes it) made from the real SSB 07221 answer, its 12 regions repeated until the table has about
 * 1M cells. Loaded two ways by `lmi ingest pxweb` in a child process:
 *   - the saved answer (`--from FILE`);
 *   - fetched from a PX-Web API v1 emulator on 127.0.0.1 (`?config` says 250,000 cells a request, so
 *     the query is split into 5 answers, each generated as it is sent), raw cache on.
 * Targets as for Eurostat JSON-stat: <= 15 s and <= 150 MB peak RSS for 1M cells.
 */
import { createWriteStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fixturesDir } from './util.js';

export const pxwebSourceFile = join(fixturesDir(), 'national', 'pxweb', 'ssb-no', '07221_response.json');

interface PxDoc {
  id: string[];
  size: number[];
  dimension: Record<string, { label?: string; category: { index: Record<string, number>; label: Record<string, string> }; extension?: { elimination?: boolean } }>;
  role?: { time?: string[] };
  value: (number | null)[];
  status?: Record<string, string>;
  label?: string;
  [member: string]: unknown;
}

/** The real SSB table with its first dimension (Region) repeated: `regions` codes, each with the cells of one real region. */
export class SyntheticPxTable {
  readonly regions: string[];
  private readonly base: PxDoc;
  private readonly block: number;
  private readonly baseRegions: string[];

  constructor(minCells: number) {
    this.base = JSON.parse(readFileSync(pxwebSourceFile, 'utf8')) as PxDoc;
    if (this.base.id[0] !== 'Region') throw new Error(`${pxwebSourceFile}: expected Region as the first dimension`);
    this.baseRegions = Object.keys(this.base.dimension.Region!.category.index);
    this.block = this.base.size.slice(1).reduce((a, b) => a * b, 1);
    const count = Math.ceil(minCells / this.block);
    this.regions = Array.from({ length: count }, (_, r) => (r < this.baseRegions.length ? this.baseRegions[r]! : `${this.baseRegions[r % this.baseRegions.length]}_R${Math.floor(r / this.baseRegions.length)}`));
  }

  get cells(): number {
    return this.regions.length * this.block;
  }

  private realRegion(code: string): string {
    return code.replace(/_R\d+$/, '');
  }

  private label(code: string): string {
    const real = this.base.dimension.Region!.category.label[this.realRegion(code)]!;
    return code === this.realRegion(code) ? real : `${real} (${code})`;
  }

  /** GET <table>: the PX-Web metadata of the whole table. */
  metadata(): unknown {
    const b = this.base;
    return {
      title: b.label,
      variables: b.id.map((dim) => {
        const codes = dim === 'Region' ? this.regions : Object.keys(b.dimension[dim]!.category.index);
        return {
          code: dim,
          text: b.dimension[dim]!.label ?? dim,
          values: codes,
          valueTexts: codes.map((c) => (dim === 'Region' ? this.label(c) : b.dimension[dim]!.category.label[c] ?? c)),
          elimination: b.dimension[dim]!.extension?.elimination ?? false,
          ...(b.role?.time?.includes(dim) ? { time: true } : {}),
        };
      }),
    };
  }

  /** The JSON-stat 2.0 answer for these regions (every value of the other variables), in pieces of about 1 MB. */
  *answer(regions: string[]): Generator<string> {
    const b = this.base;
    const index: Record<string, number> = {};
    const label: Record<string, string> = {};
    regions.forEach((code, i) => {
      index[code] = i;
      label[code] = this.label(code);
    });
    const { value: _value, status: _status, dimension, size, ...header } = b;
    const realPos = new Map(this.baseRegions.map((c, i) => [c, i]));
    yield JSON.stringify({ ...header, size: [regions.length, ...size.slice(1)], dimension: { ...dimension, Region: { ...dimension.Region, category: { index, label } } } }).slice(0, -1);
    let buffer = ',"value":[';
    for (let i = 0; i < regions.length; i++) {
      const from = realPos.get(this.realRegion(regions[i]!))! * this.block;
      for (let j = 0; j < this.block; j++) buffer += `${i === 0 && j === 0 ? '' : ','}${JSON.stringify(b.value[from + j] ?? null)}`;
      if (buffer.length > 1 << 20) {
        yield buffer;
        buffer = '';
      }
    }
    buffer += '],"status":{';
    let first = true;
    for (let i = 0; i < regions.length; i++) {
      const from = realPos.get(this.realRegion(regions[i]!))! * this.block;
      for (let j = 0; j < this.block; j++) {
        const flag = b.status?.[String(from + j)];
        if (flag === undefined) continue;
        buffer += `${first ? '' : ','}"${i * this.block + j}":${JSON.stringify(flag)}`;
        first = false;
      }
    }
    yield buffer + '}}';
  }
}

/** Writes the whole table's answer to `file` piece by piece. */
export async function writePxwebShapedFile(table: SyntheticPxTable, file: string): Promise<{ cells: number; bytes: number }> {
  const out = createWriteStream(file);
  for (const piece of table.answer(table.regions)) {
    if (!out.write(piece)) await new Promise<void>((ok) => out.once('drain', () => ok()));
  }
  await new Promise<void>((ok, fail) => out.end((err?: Error | null) => (err ? fail(err) : ok())));
  return { cells: table.cells, bytes: statSync(file).size };
}

/**
 * A PX-Web API v1 emulator for `table` at <url>/api/v0/no/table/07221: `?config` (cell limit
 * `maxValues`), the metadata, and each POSTed query's answer generated as it is sent.
 */
export async function startPxwebEmulator(table: SyntheticPxTable, maxValues: number): Promise<{ url: string; posts: number; close(): Promise<void> }> {
  const tablePath = '/api/v0/no/table/07221';
  const state = { url: '', posts: 0, close: async () => {} };
  const metadata = JSON.stringify(table.metadata());
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const json = (payload: string) => {
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(payload);
      };
      if (req.method === 'GET' && req.url === '/api/v0/no/?config') return json(JSON.stringify({ maxValues, maxCalls: 1000, timeWindow: 10 }));
      if (req.method === 'GET' && req.url === tablePath) return json(metadata);
      if (req.method === 'POST' && req.url === tablePath) {
        state.posts++;
        const q = JSON.parse(body) as { query: { code: string; selection: { values: string[] } }[] };
        const regions = q.query.find((s) => s.code === 'Region')?.selection.values ?? table.regions;
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
        const pieces = table.answer(regions);
        const pump = (): void => {
          for (let next = pieces.next(); !next.done; next = pieces.next()) {
            if (!res.write(next.value)) return void res.once('drain', pump);
          }
          res.end();
        };
        return pump();
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((ok) => { server.close(() => ok()); server.closeAllConnections(); });
  return state;
}

/**
 * A config file with one pxweb entry for the emulator's table: every region (Region can be
 * eliminated, so a query that leaves it out would ask for the national total only).
 */
export function writePxwebConfig(file: string, id: string, baseUrl: string): void {
  const query = [{ code: 'Region', selection: { filter: 'all', values: ['*'] } }];
  writeFileSync(file, JSON.stringify({ sources: { [id]: { type: 'pxweb', enabled: true, baseUrl: `${baseUrl}/api/v0`, language: 'no', table: 'table/07221', query } } }));
}

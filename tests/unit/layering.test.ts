import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importsOf, layerViolations, filesPreparingSql, loadedWith, wireTypeErrors } from '../support/layers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('layering (docs/architecture.md)', () => {
  it('the repository keeps data <- ingest, data <- server <- web (wire types only)', () => {
    expect(layerViolations(root)).toEqual([]);
  });

  it('server/ prepares no SQL of its own: every read goes through data/', () => {
    expect(filesPreparingSql(root, 'server')).toEqual([]);
  });

  it('ingest/ writes the store through data/: its own SQL is the writer busy timeout and the JSON-stat stage, a scratch database', () => {
    expect(filesPreparingSql(root, 'ingest')).toEqual(['ingest/core/source.ts', 'ingest/jsonstat/stage.ts']);
  });

  it('finds SQL by the calls that prepare it, not by the words', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lmi-sql-'));
    try {
      mkdirSync(join(dir, 'server', 'routes'), { recursive: true });
      writeFileSync(join(dir, 'server', 'routes', 'a.ts'), `const s = db.prepare('SELECT 1');`);
      writeFileSync(join(dir, 'server', 'routes', 'b.ts'), `const s = prepared(db, 'SELECT 1');`);
      writeFileSync(join(dir, 'server', 'routes', 'c.ts'), `// db.prepare('SELECT 1')\nconst m = /^Bearer (.+)$/.exec(header); const q = 'SELECT * FROM x';`);
      expect(filesPreparingSql(dir, 'server')).toEqual(['server/routes/a.ts', 'server/routes/b.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the wire types (wire/*.d.ts) type-check on their own, strictly', () => {
    expect(wireTypeErrors(root)).toEqual([]);
  });

  it('reads imports with the parser: type-only, re-exports, dynamic, never comments', () => {
    const edges = importsOf(
      'web/src/x.ts',
      `// import { a } from '../../ingest/a.js';\nimport type { W } from '../../wire/w.js';\nexport { b } from './b.js';\nconst m = await import('node:fs');`,
    );
    expect(edges.map((e) => [e.specifier, e.target, e.typeOnly, e.dynamic])).toEqual([
      ['../../wire/w.js', 'wire/w.js', true, false],
      ['./b.js', 'web/src/b.js', false, false],
      ['node:fs', undefined, false, true],
    ]);
  });

  // Every `lmi` command (a scheduled ingest is `lmi ingest all --only ID` in a child process) starts by
  // loading scripts/lmi.ts, which decides only where the command runs; the program it then loads, on
  // the main thread or in the ingest worker, holds the command definitions. An ingest must not carry
  // the server's or the other sources' code (measured in docs/eurostat.md: 101 MB of RSS for
  // `lmi --help` before, 61 MB after).
  it('the `lmi` entry loads nothing but the choice of thread', () => {
    expect(loadedWith(root, 'scripts/lmi.ts')).toEqual({ files: ['scripts/ingest-thread.ts', 'scripts/lmi.ts'], packages: [] });
  });

  it('the `lmi` program loads only the command definitions at start: no server/, no source implementation, four light packages', () => {
    const { files, packages } = loadedWith(root, 'scripts/program.ts');
    expect(packages).toEqual(['better-sqlite3', 'commander', 'node-cron', 'zod']);
    expect(files.filter((f) => f.startsWith('server/'))).toEqual([]);
    // A source's implementation is imported by the action or unit that runs it.
    const implementations = files.filter((f) => /^ingest\/(?!core\/)[^/]+\/(source|codelists|run|fetch|ingest|stream|parse[^/]*|load|sparql|dump)\.ts$|^ingest\/core\/http(-[a-z]+)?\.ts$/.test(f));
    expect(implementations).toEqual([]);
  });

  it('follows static imports only: a dynamic or type-only import is not loaded with its importer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lmi-loaded-'));
    try {
      writeFileSync(join(dir, 'main.ts'), `import { a } from './a.js';\nimport type { T } from './t.js';\nconst later = () => import('./late.js');`);
      writeFileSync(join(dir, 'a.ts'), `import express from 'express';\nimport { parser } from 'stream-json/core/parser.js';\nimport { s } from '@orama/stemmers';\nimport { readFileSync } from 'node:fs';\nexport { b } from './b.js';`);
      writeFileSync(join(dir, 'b.ts'), `export const b = 1;`);
      expect(loadedWith(dir, 'main.ts')).toEqual({ files: ['a.ts', 'b.ts', 'main.ts'], packages: ['@orama/stemmers', 'express', 'stream-json'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails on each forbidden direction in a synthetic tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lmi-layers-'));
    const write = (path: string, text: string): void => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    try {
      write('data/a.ts', `import { x } from '../ingest/core/x.js';\nimport { db } from './db.js';`);
      write('ingest/core/x.ts', `import { s } from '../../server/app.js';\nimport { p } from '../../data/periods.js';`);
      write('server/app.ts', `import { x } from '../ingest/core/x.js';\nimport type { W } from '../wire/w.js';`);
      write('wire/w.ts', `import type { Db } from '../data/db.js';`);
      write('data/b.ts', `import type { W } from '../wire/w.js';\nimport { V } from '../wire/w.js';`);
      write('web/src/a.ts', `import { readFileSync } from 'node:fs';\nimport { Chart } from 'chart.js';\nimport type { ChartConfiguration } from 'chart.js';\nimport { q } from '../../data/periods.js';\nimport { W } from '../../wire/w.js';\nimport type { V } from '../../wire/w.js';\nimport { type U } from '../../wire/w.js';`);
      expect(layerViolations(dir).sort()).toEqual([
        "data/a.ts -> ../ingest/core/x.js: data/ imports an upper layer",
        "data/b.ts -> ../wire/w.js: the wire types are imported at run time (use `import type`: they are declarations only)",
        "ingest/core/x.ts -> ../../server/app.js: ingest/ imports server/",
        "server/app.ts -> ../ingest/core/x.js: server/ imports ingest/",
        "web/src/a.ts -> ../../data/periods.js: web/src imports outside web/src and the wire types",
        "web/src/a.ts -> ../../wire/w.js: the wire types are imported at run time (use `import type`: they are declarations only)",
        "web/src/a.ts -> chart.js: web/src imports an npm package at run time (the browser resolves no bare specifier)",
        "web/src/a.ts -> node:fs: web/src imports Node code",
        "wire/w.ts -> ../data/db.js: the wire types import something besides each other",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * What the streamed-load tests (Eurostat and PX-Web JSON-stat) share: every stored row of a dataset
 * in a fixed order, to compare two loads whole; and a describe block's own stage folder
 * (LMI_STAGE_DIR) and file folder, so a test can check that a run leaves no stage behind.
 */
import { gzipSync } from 'node:zlib';
import type { Db } from '../../data/db.js';
import { tempDir } from '../helpers.js';

/** Every stored row of a dataset, ids replaced by keys, in a fixed order. */
export function storedRows(db: Db, code: string) {
  return {
    dataset: db.prepare(`SELECT code, source, title, updated, time_dim, extension FROM datasets WHERE code = ?`).get(code),
    dimensions: db.prepare(`SELECT dim, position, label, role FROM dataset_dimensions WHERE dataset = ? ORDER BY position`).all(code),
    codes: db.prepare(`SELECT dim, code, position, label FROM dimension_codes WHERE dataset = ? ORDER BY dim, position`).all(code),
    flags: db.prepare(`SELECT flag, label FROM dataset_flags WHERE dataset = ? ORDER BY flag`).all(code),
    seriesCodes: db.prepare(`SELECT s.key, sc.dim, sc.code FROM series_codes sc JOIN series s ON s.id = sc.series_id WHERE s.dataset = ? ORDER BY 1, 2`).all(code),
    observations: db.prepare(`SELECT s.key, o.period, o.value, o.flag FROM observations o JOIN series s ON s.id = o.series_id WHERE s.dataset = ? ORDER BY 1, 2`).all(code),
  };
}

/**
 * Registers beforeAll/afterAll in the calling describe block: LMI_STAGE_DIR points at a new empty
 * folder (restored after), and a second folder takes the test's files. Read the paths inside tests.
 */
export function useStageFolders(filesPrefix: string): { stageDir: () => string; filesDir: () => string } {
  let stage: ReturnType<typeof tempDir> | undefined;
  let files: ReturnType<typeof tempDir> | undefined;
  const saved = process.env.LMI_STAGE_DIR;
  beforeAll(() => {
    stage = tempDir('lmi-stage-test-');
    files = tempDir(filesPrefix);
    process.env.LMI_STAGE_DIR = stage.dir;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.LMI_STAGE_DIR;
    else process.env.LMI_STAGE_DIR = saved;
    stage?.cleanup();
    files?.cleanup();
  });
  return { stageDir: () => stage!.dir, filesDir: () => files!.dir };
}

/**
 * One real JSON-stat file written the ways an upstream may send it: as it is, gzip, and with its
 * header (`dimension`, `id`, `size`…) before `value` and `status` and after them (Eurostat sends the
 * cells first, PX-Web the header first). File names for each: `<variant>-<name>`, `.gz` for gzip.
 */
export function jsonStatVariants(bytes: Buffer, name: string): { variant: string; file: string; body: Buffer }[] {
  const { value, status, ...header } = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  return [
    { variant: 'plain', file: `plain-${name}`, body: bytes },
    { variant: 'gzip', file: `gzip-${name}.gz`, body: gzipSync(bytes) },
    { variant: 'header first', file: `header-first-${name}`, body: Buffer.from(JSON.stringify({ ...header, value, status })) },
    { variant: 'cells first', file: `cells-first-${name}`, body: Buffer.from(JSON.stringify({ value, status, ...header })) },
  ];
}

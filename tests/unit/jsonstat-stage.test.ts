/**
 * The cell stage across its commit boundaries: rows are written straight into an open transaction
 * committed every 5,000, so a document of more cells than that, values and statuses in either order,
 * a second part and a retried part must all read back exactly as written.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CellStage } from '../../ingest/jsonstat/stage.js';

describe('CellStage', () => {
  let dir: string;
  const previous = process.env.LMI_STAGE_DIR;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lmi-stage-test-'));
    process.env.LMI_STAGE_DIR = dir;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.LMI_STAGE_DIR;
    else process.env.LMI_STAGE_DIR = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  test('12,001 cells, statuses before and after values across commits, read back in index order', () => {
    const stage = new CellStage();
    try {
      const part0 = stage.sink(0);
      // Statuses of every third cell first (4,001 rows), then every value in descending order, then
      // the statuses of every fifth cell: 12,001 + 4,001 + 2,401 writes, several commits in between.
      for (let i = 0; i <= 12_000; i += 3) part0.status(i, 'b');
      for (let i = 12_000; i >= 0; i--) part0.value(i, i / 2);
      for (let i = 0; i <= 12_000; i += 5) part0.status(i, i % 3 === 0 ? 'bp' : 'p');
      expect(stage.count(0)).toBe(12_001);
      const cells = [...stage.cells(0)];
      expect(cells).toHaveLength(12_001);
      const expected = (i: number) => [i, i / 2, i % 5 === 0 ? (i % 3 === 0 ? 'bp' : 'p') : i % 3 === 0 ? 'b' : null];
      expect(cells.filter((c, i) => JSON.stringify(c) !== JSON.stringify(expected(i)))).toEqual([]);
      expect([cells[0], cells[3], cells[5], cells[7], cells[12_000]]).toEqual([
        [0, 0, 'bp'],
        [3, 1.5, 'b'],
        [5, 2.5, 'p'],
        [7, 3.5, null],
        [12_000, 6_000, 'bp'],
      ]);
    } finally {
      stage.close();
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a second part does not touch the first; a retried part starts empty; closing mid-transaction leaves nothing', () => {
    const stage = new CellStage();
    const part0 = stage.sink(0);
    for (let i = 0; i < 7_000; i++) part0.value(i, i);
    const part1 = stage.sink(1);
    part1.value(2, 20);
    part1.status(2, 'e');
    part1.status(9, 'c');
    expect([stage.count(0), stage.count(1)]).toEqual([7_000, 2]);
    part0.status(3, 'p');
    expect([[...stage.flags(0)], [...stage.flags(1)], [...stage.flags(2)]]).toEqual([['p'], ['e', 'c'], []]);
    expect([...stage.cells(1)]).toEqual([
      [2, 20, 'e'],
      [9, null, 'c'],
    ]);
    // A download retried from its start: the part is emptied, the other kept.
    const again = stage.sink(0);
    again.value(1, 1.25);
    expect([stage.count(0), stage.count(1)]).toEqual([1, 2]);
    expect([...stage.cells(0)]).toEqual([[1, 1.25, null]]);
    expect([[...stage.flags(0)], [...stage.flags(1)]]).toEqual([[], ['e', 'c']]);
    // A run failing mid-document closes the stage with a transaction open.
    for (let i = 0; i < 6_000; i++) again.value(i, i);
    stage.close();
    stage.close();
    expect(readdirSync(dir)).toEqual([]);
  });
});

/**
 * The loop `lmi ingest all` and `lmi reparse` share: run each selected source, one after another,
 * print one line per unit of work as the command words it, and end with the first failure's exit code.
 */
import type { ConfiguredSource } from '../../ingest/core/configured.js';
import type { SourceRunner, UnitOutcome } from '../../ingest/core/runners.js';
import type { RunTrigger } from '../../ingest/core/source.js';

/** Runs `selected` with `run`; `line` words a unit's outcome (undefined: nothing to print). Returns the exit code. */
export async function runAndReport(
  selected: readonly ConfiguredSource[],
  run: SourceRunner,
  trigger: RunTrigger,
  line: (unit: UnitOutcome, source: ConfiguredSource) => string | undefined,
  exitCode = 0,
): Promise<number> {
  for (const source of selected) {
    const summary = await run(source, trigger);
    for (const unit of summary.units) {
      const text = line(unit, source);
      if (text !== undefined) console.log(text);
    }
    if (!exitCode && summary.exitCode) exitCode = summary.exitCode;
  }
  return exitCode;
}

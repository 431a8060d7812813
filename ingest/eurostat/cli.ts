/** `lmi ingest eurostat CODE [CODE...] [--geo DE,SI] [--since 2010] [--from FILE]`, and `lmi ingest eurostat-codelists`. */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { defaultDbPath } from '../../data/db.js';
import { runSourceFromCli } from '../core/cli-run.js';
import { configPath, loadConfig } from '../core/config.js';
import { IngestError } from '../../data/errors.js';
import { readLocalHead } from '../core/local-file.js';
import { isPeriod, normalisePeriod } from '../../data/periods.js';
import { datasetSourceName } from '../../data/series.js';
import type { EurostatOptions } from './run.js';
import { eurostatDatasetOptions } from './source-type.js';

const splitList = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The dataset options the config file gives for `code` (its filters), if it lists it. */
function configuredOptions(code: string): EurostatOptions | undefined {
  let config;
  try {
    config = loadConfig(configPath());
  } catch {
    return undefined; // no (valid) config file: the command line alone decides
  }
  for (const [id, entry] of Object.entries(config.sources)) {
    if (entry.type !== 'eurostat') continue;
    const found = eurostatDatasetOptions(id, entry).find((o) => o.code === code);
    if (found) return found;
  }
  return undefined;
}

/** The dataset a JSON-stat or SDMX-CSV file names (TSV does not): its code when no CODE is given. */
function codeInFile(file: string): string | undefined {
  let head = '';
  try {
    head = readLocalHead(file, 1 << 20).toString('utf8');
  } catch (err) {
    throw inputError((err as Error).message);
  }
  const fromJson = head.match(/"id"\s*:\s*"([A-Za-z0-9_$-]+)"\s*,\s*"agencyId"\s*:\s*"ESTAT"/)?.[1];
  const fromCsv = head.match(/^(?:dataflow|DATAFLOW)?[^\n]*?ESTAT:([A-Za-z0-9_$-]+)\(/m)?.[1];
  return (fromJson ?? fromCsv)?.toLowerCase();
}

/** A bad command line: said on stderr here, since no run recorder logs it, then exit code 2. */
function inputError(message: string): IngestError {
  console.error(`lmi ingest eurostat: ${message}`);
  return new IngestError('input', message);
}

export function eurostatIngestCommand(): Command {
  return new Command('eurostat')
    .description('load Eurostat datasets from the dissemination API (JSON-stat), or from a downloaded JSON-stat, TSV or SDMX-CSV file')
    .argument('[codes...]', 'dataset codes, e.g. une_rt_a lfsa_egan2 (optional with --from: the file names its dataset)')
    .option('--geo <codes>', 'comma-separated country codes to keep, e.g. DE,SI (default: the config file\'s, else all)')
    .option('--since <period>', 'first period to keep, e.g. 2010 or 2015-01 (default: the config file\'s, else all)')
    .option('--from <file>', 'load this downloaded file instead of calling the API: JSON-stat 2.0, Eurostat TSV (legacy or current layout, .gz too) or SDMX-CSV; format detected from the content')
    .option('--db <path>', 'database file (env LMI_DB)', defaultDbPath())
    .addHelpText(
      'after',
      `
Examples:
  lmi ingest eurostat une_rt_a une_rt_m --geo DE,SI --since 2010
  lmi ingest eurostat --from ../shared/fixtures/eurostat/tsv/estat_lfsa_egised.tsv
  lmi ingest eurostat nama_10_a10_e --from nama_10_a10_e.tsv.gz --geo DE,FR --since 2000

Dimension filters for a dataset (unit, sex, ...) come from its entry in lmi.config.json.
Environment: LMI_EUROSTAT_URL (default https://ec.europa.eu/eurostat), LMI_HTTP_TIMEOUT_MS,
LMI_HTTP_RETRIES, LMI_EUROSTAT_POLL_MS / LMI_EUROSTAT_ASYNC_MAX_MS (asynchronous extractions).

Each dataset is replaced in one transaction: a failed run (no data, HTML page, cut-off download)
leaves the version loaded before. Exit codes: 2 bad input, 3 run in progress, 4 no data,
5 bad format, 6 upstream/network failure.`,
    )
    .action(async (codes: string[], opts: { geo?: string; since?: string; from?: string; db: string }) => {
      // The implementation (HTTP client, parsers) loads only when the command runs, not for every `lmi`.
      const { codeFromFileName, ingestEurostatDataset } = await import('./run.js');
      const geo = splitList(opts.geo);
      const from = opts.from ? resolve(opts.from) : undefined;
      if (from && codes.length > 1) throw inputError('--from loads one file: give at most one dataset code');
      if (!from && codes.length === 0) throw inputError('give at least one dataset code (e.g. une_rt_a), or a file with --from');
      if (opts.since && !isPeriod(opts.since)) throw inputError(`--since ${opts.since}: give a period such as 2010 or 2015-01`);
      const since = opts.since ? normalisePeriod(opts.since) : undefined;
      const list = from ? [codes[0]?.toLowerCase() ?? codeInFile(from) ?? codeFromFileName(from)] : codes.map((c) => c.toLowerCase());
      let firstError: unknown;
      for (const code of list) {
        const configured = from ? undefined : configuredOptions(code);
        const options: EurostatOptions = {
          code,
          geo: geo ?? configured?.geo,
          since: since ?? configured?.since,
          filters: configured?.filters,
          from,
        };
        try {
          await runSourceFromCli(datasetSourceName('eurostat', code), (ctx) => ingestEurostatDataset(ctx, options), { dbPath: opts.db });
        } catch (err) {
          // Go on with the other datasets; the exit code reports the first failure.
          firstError ??= err;
        }
      }
      if (firstError) throw firstError;
    });
}

/** `lmi ingest eurostat-codelists --from DIR|FILE...`: Eurostat's code list labels in English, French and German. */
export function eurostatCodelistsCommand(): Command {
  return new Command('eurostat-codelists')
    .description("load Eurostat code lists (ESTAT_GEO.tsv, ESTAT_SEX.tsv, ESTAT_OBS_FLAG.tsv, …) with their English, French and German labels, so the statistics answer in the adviser's language")
    .requiredOption('--from <paths...>', 'code list files (ESTAT_<LIST>.tsv, as Eurostat\'s "Download codelists" gives them), or folders of them')
    .option('--db <path>', 'database file (env LMI_DB)', defaultDbPath())
    .addHelpText(
      'after',
      `
Example:
  lmi ingest eurostat-codelists --from ../shared/fixtures/eurostat/codelists

Each list replaces the one loaded before; a code with no label in a language keeps the dataset's
own (English) label there. Then lang=fr / lang=de (or Accept-Language) on /api/compare, /api/sectors
and /api/occupations/{id}/trend labels countries, sexes, units and flags in that language.`,
    )
    .action(async (opts: { from: string[]; db: string }) => {
      const from = opts.from.map((p) => resolve(p));
      const { CODELISTS_SOURCE, ingestEurostatCodelists } = await import('./codelists.js');
      await runSourceFromCli(CODELISTS_SOURCE, (ctx) => ingestEurostatCodelists(ctx, { from }), { dbPath: opts.db });
    });
}

/**
 * Sources page: every source with its upstream version, when it was loaded, and its run history
 * (its latest 10 runs, from the public /api/sources; the full log is an admin route).
 */
import { getJson, type RunRecord, type SourceStatus } from '../api.js';
import { formatDate, h, replace } from '../dom.js';
import { errorNotice, INGEST, loadingNotice, noDataNotice, setTitle } from '../layout.js';

const dateTime = (iso: string | null | undefined) => (iso ? `${formatDate(iso)}, ${iso.slice(11, 16)} UTC` : '—');

function counts(rows: Record<string, number>): string {
  return Object.entries(rows)
    .map(([table, n]) => `${table}: ${n.toLocaleString('en-GB')}`)
    .join(', ');
}

function sourcesTable(sources: SourceStatus[]): HTMLElement {
  return h(
    'table',
    { class: 'data', id: 'sources-table' },
    h('caption', {}, 'Loaded sources'),
    h('thead', {}, h('tr', {}, ...['Source', 'Upstream version', 'Upstream last update', 'Loaded', 'Rows', 'Attribution'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      ...sources.map((s) =>
        h(
          'tr',
          { 'data-source': s.name },
          h('th', { scope: 'row' }, s.name),
          // A dataset's version is its update time: shown as a date like the next column.
          h('td', {}, s.upstreamVersion ? (/^\d{4}-\d\d-\d\dT/.test(s.upstreamVersion) ? formatDate(s.upstreamVersion) : s.upstreamVersion) : 'not given'),
          h('td', {}, s.upstreamUpdated ? formatDate(s.upstreamUpdated) : 'not given'),
          h('td', {}, s.loadedAt ? dateTime(s.loadedAt) : 'nothing loaded'),
          h('td', {}, counts(s.rowCounts)),
          h('td', {}, s.attribution ?? ''),
        ),
      ),
    ),
  );
}

/** How long a run took, in words ("12 s", "3 min 5 s"); empty while it runs. */
function duration(r: RunRecord): string {
  if (!r.finishedAt) return '';
  const seconds = Math.max(0, Math.round((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000));
  return seconds < 1 ? 'under 1 s' : seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** The finish time; only the time of day when the run finished on the day it started. */
function finishedTime(r: RunRecord): string {
  if (!r.finishedAt) return 'not finished';
  return r.finishedAt.slice(0, 10) === r.startedAt.slice(0, 10) ? `${r.finishedAt.slice(11, 16)} UTC` : dateTime(r.finishedAt);
}

const OUTCOME_WORDS: Record<RunRecord['outcome'], string> = {
  running: 'running',
  success: 'success',
  failed: 'failed',
  unchanged: 'unchanged (nothing new upstream)',
  interrupted: 'interrupted (the process stopped)',
};

/** One source's latest runs, newest first: when, how long, outcome, trigger and the error. */
function historyTable(s: SourceStatus): HTMLElement {
  const runs = s.recentRuns;
  return h(
    'table',
    { class: 'data runs-table', 'data-source': s.name },
    h('caption', {}, runs.length > 1 ? `${s.name}: the latest ${runs.length} runs, newest first` : `${s.name}: its one recorded run`),
    h('thead', {}, h('tr', {}, ...['Started', 'Finished', 'Took', 'Outcome', 'Trigger', 'Error'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      ...runs.map((r) =>
        h(
          'tr',
          { class: `outcome-${r.outcome}` },
          h('td', {}, dateTime(r.startedAt)),
          h('td', {}, finishedTime(r)),
          h('td', {}, duration(r)),
          h('td', {}, OUTCOME_WORDS[r.outcome]),
          h('td', {}, r.trigger),
          h('td', {}, r.errorMessage ? `${r.errorKind ?? 'error'}: ${r.errorMessage}` : ''),
        ),
      ),
    ),
  );
}

/** The run history of every source that has recorded runs (the public list carries its latest 10). */
function runHistory(sources: SourceStatus[]): HTMLElement[] {
  const withRuns = sources.filter((s) => s.recentRuns.length);
  if (!withRuns.length) return [h('p', {}, 'No ingest runs are recorded for these sources (they were loaded by the tests or a snapshot).')];
  return withRuns.map(historyTable);
}

export async function render(main: HTMLElement): Promise<void> {
  setTitle('Data sources');
  replace(main, h('h1', {}, 'Data sources'), loadingNotice('the sources'));
  let sources: SourceStatus[];
  try {
    sources = (await getJson<{ sources: SourceStatus[] }>('/api/sources')).sources;
  } catch (err) {
    replace(main, h('h1', {}, 'Data sources'), errorNotice(err, 'the sources'));
    return;
  }
  replace(main, h('h1', {}, 'Data sources'), h('p', { class: 'lead' }, 'What this tool has loaded, from which upstream version, and when. Every figure on these pages comes from one of these.'));
  if (!sources.length) {
    main.append(noDataNotice('no source has been loaded yet', INGEST.esco), h('p', {}, 'Then, for the statistics: ', h('code', {}, INGEST.occupationTrend[0])));
    return;
  }
  main.append(
    sourcesTable(sources),
    h('h2', {}, 'Run history'),
    ...runHistory(sources),
    h('p', { class: 'hint' }, 'Each source shows its latest 10 runs. The full run log: ', h('code', {}, 'npx lmi status'), ' on the server, or GET /api/admin/runs with the admin token.'),
  );
}

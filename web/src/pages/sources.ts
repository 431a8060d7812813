/**
 * Sources page: every source with its upstream version, when it was loaded, and its runs (the last
 * attempt and the last success, from the public /api/sources; the full log is an admin route).
 */
import { getJson } from '../api.js';
import { formatDate, h, replace } from '../dom.js';
import { errorNotice, INGEST, loadingNotice, noDataNotice, setTitle } from '../layout.js';

interface RunRecord {
  id: number;
  source: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: 'running' | 'success' | 'failed' | 'unchanged' | 'interrupted';
  errorKind: string | null;
  errorMessage: string | null;
  rowCounts: Record<string, number> | null;
}

interface SourceStatus {
  name: string;
  kind: string | null;
  upstreamVersion: string | null;
  upstreamUpdated: string | null;
  loadedAt: string | null;
  rowCounts: Record<string, number>;
  attribution: string | null;
  ageHours: number | null;
  lastSuccess: RunRecord | null;
  lastAttempt: RunRecord | null;
}

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

function runsTable(sources: SourceStatus[]): HTMLElement {
  const rows: [string, string, RunRecord][] = [];
  for (const s of sources) {
    if (s.lastAttempt) rows.push([s.name, 'last attempt', s.lastAttempt]);
    if (s.lastSuccess && s.lastSuccess.id !== s.lastAttempt?.id) rows.push([s.name, 'last success', s.lastSuccess]);
  }
  if (!rows.length) return h('p', {}, 'No ingest runs are recorded for these sources (they were loaded by the tests or a snapshot).');
  return h(
    'table',
    { class: 'data', id: 'runs-table' },
    h('caption', {}, 'Latest ingest runs per source'),
    h('thead', {}, h('tr', {}, ...['Source', 'Run', 'Started', 'Finished', 'Outcome', 'Trigger', 'Error'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      ...rows.map(([name, which, r]) =>
        h(
          'tr',
          { class: `outcome-${r.outcome}` },
          h('th', { scope: 'row' }, name),
          h('td', {}, which),
          h('td', {}, dateTime(r.startedAt)),
          h('td', {}, dateTime(r.finishedAt)),
          h('td', {}, r.outcome),
          h('td', {}, r.trigger),
          h('td', {}, r.errorMessage ?? ''),
        ),
      ),
    ),
  );
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
    runsTable(sources),
    h('p', { class: 'hint' }, 'The full run log: ', h('code', {}, 'npx lmi status'), ' on the server, or GET /api/admin/runs with the admin token.'),
  );
}

/** Sources page: every loaded source with its upstream version, when it was loaded, and the run history. */
import { getJson } from '../api.js';
import { formatDate, h, replace } from '../dom.js';
import { errorNotice, INGEST, loadingNotice, noDataNotice, setTitle } from '../layout.js';

/** The fields this page shows; the API may send more. */
interface SourceRow {
  name: string;
  kind?: string;
  version?: string | null;
  upstreamVersion?: string | null;
  loadedAt?: string | null;
  updated?: string | null;
  rowCounts?: Record<string, number>;
  counts?: Record<string, number>;
  attribution?: string;
}

interface RunRow {
  id?: number;
  source: string;
  trigger?: string;
  startedAt?: string;
  finishedAt?: string | null;
  outcome: string;
  errorMessage?: string | null;
  error?: string | null;
}

function listOf<T>(body: unknown, keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    for (const key of keys) {
      const value = (body as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value as T[];
    }
  }
  return [];
}

const dateTime = (iso: string | null | undefined) => (iso ? `${formatDate(iso)} ${iso.slice(11, 16)} UTC` : '—');

export async function render(main: HTMLElement): Promise<void> {
  setTitle('Data sources');
  replace(main, h('h1', {}, 'Data sources'), loadingNotice('the sources'));
  let body: unknown;
  try {
    body = await getJson<unknown>('/api/sources');
  } catch (err) {
    replace(main, h('h1', {}, 'Data sources'), errorNotice(err, 'the sources'));
    return;
  }
  const sources = listOf<SourceRow>(body, ['sources', 'items']);
  let runs = listOf<RunRow>(body, ['runs', 'history']);
  if (!runs.length) {
    // The run history may be served on its own route; without it the page still lists the sources.
    runs = await getJson<unknown>('/api/runs').then((r) => listOf<RunRow>(r, ['runs', 'items']), () => []);
  }
  replace(main, h('h1', {}, 'Data sources'), h('p', { class: 'lead' }, 'What this tool has loaded, from which upstream version, and when. Every figure on these pages comes from one of these.'));
  if (!sources.length) {
    main.append(noDataNotice('no source has been loaded yet', INGEST.esco), h('p', {}, 'Then: ', h('code', {}, INGEST.occupationTrend)));
    return;
  }
  main.append(
    h(
      'table',
      { class: 'data', id: 'sources-table' },
      h('caption', {}, 'Loaded sources'),
      h('thead', {}, h('tr', {}, ...['Source', 'Upstream version or update', 'Loaded', 'Rows', 'Attribution'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        ...sources.map((s) => {
          const counts = s.rowCounts ?? s.counts ?? {};
          return h(
            'tr',
            {},
            h('th', { scope: 'row' }, s.name),
            h('td', {}, s.upstreamVersion ?? s.version ?? s.updated ?? 'unknown'),
            h('td', {}, dateTime(s.loadedAt)),
            h('td', {}, Object.entries(counts).map(([table, n]) => `${table}: ${n.toLocaleString('en-GB')}`).join(', ')),
            h('td', {}, s.attribution ?? ''),
          );
        }),
      ),
    ),
  );
  main.append(h('h2', {}, 'Run history'));
  if (!runs.length) {
    main.append(h('p', {}, 'No run history is available from this server.'));
    return;
  }
  main.append(
    h(
      'table',
      { class: 'data', id: 'runs-table' },
      h('caption', {}, 'Ingest runs, most recent first'),
      h('thead', {}, h('tr', {}, ...['Source', 'Started', 'Finished', 'Outcome', 'Trigger', 'Error'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        ...runs.map((r) =>
          h(
            'tr',
            { class: `outcome-${r.outcome}` },
            h('th', { scope: 'row' }, r.source),
            h('td', {}, dateTime(r.startedAt)),
            h('td', {}, dateTime(r.finishedAt)),
            h('td', {}, r.outcome),
            h('td', {}, r.trigger ?? ''),
            h('td', {}, r.errorMessage ?? r.error ?? ''),
          ),
        ),
      ),
    ),
  );
}

/**
 * Sources page: every source with its upstream version, when it was loaded, and its run history
 * (its latest 10 runs, from the public /api/sources; the full log is an admin route).
 */
import { getJson, type RunRecord, type SourceStatus } from '../api.js';
import { formatDate, h, replace } from '../dom.js';
import { formatInteger, t, tParts, type MessageKey } from '../i18n.js';
import { errorNotice, INGEST, loadingNotice, noDataNotice, setTitle } from '../layout.js';

const dateTime = (iso: string | null | undefined) => (iso ? t('sources.dateTime', { date: formatDate(iso), time: iso.slice(11, 16) }) : '—');

function counts(rows: Record<string, number>): string {
  return Object.entries(rows)
    .map(([table, n]) => t('sources.rowCount', { table, count: formatInteger(n) }))
    .join(', ');
}

function sourcesTable(sources: SourceStatus[]): HTMLElement {
  return h(
    'table',
    { class: 'data', id: 'sources-table' },
    h('caption', {}, t('sources.caption')),
    h('thead', {}, h('tr', {}, ...(['sources.colSource', 'sources.colVersion', 'sources.colUpdated', 'sources.colLoaded', 'sources.colRows', 'sources.colAttribution'] as const).map((k) => h('th', { scope: 'col' }, t(k))))),
    h(
      'tbody',
      {},
      ...sources.map((s) =>
        h(
          'tr',
          { 'data-source': s.name },
          h('th', { scope: 'row' }, s.name),
          // A dataset's version is its update time: shown as a date like the next column.
          h('td', {}, s.upstreamVersion ? (/^\d{4}-\d\d-\d\dT/.test(s.upstreamVersion) ? formatDate(s.upstreamVersion) : s.upstreamVersion) : t('sources.notGiven')),
          h('td', {}, s.upstreamUpdated ? formatDate(s.upstreamUpdated) : t('sources.notGiven')),
          h('td', {}, s.loadedAt ? dateTime(s.loadedAt) : t('sources.nothingLoaded')),
          h('td', {}, counts(s.rowCounts)),
          h('td', {}, attributionText(s.attribution)),
        ),
      ),
    ),
  );
}

/** How long a run took, in words ("12 s", "3 min 5 s"); empty while it runs. */
function duration(r: RunRecord): string {
  if (!r.finishedAt) return '';
  const seconds = Math.max(0, Math.round((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000));
  return seconds < 1 ? t('sources.underSecond') : seconds < 60 ? t('sources.seconds', { s: seconds }) : t('sources.minutes', { m: Math.floor(seconds / 60), s: seconds % 60 });
}

/**
 * The attribution a source was loaded with, in the UI language when it is ESCO's or Eurostat's
 * standard wording (data/attribution.ts; the footer says the same); any other as recorded.
 */
function attributionText(attribution: string | null): string {
  if (attribution === 'This service uses the ESCO classification of the European Commission.') return t('esco.attribution');
  if (attribution === 'Source: Eurostat') return t('sources.attributionEurostat');
  return attribution ?? '';
}

/** The finish time; only the time of day when the run finished on the day it started. */
function finishedTime(r: RunRecord): string {
  if (!r.finishedAt) return t('sources.notFinished');
  return r.finishedAt.slice(0, 10) === r.startedAt.slice(0, 10) ? t('sources.time', { time: r.finishedAt.slice(11, 16) }) : dateTime(r.finishedAt);
}

const OUTCOME_WORDS: Record<RunRecord['outcome'], MessageKey> = {
  running: 'outcome.running',
  success: 'outcome.success',
  failed: 'outcome.failed',
  unchanged: 'outcome.unchanged',
  interrupted: 'outcome.interrupted',
};

/** One source's latest runs, newest first: when, how long, outcome, trigger and the error. */
function historyTable(s: SourceStatus): HTMLElement {
  const runs = s.recentRuns;
  return h(
    'table',
    { class: 'data runs-table', 'data-source': s.name },
    h('caption', {}, t('sources.runsCaption', { source: s.name, count: runs.length })),
    h('thead', {}, h('tr', {}, ...(['sources.colStarted', 'sources.colFinished', 'sources.colTook', 'sources.colOutcome', 'sources.colTrigger', 'sources.colError'] as const).map((k) => h('th', { scope: 'col' }, t(k))))),
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
          h('td', {}, t(OUTCOME_WORDS[r.outcome])),
          h('td', {}, r.trigger),
          h('td', {}, r.errorMessage ? t('sources.error.kind', { kind: r.errorKind ?? t('sources.errorWord'), message: r.errorMessage }) : ''),
        ),
      ),
    ),
  );
}

/** The run history of every source that has recorded runs (the public list carries its latest 10). */
function runHistory(sources: SourceStatus[]): HTMLElement[] {
  const withRuns = sources.filter((s) => s.recentRuns.length);
  if (!withRuns.length) return [h('p', {}, t('sources.noRuns'))];
  return withRuns.map(historyTable);
}

export async function render(main: HTMLElement): Promise<void> {
  const title = t('sources.title');
  setTitle(title);
  replace(main, h('h1', {}, title), loadingNotice(t('sources.loading')));
  let sources: SourceStatus[];
  try {
    sources = (await getJson<{ sources: SourceStatus[] }>('/api/sources')).sources;
  } catch (err) {
    replace(main, h('h1', {}, title), errorNotice(err, t('sources.error')));
    return;
  }
  replace(main, h('h1', {}, title), h('p', { class: 'lead' }, t('sources.lead')));
  if (!sources.length) {
    main.append(noDataNotice(t('sources.noneLoaded'), INGEST.esco), h('p', {}, t('sources.thenStatistics'), h('code', {}, INGEST.occupationTrend[0])));
    return;
  }
  main.append(
    sourcesTable(sources),
    h('h2', {}, t('sources.runHistory')),
    ...runHistory(sources),
    h('p', { class: 'hint' }, ...tParts('sources.runsHint', { command: h('code', {}, 'npx lmi status') })),
  );
}

/**
 * Occupation page: what the job is (label, other titles, description, ISCO path), its skills,
 * related occupations, a skills-gap comparison with another occupation, and the employment trend
 * of its ISCO group in the client's country, with other countries or the EU added on request.
 */
import { ApiError, getJson, type Occupation, type OccupationRef, type OccupationTrend, type SkillRef } from '../api.js';
import { drawChart, loadChartJs, sourceOf, type ChartLine } from '../chart.js';
import { comparedLineChart, compareControls, fetchCompared, levelOrIndex, offerOnlyCountriesOf } from '../compare.js';
import { h, replace } from '../dom.js';
import { t, tParts } from '../i18n.js';
import { labelText } from '../labels.js';
import { errorNotice, INGEST, loadingNotice, noDataNotice, setTitle } from '../layout.js';
import { flagLabels, flaggedLatest, onAxis, periodAxis } from '../periods.js';
import { listOfPlaces, placeLabel, placeName } from '../places.js';
import { endpoints, levelSentence, recentPoints, sameYearsClause } from '../reading.js';
import { skillList } from '../skill-list.js';
import { currentGeo, currentLang, escoLang, listParam, pageUrl, param } from '../state.js';
import { gapSection } from './occupation-gap.js';
import { transitionsSection } from '../transitions.js';

export async function render(main: HTMLElement): Promise<void> {
  const id = param('id');
  if (!id) {
    replace(main, h('h1', {}, t('occupation.noneChosen')), h('p', {}, ...tParts('occupation.pickOne', { search: h('a', { href: pageUrl('/') }, t('page.searchLink')) })));
    return;
  }
  void loadChartJs().catch(() => undefined); // start fetching Chart.js while the profile loads
  // The trend needs only the id and the country: ask for it together with the profile.
  const trend = fetchTrend(id, currentGeo());
  trend.catch(() => undefined); // handled where it is awaited; this only avoids an "unhandled" report
  replace(main, loadingNotice(t('occupation.loading')));
  let occupation: Occupation;
  try {
    occupation = await getJson<Occupation>(`/api/occupations/${encodeURIComponent(id)}?lang=${encodeURIComponent(escoLang())}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && /occupation/i.test(err.message)) {
      replace(main, h('h1', {}, t('occupation.notFound')), errorNotice(err, t('occupation.error')), h('p', {}, h('a', { href: pageUrl('/') }, t('occupation.searchAgain'))));
    } else if (err instanceof ApiError && (err.status === 404 || /no ESCO data is loaded/i.test(err.message))) {
      replace(main, noDataNotice(t('occupation.noData'), INGEST.esco, err.message));
    } else {
      replace(main, errorNotice(err, t('occupation.error')));
    }
    return;
  }
  setTitle(occupation.label ?? '');

  const trendSection = h('section', { class: 'trend', 'aria-labelledby': 'trend-heading' }, h('h2', { id: 'trend-heading' }, t('trend.heading')));
  const transitions = transitionsSection(occupation);
  // After the footer: the handout's first page ends with it, the transitions page follows (print only).
  document.body.append(transitions.handout);
  replace(
    main,
    h(
      'header',
      { class: 'occupation-header' },
      h('p', { class: 'kicker' }, occupation.code ? t('occupation.kickerCode', { code: occupation.code }) : t('occupation.kicker')),
      h('h1', {}, ...labelText(occupation)),
      occupation.altLabels.length ? h('p', { class: 'alt-labels' }, h('span', { class: 'label' }, t('occupation.alsoCalled')), occupation.altLabels.join(' · ')) : null,
      iscoPath(occupation),
      occupation.description ? h('p', { class: 'description' }, occupation.description) : null,
    ),
    trendSection,
    skillsSection(occupation),
    relatedSection(occupation.related),
    transitions.section,
    gapSection(occupation),
    h('p', { class: 'attribution' }, occupation.source?.version ? t('esco.attributionVersion', { version: occupation.source.version }) : t('esco.attribution')),
  );
  await trendChart(trendSection, occupation, trend);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function iscoPath(occupation: Occupation): HTMLElement | null {
  if (!occupation.isco.length) return null;
  return h(
    'nav',
    { class: 'isco-path', 'aria-label': t('occupation.iscoNav') },
    h('span', { class: 'label' }, t('occupation.iscoLabel')),
    h('ol', {}, ...occupation.isco.map((g) => h('li', {}, h('span', { class: 'code' }, g.code), ' ', ...labelText(g)))),
  );
}

/** Skills grouped by kind (skills and competences, knowledge), essential before optional. */
function skillGroups(kind: 'essential' | 'optional', skills: SkillRef[]): HTMLElement {
  const knowledge = skills.filter((s) => (s.type ?? '').toLowerCase().includes('knowledge'));
  const other = skills.filter((s) => !knowledge.includes(s));
  return h(
    'div',
    // Long lists get a denser print layout so the handout stays on one page.
    { class: `skill-group ${kind}${skills.length > 60 ? ' many' : ''}` },
    h('h3', {}, t(kind === 'essential' ? 'skills.essential' : 'skills.optional', { count: skills.length })),
    skills.length === 0 ? h('p', {}, t('skills.none')) : null,
    other.length ? h('h4', {}, t('skills.competences', { count: other.length })) : null,
    other.length ? skillList(other) : null,
    knowledge.length ? h('h4', {}, t('skills.knowledge', { count: knowledge.length })) : null,
    knowledge.length ? skillList(knowledge) : null,
  );
}

function skillsSection(occupation: Occupation): HTMLElement {
  return h(
    'section',
    { class: 'skills-section', 'aria-labelledby': 'skills-heading' },
    h('h2', { id: 'skills-heading' }, t('skills.heading')),
    h('div', { class: 'columns' }, skillGroups('essential', occupation.skills.essential), skillGroups('optional', occupation.skills.optional)),
  );
}

function relatedSection(related: OccupationRef[]): HTMLElement {
  return h(
    'section',
    { class: 'related', 'aria-labelledby': 'related-heading' },
    h('h2', { id: 'related-heading' }, t('related.heading')),
    related.length
      ? h('ul', { class: 'links' }, ...related.map((o) => h('li', {}, h('a', { href: pageUrl('/occupation', { id: o.id }) }, ...labelText(o)))))
      : h('p', {}, t('related.none')),
  );
}

// ---- employment trend ----

const UNIT_WORDS: Record<string, () => { axis: string; words: string; phrase: string }> = {
  THS_PER: () => ({ axis: t('unit.thsPer'), words: t('unit.thsPerWords'), phrase: t('compare.unitThsPer') }),
};

/** 'major group' for OC2 (one digit) … 'unit group' for four digits; the API's own words otherwise. */
function levelWords(code: string, apiLevel: string): string {
  const keys = ['isco.level1', 'isco.level2', 'isco.level3', 'isco.level4'] as const;
  const key = /^\d{1,4}$/.test(code) ? keys[code.length - 1] : undefined;
  return key ? t(key) : apiLevel.replace(/^ISCO-08 /, '');
}

async function fetchTrend(id: string, geo: string): Promise<OccupationTrend> {
  return getJson<OccupationTrend>(`/api/occupations/${encodeURIComponent(id)}/trend?geo=${encodeURIComponent(geo)}&lang=${encodeURIComponent(currentLang())}`);
}

async function trendChart(section: HTMLElement, occupation: Occupation, trend: Promise<OccupationTrend>): Promise<void> {
  const geo = currentGeo();
  const body = h('div', { class: 'trend-body' }, loadingNotice(t('trend.loading')));
  section.append(body);
  let main: OccupationTrend;
  try {
    main = await trend;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      replace(body, noDataNotice(t('trend.noData', { place: placeName(geo) }), INGEST.occupationTrend, err.message));
    } else {
      replace(body, errorNotice(err, t('trend.error')));
    }
    return;
  }

  const compare = listParam('compare').filter((g) => g !== geo);
  const { found, failed: failures } = await fetchCompared(compare, (g) => fetchTrend(occupation.id, g));
  const trends = [main, ...found];

  const group = main.mapping.iscoUsed;
  const unitLabel = main.unit?.label ?? t('unit.value');
  const unit = UNIT_WORDS[main.unit?.code ?? '']?.() ?? { axis: unitLabel, words: '', phrase: unitLabel };
  const axis = periodAxis(trends.map((t) => t.points));
  const published: ChartLine[] = trends.map((t) => ({ name: placeLabel(t.geo), ...onAxis(axis, t.points) }));
  const places = trends.map((t) => placeName(t.geo.code));
  const subject = t('trend.subject', { group: group.label });
  const groupCode = group.code.replace(/^OC/, '');
  const title = t('trend.title', { code: groupCode, group: group.label, places: listOfPlaces(places) });
  const recent = recentPoints(main.points, 10);
  const span = endpoints(recent);
  const shown = levelOrIndex(axis, published, unit.axis, span?.first.period, unit.phrase);
  const others = span ? trends.slice(1).map((t) => sameYearsClause(placeName(t.geo.code), t.points, span.first.period, span.last.period)).join('') : '';
  const reading = levelSentence({ subject, place: placeName(geo), points: recent, unitWords: unit.words }) + flaggedLatest(main.points, flagLabels(main.flags)) + others;

  replace(
    body,
    h(
      'p',
      { class: 'mapping' },
      ...tParts(
        'trend.mapping',
        { group: h('strong', {}, `${group.code} ${group.label}`) },
        {
          occupation: capitalise(occupation.label ?? ''),
          unit: main.mapping.iscoGroup.code,
          level: levelWords(groupCode, main.mapping.iscoLevel),
          dataset: main.dataset.code,
          occupationPlural: t('trend.occupationPlural', { occupation: occupation.label ?? '' }),
        },
      ),
    ),
    compareControls(geo, compare),
    shown.toggle,
    failures.length ? h('ul', { class: 'notice notice-empty' }, ...failures.map((f) => h('li', {}, t('compare.failed', { place: placeName(f.geo), message: f.error instanceof Error ? f.error.message : String(f.error) })))) : null,
  );
  await drawChart(body, {
    id: 'trend',
    ...comparedLineChart(title, axis, shown),
    source: sourceOf(main.source, main.dataset),
    flagLabels: flagLabels(...trends.map((t) => t.flags)),
    reading,
    filename: `employment-${group.code}-${[geo, ...compare].join('-')}`,
  });
  void offerOnlyCountriesOf(main.dataset.code);
}

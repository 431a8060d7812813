/**
 * Occupation page: what the job is (label, other titles, description, ISCO path), its skills,
 * related occupations, a skills-gap comparison with another occupation, and the employment trend
 * of its ISCO group in the client's country, with other countries or the EU added on request.
 */
import { ApiError, getJson, type Occupation, type OccupationRef, type OccupationTrend, type SkillRef } from '../api.js';
import { drawChart, loadChartJs, sourceOf, type ChartLine } from '../chart.js';
import { compareControls, fetchCompared, levelOrIndex, offerOnlyCountriesOf, titleFor } from '../compare.js';
import { h, replace } from '../dom.js';
import { errorNotice, INGEST, loadingNotice, noDataNotice, setTitle } from '../layout.js';
import { flagLabels, flaggedLatest, onAxis, periodAxis } from '../periods.js';
import { listOfPlaces, placeLabel, placeName } from '../places.js';
import { endpoints, levelSentence, recentPoints, sameYearsClause } from '../reading.js';
import { skillList } from '../skill-list.js';
import { currentGeo, currentLang, listParam, pageUrl, param } from '../state.js';
import { gapSection } from './occupation-gap.js';

export async function render(main: HTMLElement): Promise<void> {
  const id = param('id');
  if (!id) {
    replace(main, h('h1', {}, 'No occupation chosen'), h('p', {}, h('a', { href: pageUrl('/') }, 'Search occupations'), ' to pick one.'));
    return;
  }
  void loadChartJs().catch(() => undefined); // start fetching Chart.js while the profile loads
  // The trend needs only the id and the country: ask for it together with the profile.
  const trend = fetchTrend(id, currentGeo());
  trend.catch(() => undefined); // handled where it is awaited; this only avoids an "unhandled" report
  replace(main, loadingNotice('the occupation'));
  let occupation: Occupation;
  try {
    occupation = await getJson<Occupation>(`/api/occupations/${encodeURIComponent(id)}?lang=${encodeURIComponent(currentLang())}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && /occupation/i.test(err.message)) {
      replace(main, h('h1', {}, 'Occupation not found'), errorNotice(err, 'the occupation'), h('p', {}, h('a', { href: pageUrl('/') }, 'Search again')));
    } else if (err instanceof ApiError && (err.status === 404 || /no ESCO data is loaded/i.test(err.message))) {
      replace(main, noDataNotice('ESCO occupations', INGEST.esco, err.message));
    } else {
      replace(main, errorNotice(err, 'the occupation'));
    }
    return;
  }
  setTitle(occupation.label);

  const trendSection = h('section', { class: 'trend', 'aria-labelledby': 'trend-heading' }, h('h2', { id: 'trend-heading' }, 'Employment trend'));
  replace(
    main,
    h(
      'header',
      { class: 'occupation-header' },
      h('p', { class: 'kicker' }, 'Occupation', occupation.code ? ` · ESCO ${occupation.code}` : ''),
      h('h1', {}, occupation.label),
      occupation.altLabels.length ? h('p', { class: 'alt-labels' }, h('span', { class: 'label' }, 'Also called: '), occupation.altLabels.join(' · ')) : null,
      iscoPath(occupation),
      occupation.description ? h('p', { class: 'description' }, occupation.description) : null,
    ),
    trendSection,
    skillsSection(occupation),
    relatedSection(occupation.related),
    gapSection(occupation),
    h('p', { class: 'attribution' }, 'This service uses the ESCO classification of the European Commission.', occupation.source?.version ? ` ESCO ${occupation.source.version}.` : ''),
  );
  await trendChart(trendSection, occupation, trend);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function iscoPath(occupation: Occupation): HTMLElement | null {
  if (!occupation.isco.length) return null;
  return h(
    'nav',
    { class: 'isco-path', 'aria-label': 'ISCO group' },
    h('span', { class: 'label' }, 'ISCO-08: '),
    h('ol', {}, ...occupation.isco.map((g) => h('li', {}, h('span', { class: 'code' }, g.code), ' ', g.label))),
  );
}

/** Skills grouped by kind (skills and competences, knowledge), essential before optional. */
function skillGroups(title: string, className: string, skills: SkillRef[]): HTMLElement {
  const knowledge = skills.filter((s) => (s.type ?? '').toLowerCase().includes('knowledge'));
  const other = skills.filter((s) => !knowledge.includes(s));
  return h(
    'div',
    // Long lists get a denser print layout so the handout stays on one page.
    { class: `skill-group ${className}${skills.length > 60 ? ' many' : ''}` },
    h('h3', {}, `${title} (${skills.length})`),
    skills.length === 0 ? h('p', {}, 'None listed in ESCO.') : null,
    other.length ? h('h4', {}, `Skills and competences (${other.length})`) : null,
    other.length ? skillList(other) : null,
    knowledge.length ? h('h4', {}, `Knowledge (${knowledge.length})`) : null,
    knowledge.length ? skillList(knowledge) : null,
  );
}

function skillsSection(occupation: Occupation): HTMLElement {
  return h(
    'section',
    { class: 'skills-section', 'aria-labelledby': 'skills-heading' },
    h('h2', { id: 'skills-heading' }, 'Skills'),
    h('div', { class: 'columns' }, skillGroups('Essential', 'essential', occupation.skills.essential), skillGroups('Optional', 'optional', occupation.skills.optional)),
  );
}

function relatedSection(related: OccupationRef[]): HTMLElement {
  return h(
    'section',
    { class: 'related', 'aria-labelledby': 'related-heading' },
    h('h2', { id: 'related-heading' }, 'Related occupations'),
    related.length
      ? h('ul', { class: 'links' }, ...related.map((o) => h('li', {}, h('a', { href: pageUrl('/occupation', { id: o.id }) }, o.label))))
      : h('p', {}, 'None found.'),
  );
}

// ---- employment trend ----

const UNIT_WORDS: Record<string, { axis: string; words: string }> = {
  THS_PER: { axis: 'Thousands of persons', words: 'thousand people' },
};

async function fetchTrend(id: string, geo: string): Promise<OccupationTrend> {
  return getJson<OccupationTrend>(`/api/occupations/${encodeURIComponent(id)}/trend?geo=${encodeURIComponent(geo)}&lang=${encodeURIComponent(currentLang())}`);
}

async function trendChart(section: HTMLElement, occupation: Occupation, trend: Promise<OccupationTrend>): Promise<void> {
  const geo = currentGeo();
  const body = h('div', { class: 'trend-body' }, loadingNotice('the employment trend'));
  section.append(body);
  let main: OccupationTrend;
  try {
    main = await trend;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      replace(body, noDataNotice(`employment by occupation group for ${placeName(geo)}`, INGEST.occupationTrend, err.message));
    } else {
      replace(body, errorNotice(err, 'the employment trend'));
    }
    return;
  }

  const compare = listParam('compare').filter((g) => g !== geo);
  const { found, failed: failures } = await fetchCompared(compare, (g) => fetchTrend(occupation.id, g));
  const trends = [main, ...found];

  const group = main.mapping.iscoUsed;
  const unit = UNIT_WORDS[main.unit?.code ?? ''] ?? { axis: main.unit?.label ?? 'Value', words: '' };
  const axis = periodAxis(trends.map((t) => t.points));
  const published: ChartLine[] = trends.map((t) => ({ name: placeLabel(t.geo), ...onAxis(axis, t.points) }));
  const places = trends.map((t) => placeName(t.geo.code));
  const subject = `Employment in the group “${group.label}”`;
  const title = `Employment in ISCO group ${group.code.replace(/^OC/, '')} “${group.label}”, ${listOfPlaces(places)}`;
  const recent = recentPoints(main.points, 10);
  const span = endpoints(recent);
  const shown = levelOrIndex(axis, published, unit.axis, span?.first.period);
  const others = span ? trends.slice(1).map((t) => sameYearsClause(placeName(t.geo.code), t.points, span.first.period, span.last.period)).join('') : '';
  const reading = levelSentence({ subject, place: placeName(geo), points: recent, unitWords: unit.words }) + flaggedLatest(main.points, flagLabels(main.flags)) + others;

  replace(
    body,
    h(
      'p',
      { class: 'mapping' },
      `${capitalise(occupation.label)} is in ISCO unit group ${main.mapping.iscoGroup.code}; Eurostat publishes employment for the ${main.mapping.iscoLevel.replace(/^ISCO-08 /, '')} `,
      h('strong', {}, `${group.code} ${group.label}`),
      ` (dataset ${main.dataset.code}). Figures cover everyone in that group, not only ${occupation.label}s.`,
    ),
    compareControls(geo, compare),
    shown.toggle,
    failures.length ? h('ul', { class: 'notice notice-empty' }, ...failures.map((f) => h('li', {}, `${placeName(f.geo)}: ${f.error instanceof Error ? f.error.message : String(f.error)}`))) : null,
  );
  await drawChart(body, {
    id: 'trend',
    title: titleFor(title, shown),
    type: 'line',
    categories: axis,
    categoryLabel: 'Year',
    unit: shown.unit,
    lines: shown.lines,
    source: sourceOf(main.source, main.dataset),
    flagLabels: flagLabels(...trends.map((t) => t.flags)),
    reading,
    filename: `employment-${group.code}-${[geo, ...compare].join('-')}`,
  });
  void offerOnlyCountriesOf(main.dataset.code);
}

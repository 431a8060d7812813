/**
 * What every page shares: the country and language pickers (remembered, and in the URL), nav links
 * that carry them, and the notices for loading, "no data loaded" and errors.
 */
import { byId, h, replace } from './dom.js';
import { LANGUAGES, PLACES } from './places.js';
import { currentGeo, currentLang, DEFAULT_LANG, pageUrl, rememberGeo, rememberLang, setParams } from './state.js';

/** ESCO languages the server has loaded (a meta tag in the page shell); empty when it does not say. */
function loadedLanguages(): string[] {
  const content = document.querySelector<HTMLMetaElement>('meta[name="lmi-languages"]')?.content ?? '';
  return content.split(',').filter(Boolean);
}

export function setupChrome(): void {
  const geo = currentGeo();
  const loaded = loadedLanguages();
  // A remembered or linked language that is not loaded would only give errors: use a loaded one.
  let lang = currentLang();
  if (loaded.length && !loaded.includes(lang)) lang = loaded.includes(DEFAULT_LANG) ? DEFAULT_LANG : loaded[0]!;
  rememberGeo(geo);
  rememberLang(lang);
  setParams({ geo, lang });

  const geoSelect = byId<HTMLSelectElement>('pref-geo');
  const langSelect = byId<HTMLSelectElement>('pref-lang');
  const places = PLACES.some((p) => p.code === geo) ? PLACES : [...PLACES, { code: geo, name: geo }];
  replace(geoSelect, ...places.map((p) => h('option', { value: p.code, selected: p.code === geo }, p.name)));
  const offered = loaded.length ? loaded.map((code) => LANGUAGES.find((l) => l.code === code) ?? { code, name: code }) : LANGUAGES;
  const langs = offered.some((l) => l.code === lang) ? offered : [...offered, { code: lang, name: lang }];
  replace(langSelect, ...langs.map((l) => h('option', { value: l.code, selected: l.code === lang, lang: l.code }, l.name)));

  // A change reloads the page with the new choice in the URL: every figure on it depends on it.
  geoSelect.addEventListener('change', () => {
    rememberGeo(geoSelect.value);
    setParams({ geo: geoSelect.value });
    location.reload();
  });
  langSelect.addEventListener('change', () => {
    rememberLang(langSelect.value);
    setParams({ lang: langSelect.value });
    location.reload();
  });
  byId('prefs').addEventListener('submit', (e) => e.preventDefault());

  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-nav]')) {
    const path = link.dataset.nav ?? '/';
    link.href = pageUrl(path);
    if (path === location.pathname) link.setAttribute('aria-current', 'page');
  }
}

export function setTitle(title: string): void {
  document.title = `${title} · LMI for advisers`;
}

export function loadingNotice(what: string): HTMLElement {
  return h('p', { class: 'notice notice-loading', role: 'status' }, `Loading ${what}…`);
}

/** "No data loaded" with the commands that load it (from Eurostat, or from a downloaded file). */
export function noDataNotice(what: string, commands: readonly string[], detail?: string): HTMLElement {
  return h(
    'div',
    { class: 'notice notice-empty', role: 'status' },
    h('p', { class: 'notice-title' }, `No data loaded: ${what}.`),
    detail ? h('p', {}, detail) : null,
    h('p', {}, commands.length > 1 ? 'To load it, run one of:' : 'To load it, run:'),
    h('ul', { class: 'commands' }, ...commands.map((c) => h('li', {}, h('code', {}, c)))),
  );
}

export function errorNotice(err: unknown, what: string): HTMLElement {
  const message = err instanceof Error ? err.message : String(err);
  return h(
    'div',
    { class: 'notice notice-error', role: 'alert' },
    h('p', { class: 'notice-title' }, `Could not load ${what}.`),
    h('p', {}, message),
  );
}

/** Commands shown in "no data" notices: the live download, then the same from a downloaded file. */
export const INGEST = {
  esco: ['npx lmi ingest esco --from PATH/TO/ESCO-CSV-DOWNLOAD'],
  occupationTrend: ['npx lmi ingest eurostat lfsa_egai2d lfsa_egised', 'npx lmi ingest eurostat --from estat_lfsa_egised.tsv'],
  sectors: ['npx lmi ingest eurostat lfsa_egan2 jvs_q_nace2', 'npx lmi ingest eurostat --from nama_10_a10_e.tsv'],
  unemployment: ['npx lmi ingest eurostat une_rt_a', 'npx lmi ingest eurostat --from une_rt_a.json'],
  vacancies: ['npx lmi ingest eurostat jvs_q_nace2'],
} as const;

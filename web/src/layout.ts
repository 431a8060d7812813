/**
 * What every page shares: the country and language pickers (remembered, and in the URL), nav links
 * that carry them, and the notices for loading, "no data loaded" and errors.
 */
import { byId, h, replace } from './dom.js';
import { languageName, t, uiLang, type MessageKey } from './i18n.js';
import { LANGUAGES, PLACES, placeName } from './places.js';
import { currentGeo, currentLang, DEFAULT_LANG, escoLang, loadedLanguages, pageUrl, rememberGeo, rememberLang, setParams, uiLanguages } from './state.js';

/** Every language the picker offers: those ESCO has loaded and those the pages are translated into. */
function offeredLanguages(): string[] {
  const loaded = loadedLanguages();
  if (!loaded.length) return LANGUAGES.map((l) => l.code);
  return [...new Set([...loaded, ...uiLanguages()])].sort();
}

/**
 * The language to use: the URL's or the remembered one when the picker offers it, else English.
 * Called before the catalogue is loaded (main.ts), so it decides the UI language too.
 */
export function chosenLanguage(): string {
  const lang = currentLang();
  const offered = offeredLanguages();
  return offered.includes(lang) ? lang : offered.includes(DEFAULT_LANG) ? DEFAULT_LANG : (offered[0] ?? DEFAULT_LANG);
}

/** The shell's own texts (data-i18n, data-i18n-aria-label) in the UI language, and `<html lang>`. */
function translateShell(): void {
  document.documentElement.lang = uiLang();
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as MessageKey);
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel as MessageKey));
}

/** Said once, above the page: the chrome is in English for want of a catalogue, or ESCO is not loaded in the UI language. */
function languageNotice(lang: string): void {
  const notice = document.getElementById('lang-notice');
  if (!notice) return;
  let text = '';
  // The language's name in the UI language: 'Slovenian' in the English sentence, 'anglais' in French.
  if (uiLang() !== lang) text = t('lang.uiFallback', { language: languageName(lang) });
  else if (escoLang() !== lang) text = t('lang.escoFallback', { language: languageName(lang) });
  if (!text) return;
  notice.textContent = text;
  notice.lang = uiLang();
  notice.hidden = false;
}

export function setupChrome(): void {
  const geo = currentGeo();
  const lang = chosenLanguage();
  rememberGeo(geo);
  rememberLang(lang);
  setParams({ geo, lang });
  translateShell();
  languageNotice(lang);

  const geoSelect = byId<HTMLSelectElement>('pref-geo');
  const langSelect = byId<HTMLSelectElement>('pref-lang');
  const places = PLACES.some((p) => p.code === geo) ? PLACES : [...PLACES, { code: geo, name: geo }];
  replace(geoSelect, ...places.map((p) => h('option', { value: p.code, selected: p.code === geo }, placeName(p.code, 'picker'))));
  const langs = offeredLanguages().map((code) => LANGUAGES.find((l) => l.code === code) ?? { code, name: code });
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
  document.title = t('app.title', { title });
}

/** A loading notice; `text` is the whole message ("Loading the occupation…"). */
export function loadingNotice(text: string): HTMLElement {
  return h('p', { class: 'notice notice-loading', role: 'status' }, text);
}

/** "No data loaded: …" (`title`, the whole sentence) with the commands that load it (from Eurostat, or from a downloaded file). */
export function noDataNotice(title: string, commands: readonly string[], detail?: string): HTMLElement {
  return h(
    'div',
    { class: 'notice notice-empty', role: 'status' },
    h('p', { class: 'notice-title' }, title),
    detail ? h('p', {}, detail) : null,
    h('p', {}, commands.length > 1 ? t('notice.runMany') : t('notice.runOne')),
    h('ul', { class: 'commands' }, ...commands.map((c) => h('li', {}, h('code', {}, c)))),
  );
}

/** An error notice: `title` is the whole sentence ("Could not load the occupation."), then the server's message. */
export function errorNotice(err: unknown, title: string): HTMLElement {
  const message = err instanceof Error ? err.message : String(err);
  return h('div', { class: 'notice notice-error', role: 'alert' }, h('p', { class: 'notice-title' }, title), h('p', {}, message));
}

/** Commands shown in "no data" notices: the live download, then the same from a downloaded file. */
export const INGEST = {
  esco: ['npx lmi ingest esco --from PATH/TO/ESCO-CSV-DOWNLOAD'],
  occupationTrend: ['npx lmi ingest eurostat lfsa_egai2d lfsa_egised', 'npx lmi ingest eurostat --from estat_lfsa_egised.tsv'],
  sectors: ['npx lmi ingest eurostat lfsa_egan2 jvs_q_nace2', 'npx lmi ingest eurostat --from nama_10_a10_e.tsv'],
  unemployment: ['npx lmi ingest eurostat une_rt_a', 'npx lmi ingest eurostat --from une_rt_a.json'],
  vacancies: ['npx lmi ingest eurostat jvs_q_nace2'],
} as const;

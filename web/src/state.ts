/**
 * Page state lives in the URL (so a view can be bookmarked or shared); the adviser's country and
 * language are also remembered in localStorage between visits. Until a country is picked, figures
 * are shown for the EU aggregate.
 */
export const DEFAULT_GEO = 'EU27_2020';
export const DEFAULT_LANG = 'en';
const GEO_KEY = 'lmi.geo';
const LANG_KEY = 'lmi.lang';

export function param(name: string): string | null {
  const value = new URLSearchParams(location.search).get(name);
  return value === null || value === '' ? null : value;
}

/** A comma-separated URL parameter as a list, e.g. compare=DE,FR. */
export function listParam(name: string): string[] {
  return (param(name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled (private mode): fall back to defaults
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* storage disabled: the URL still carries the choice */
  }
}

/** The country: URL first (a shared link wins), then the remembered choice, then the EU. */
export function currentGeo(): string {
  return param('geo') ?? stored(GEO_KEY) ?? DEFAULT_GEO;
}

/** The adviser's language (the Language picker): the UI's language and the one asked of ESCO. */
export function currentLang(): string {
  return (param('lang') ?? stored(LANG_KEY) ?? DEFAULT_LANG).toLowerCase();
}

/** ESCO languages the server has loaded (a meta tag in the page shell); empty when it does not say. */
export function loadedLanguages(): string[] {
  const content = document.querySelector<HTMLMetaElement>('meta[name="lmi-languages"]')?.content ?? '';
  return content.split(',').filter(Boolean);
}

/** The languages the pages are translated into (a meta tag the server writes: one catalogue each in messages/). */
export function uiLanguages(): string[] {
  const content = document.querySelector<HTMLMetaElement>('meta[name="lmi-ui-languages"]')?.content ?? '';
  const list = content.split(',').filter(Boolean);
  return list.length ? list : ['en'];
}

/**
 * The language asked of the ESCO API: the adviser's when ESCO is loaded in it, else English (the
 * pages can be in French while ESCO is loaded only in English).
 */
export function escoLang(): string {
  const lang = currentLang();
  const loaded = loadedLanguages();
  if (!loaded.length || loaded.includes(lang)) return lang;
  return loaded.includes(DEFAULT_LANG) ? DEFAULT_LANG : loaded[0]!;
}

export function rememberGeo(geo: string): void {
  store(GEO_KEY, geo);
}

export function rememberLang(lang: string): void {
  store(LANG_KEY, lang);
}

/** Updates URL parameters in place (no reload); null removes one. */
export function setParams(changes: Record<string, string | null>): void {
  const url = new URL(location.href);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === '') url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  history.replaceState(null, '', url);
}

/** A link to another page carrying the current country and language. */
export function pageUrl(path: string, params: Record<string, string | null | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  search.set('geo', currentGeo());
  search.set('lang', currentLang());
  return `${path}?${search.toString()}`;
}

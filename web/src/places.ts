/**
 * Countries and aggregates the pickers offer (Eurostat geo codes: Greece is EL), and the ESCO
 * languages. Names here are for the pickers only; figures come from the API.
 */
import { formatList, t, uiLang } from './i18n.js';

export const PLACES: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'EU27_2020', name: 'European Union (27 countries)' },
  { code: 'AT', name: 'Austria' },
  { code: 'BE', name: 'Belgium' },
  { code: 'BG', name: 'Bulgaria' },
  { code: 'HR', name: 'Croatia' },
  { code: 'CY', name: 'Cyprus' },
  { code: 'CZ', name: 'Czechia' },
  { code: 'DK', name: 'Denmark' },
  { code: 'EE', name: 'Estonia' },
  { code: 'FI', name: 'Finland' },
  { code: 'FR', name: 'France' },
  { code: 'DE', name: 'Germany' },
  { code: 'EL', name: 'Greece' },
  { code: 'HU', name: 'Hungary' },
  { code: 'IE', name: 'Ireland' },
  { code: 'IT', name: 'Italy' },
  { code: 'LV', name: 'Latvia' },
  { code: 'LT', name: 'Lithuania' },
  { code: 'LU', name: 'Luxembourg' },
  { code: 'MT', name: 'Malta' },
  { code: 'NL', name: 'Netherlands' },
  { code: 'PL', name: 'Poland' },
  { code: 'PT', name: 'Portugal' },
  { code: 'RO', name: 'Romania' },
  { code: 'SK', name: 'Slovakia' },
  { code: 'SI', name: 'Slovenia' },
  { code: 'ES', name: 'Spain' },
  { code: 'SE', name: 'Sweden' },
  { code: 'IS', name: 'Iceland' },
  { code: 'LI', name: 'Liechtenstein' },
  { code: 'NO', name: 'Norway' },
  { code: 'CH', name: 'Switzerland' },
];

export const LANGUAGES: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'bg', name: 'български' },
  { code: 'cs', name: 'čeština' },
  { code: 'da', name: 'dansk' },
  { code: 'de', name: 'Deutsch' },
  { code: 'el', name: 'ελληνικά' },
  { code: 'en', name: 'English' },
  { code: 'es', name: 'español' },
  { code: 'et', name: 'eesti' },
  { code: 'fi', name: 'suomi' },
  { code: 'fr', name: 'français' },
  { code: 'hr', name: 'hrvatski' },
  { code: 'hu', name: 'magyar' },
  { code: 'it', name: 'italiano' },
  { code: 'lt', name: 'lietuvių' },
  { code: 'lv', name: 'latviešu' },
  { code: 'mt', name: 'Malti' },
  { code: 'nl', name: 'Nederlands' },
  { code: 'no', name: 'norsk' },
  { code: 'pl', name: 'polski' },
  { code: 'pt', name: 'português' },
  { code: 'ro', name: 'română' },
  { code: 'sk', name: 'slovenčina' },
  { code: 'sl', name: 'slovenščina' },
  { code: 'sv', name: 'svenska' },
  { code: 'uk', name: 'українська' },
];

/** Eurostat geo codes that differ from ISO 3166 region codes (for Intl.DisplayNames). */
const ISO_REGION: Record<string, string> = { EL: 'GR', UK: 'GB' };

/**
 * The name of a geo code in the UI language: English from the list above, other languages from
 * Intl.DisplayNames (the browser's CLDR names: 'Slovénie', 'Slowenien'). The EU aggregate is
 * 'the EU' in a sentence and 'European Union (27 countries)' in the picker; the code itself when unknown.
 */
export function placeName(code: string, use: 'sentence' | 'picker' = 'sentence'): string {
  if (code === 'EU27_2020') return t(use === 'picker' ? 'place.eu27' : 'place.euInSentence');
  const english = PLACES.find((p) => p.code === code)?.name;
  if (uiLang() === 'en' || !/^[A-Z]{2}$/.test(code)) return english ?? code;
  try {
    return new Intl.DisplayNames([uiLang()], { type: 'region' }).of(ISO_REGION[code] ?? code) ?? english ?? code;
  } catch {
    return english ?? code;
  }
}

/**
 * The API's label for a geo, asked in the UI language (a label without `labelLang` is in it), unless
 * it is only the code (TSV downloads carry no labels) or English while the UI is not.
 */
export function placeLabel(geo: { code: string; label: string; labelLang?: string }): string {
  const inUiLanguage = (geo.labelLang ?? uiLang()) === uiLang();
  if (geo.label && geo.label !== geo.code && inUiLanguage) return geo.label;
  return geo.code === 'EU27_2020' && inUiLanguage ? geo.label || placeName(geo.code, 'picker') : placeName(geo.code, 'picker');
}

/** 'Slovenia', 'Slovenia and the EU', 'Slovenia, Austria and the EU' (Intl.ListFormat in the UI language). */
export function listOfPlaces(names: readonly string[]): string {
  return formatList(names);
}

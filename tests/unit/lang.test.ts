/** server/lang.ts: the Accept-Language header read as the ESCO and statistics routes use it. */
import type { Request } from 'express';
import { acceptedLanguages, askedLanguage } from '../../server/lang.js';

const request = (acceptLanguage?: string) => ({ headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage } }) as unknown as Request;

describe('Accept-Language', () => {
  test('languages by q-value, region subtags dropped, equal weights in header order, q=0 and * left out', () => {
    expect(acceptedLanguages('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5')).toEqual(['fr', 'en', 'de']);
    expect(acceptedLanguages('de;q=0.2, sl, en-GB;q=0.9')).toEqual(['sl', 'en', 'de']);
    expect(acceptedLanguages('en;q=0, fr')).toEqual(['fr']);
    expect(acceptedLanguages('DE-at')).toEqual(['de']);
    expect(acceptedLanguages(undefined)).toEqual([]);
    expect(acceptedLanguages(';;, ,q=1, x-klingon, 12')).toEqual([]);
    expect(acceptedLanguages('fr;q=abc, de')).toEqual(['de']); // a weight that is no number counts as 0
  });

  test('lang= wins; else the first header language that is loaded; the loaded list is read only when needed', () => {
    let reads = 0;
    const loaded = () => {
      reads++;
      return ['en', 'fr'];
    };
    expect(askedLanguage(request('fr'), 'de', loaded)).toBe('de');
    expect(reads).toBe(0);
    expect(askedLanguage(request(), undefined, loaded)).toBeUndefined();
    expect(reads).toBe(0);
    expect(askedLanguage(request('de, fr;q=0.5'), undefined, loaded)).toBe('fr');
    expect(askedLanguage(request('de, sl'), undefined, loaded)).toBeUndefined();
    expect(reads).toBe(2);
  });
});

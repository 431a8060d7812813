/**
 * The language of the labels in a JSON answer, the same way on every route that has labels (ESCO
 * routes, the occupation trend): `lang=` when given, else the best language of the request's
 * `Accept-Language` header that is loaded, else the route's default. The header never causes a 400
 * (a browser sends it unasked); an explicit `lang=` that is not loaded does, on the ESCO routes.
 */
import type { IncomingMessage } from 'node:http';
import type { Response } from 'express';

/** The languages of an Accept-Language header, most wanted first ('fr-CH, fr;q=0.9, de;q=0.7' -> fr, de); q=0 and '*' left out. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      // Only the primary subtag: ESCO's languages are plain codes (fr, not fr-CH).
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((l) => /^[a-z]{2,3}$/.test(l.lang) && l.weight > 0)
    // Stable: equal weights keep the header's order.
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return [...new Set(ranked.map((l) => l.lang))];
}

/**
 * `lang=` as given, else the first Accept-Language language among the loaded ones; undefined when
 * neither says. `loaded` is called only when the header is needed (a search-as-you-type request
 * with lang= costs no extra read).
 */
export function askedLanguage(req: Pick<IncomingMessage, 'headers'>, queryLang: string | undefined, loaded: () => readonly string[]): string | undefined {
  if (queryLang !== undefined) return queryLang;
  const header = req.headers['accept-language'];
  const wanted = acceptedLanguages(typeof header === 'string' ? header : undefined);
  if (!wanted.length) return undefined;
  const available = loaded();
  return wanted.find((l) => available.includes(l));
}

/** Marks an answer's language (Content-Language), and that it depends on Accept-Language (Vary, for caches). */
export function languageHeaders(res: Response, lang: string): void {
  res.vary('Accept-Language');
  res.setHeader('Content-Language', lang);
}

/**
 * The UI's languages (web/src/i18n.ts, web/src/messages/*.ts), run in Node: every shipped catalogue
 * has every key with the same placeholders and the plural forms its language needs, none is English
 * copied over, no UI text in web/src or the page shell bypasses the catalogue, and t() picks plural
 * forms and formats numbers in the language.
 */
import * as cheerio from 'cheerio';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDay, formatFixed, formatList, t, useMessages } from '../../web/src/i18n.js';
import type { Catalogue, Message, MessageKey } from '../../web/src/messages/en.js';
import { messages as en } from '../../web/src/messages/en.js';
import { untranslatedTexts } from './ui-strings.js';

const MESSAGES = join('web', 'src', 'messages');
const LANGS = readdirSync(MESSAGES)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

async function catalogue(lang: string): Promise<Catalogue> {
  return ((await import(`../../web/src/messages/${lang}.js`)) as { messages: Catalogue }).messages;
}

const forms = (m: Message): string[] => (typeof m === 'string' ? [m] : Object.values(m).filter((v): v is string => typeof v === 'string'));
const placeholders = (m: Message) => [...new Set(forms(m).flatMap((f) => [...f.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!)))].sort();

/**
 * Keys whose translation may use other placeholders of those the code passes than English does: the
 * English sentence lower-cases the subject inside the sentence, French and German start with it.
 */
const ALTERNATIVE_PLACEHOLDERS: Partial<Record<MessageKey, string[]>> = { 'reading.none': ['place', 'subject', 'subjectLower'] };

/**
 * Messages that are the same in a language as in English because they are codes, units or formats
 * ('API', '{value}%' is not among them: French and German put a space before %). Anything else equal
 * to English is a copy that was never translated.
 */
const SAME_AS_ENGLISH: Record<string, MessageKey[]> = {
  fr: ['footer.api', 'error.http', 'nav.sources', 'sources.colSource', 'sources.colAttribution', 'chart.tableCaption', 'reading.end', 'sources.dateTime', 'sources.time', 'sources.seconds', 'sources.minutes', 'compare.chip', 'sector.kicker', 'sector.title', 'reading.lowercaseLabels', 'search.code'],
  de: ['footer.api', 'error.http', 'chart.tableCaption', 'reading.end', 'sources.dateTime', 'sources.time', 'sources.seconds', 'sources.minutes', 'compare.chip', 'sector.title', 'sector.heading', 'sources.rowCount', 'chart.flag', 'chart.tooltip', 'chart.flagSeparator', 'compare.failed', 'sources.error.kind', 'search.code', 'search.iscoGroup', 'occupation.iscoLabel', 'skills.optional', 'compare.index', 'tr.printChoice'],
};

/** The plural categories Intl.PluralRules picks for the counts the pages show (0 to 10,000 skills, occupations, runs). */
function pluralCategoriesUsed(lang: string): string[] {
  const rules = new Intl.PluralRules(lang);
  const used = new Set<string>();
  for (let n = 0; n <= 10_000; n++) used.add(rules.select(n));
  return [...used].sort();
}

describe('message catalogues', () => {
  test('English, French and German are shipped, each a file of its own', () => {
    expect(LANGS).toEqual(['de', 'en', 'fr']);
  });

  test.each(LANGS.filter((l) => l !== 'en'))('%s has every English key, no other, with the same placeholders and its plural forms', async (lang) => {
    const messages = await catalogue(lang);
    const keys = Object.keys(en) as MessageKey[];
    expect(Object.keys(messages).filter((k) => !(k in en))).toEqual([]); // no key the code does not use
    expect(keys.filter((k) => !(k in messages))).toEqual([]); // none missing
    const problems: string[] = [];
    const needed = pluralCategoriesUsed(lang);
    for (const key of keys) {
      const mine = messages[key];
      const english: Message = en[key];
      if (forms(mine).some((f) => f.trim() === '' && forms(english).some((e) => e.trim() !== ''))) problems.push(`${key}: empty`);
      const allowed = ALTERNATIVE_PLACEHOLDERS[key];
      if (allowed ? placeholders(mine).some((p) => !allowed.includes(p)) : placeholders(mine).join() !== placeholders(english).join()) {
        problems.push(`${key}: placeholders ${placeholders(mine).join(',')} instead of ${placeholders(english).join(',')}`);
      }
      if (typeof english !== 'string') {
        if (typeof mine === 'string') problems.push(`${key}: a plural message in English, a plain string here`);
        else for (const category of needed) if (!(category in mine) && category !== 'other' && !('other' in mine && category === 'many')) problems.push(`${key}: no '${category}' form`);
      }
    }
    expect(problems).toEqual([]);
  });

  test.each(LANGS.filter((l) => l !== 'en'))('%s: no message is English copied over', async (lang) => {
    const messages = await catalogue(lang);
    const copies = (Object.keys(en) as MessageKey[]).filter((k) => JSON.stringify(messages[k]) === JSON.stringify(en[k]));
    expect(copies.sort()).toEqual([...(SAME_AS_ENGLISH[lang] ?? [])].sort());
  });

  test('plural forms follow the count, figures and dates follow the language', async () => {
    useMessages('fr', await catalogue('fr'));
    expect(t('search.foundAll', { count: 1 })).toBe('1 profession trouvée. Appuyez sur la flèche vers le bas pour y accéder.');
    // French groups thousands with a narrow no-break space (CLDR), and uses the decimal comma.
    expect(t('search.foundAll', { count: 3007 })).toBe('3\u202f007 professions trouvées. Appuyez sur la flèche vers le bas pour les parcourir.');
    expect(formatFixed(5.9, 1)).toBe('5,9');
    expect(formatList(['Slovénie', 'Autriche', 'UE'])).toBe('Slovénie, Autriche et UE');
    useMessages('de', await catalogue('de'));
    expect(t('skills.essential', { count: 1 })).toBe('Wesentlich (1)');
    expect(t('sources.runsCaption', { source: 'esco', count: 1 })).toBe('esco: der einzige verzeichnete Ladevorgang');
    expect(t('sources.runsCaption', { source: 'esco', count: 4 })).toBe('esco: die letzten 4 Ladevorgänge, neueste zuerst');
    expect(formatFixed(1234.5, 1)).toBe('1.234,5');
    expect(formatDay(new Date('2026-04-29T00:00:00Z'))).toBe('29. Apr. 2026');
    useMessages('en', en);
    expect(t('search.foundAll', { count: 1 })).toBe('1 occupation found. Press the down arrow to move to it.');
    expect(t('search.foundAll', { count: 25 })).toBe('25 occupations found. Press the down arrow to move through them.');
    expect(formatFixed(1234.5, 1)).toBe('1,234.5');
    expect(formatDay(new Date('2026-04-29T00:00:00Z'))).toBe('29 Apr 2026');
  });
});

describe('no UI text outside the catalogue', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'messages' ? [] : files(join(dir, e.name))) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

  test('web/src puts no literal words into the page: children, textContent, aria-label, chart texts all come from t()', () => {
    const found = files(join('web', 'src')).flatMap((f) => untranslatedTexts(f, readFileSync(f, 'utf8')));
    expect(found.map((f) => `${f.file}:${f.line} ${JSON.stringify(f.text)}`)).toEqual([]);
  });

  test('the scan finds what it is meant to find (and lets codes, commands and t() through)', () => {
    const sample = [
      `h('p', {}, 'Loading the occupation…');`,
      "el.textContent = `Search failed: ${message}`;",
      `h('button', { type: 'button', 'aria-label': 'Close' }, '×');`,
      `button.setAttribute('aria-label', ok ? 'Open' : t('x'));`,
      `drawChart(main, { title: 'People employed', unit: t('unit.thsPer') });`,
      `main.append(h('p', {}, t('a'), ' · ', h('code', {}, 'npx lmi status')), 'Then');`,
      `throw new ApiError(0, 'The server cannot be reached');`,
      `h('li', {}, g.code, ' ', g.label);`,
    ].join('\n');
    expect(untranslatedTexts('sample.ts', sample).map((f) => `${f.line} ${f.text}`)).toEqual([
      '1 Loading the occupation…',
      '2 Search failed: ',
      '3 Close',
      '4 Open',
      '5 People employed',
      '6 Then',
      '7 The server cannot be reached',
    ]);
  });

  test('the page shell: every text and aria-label is keyed (data-i18n), with keys that exist', () => {
    const $ = cheerio.load(readFileSync(join('web', 'index.html'), 'utf8'));
    const problems: string[] = [];
    $('body *, head title').each((_, el) => {
      const node = $(el);
      if (node.closest('noscript').length) return; // read only without JavaScript, when no catalogue can load
      const ownText = node.contents().filter((_i, c) => c.type === 'text' && /\p{L}{2,}/u.test($(c).text())).length > 0;
      const key = node.attr('data-i18n');
      if (ownText && !key) problems.push(`<${el.tagName}> "${node.text().trim()}" has no data-i18n`);
      if (key && !(key in en)) problems.push(`data-i18n="${key}" is not a key`);
      const ariaKey = node.attr('data-i18n-aria-label');
      if (node.attr('aria-label') && !ariaKey) problems.push(`<${el.tagName} aria-label="${node.attr('aria-label')}"> has no data-i18n-aria-label`);
      if (ariaKey && !(ariaKey in en)) problems.push(`data-i18n-aria-label="${ariaKey}" is not a key`);
    });
    expect(problems).toEqual([]);
    // The shell's English is the catalogue's: the text shown before the catalogue loads does not differ.
    expect($('[data-i18n="nav.sectors"]').text()).toBe(en['nav.sectors']);
  });
});

/**
 * The pages in the adviser's language, in Chromium (as tests/browser/web.test.ts, whose database this
 * uses: ESCO v1.1.1 in English, lfsa_egised, nama_10_a10_e, une_rt_a from the shared fixtures, plus
 * Eurostat's code lists in English, French and German). French
 * and German: no English chrome string, `<html lang>` set, chart readings in the language, the choice
 * remembered. With the small ESCO fixture (English and French): French labels, English ones marked
 * where ESCO has no French text, and a loaded ESCO language without a catalogue.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWebDb, CHROMIUM, CHROMIUM_ARGS, SPECIALIST_NURSE } from '../../bench/web.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest } from '../../ingest/core/source.js';
import { ingestEscoCsv } from '../../ingest/esco/ingest.js';
import { CODELISTS_SOURCE, ingestEurostatCodelists } from '../../ingest/eurostat/codelists.js';
import { openWritable } from '../../data/db.js';
import type { Catalogue, Message } from '../../web/src/messages/en.js';
import { messages as en } from '../../web/src/messages/en.js';
import { messages as fr } from '../../web/src/messages/fr.js';
import { messages as de } from '../../web/src/messages/de.js';
import { buildWeb } from './build-web.js';
import { describeWithFixtures, fixture, serveDb, tempDb, tempDir, type TestServer } from '../helpers.js';

const haveChromium = existsSync(CHROMIUM);
const describeBrowser = haveChromium ? describeWithFixtures : (name: string, fn: () => void) => describe.skip(`${name} (needs ${CHROMIUM})`, fn);
const inPage = <T>(page: Page, expression: string) => page.evaluate(expression) as Promise<T>;

const forms = (m: Message): string[] => (typeof m === 'string' ? [m] : Object.values(m).filter((v): v is string => typeof v === 'string'));

/**
 * The English chrome, as whole-word patterns: every piece of English message text between
 * placeholders that has two words or a word of 5 letters or more, except pieces the other catalogue
 * has too ('API', 'ESCO', 'Optional' in German). Any of them on a French or German page is chrome
 * left in English. (A lone short word such as 'with', between two placeholders, would also be found
 * in the ESCO labels, which are English in this database.)
 */
function englishChrome(other: Catalogue): { text: string; pattern: RegExp }[] {
  const theirs = Object.values(other).flatMap(forms).join('\n');
  const pieces = new Set(
    Object.values(en)
      .flatMap(forms)
      .flatMap((f) => f.split(/\{\w+\}/))
      .map((p) => p.replace(/^[\s.,;:·()“”%–-]+|[\s.,;:·()“”%–-]+$/g, ''))
      .filter((p) => (/\p{L}{5,}/u.test(p) || /\p{L}{2,}\s+\p{L}{2,}/u.test(p)) && !theirs.includes(p)),
  );
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...pieces].map((text) => ({ text, pattern: new RegExp(`(?<!\\p{L})${escape(text)}(?!\\p{L})`, 'u') }));
}

/** Everything a person sees or hears on the page: its rendered text, the title, aria-labels and tooltips. */
const PAGE_TEXT = `[document.title, document.body.innerText, ...[...document.querySelectorAll('[aria-label],[title]')].flatMap((el) => [el.getAttribute('aria-label') || '', el.getAttribute('title') || ''])].join('\\n')`;

// French and German texts below write their no-break spaces as \u00a0 (before : % » in French, before % in German).
describeBrowser('the pages in French and German', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let errors: string[];

  beforeAll(async () => {
    buildWeb();
    dir = tempDir('lmi-web-lang-');
    const dbPath = join(dir.dir, 'lmi.sqlite');
    await buildWebDb(dbPath);
    // Eurostat's code lists in English, French and German: country, unit and flag labels in the language.
    const db = openWritable(dbPath);
    const ctx = { db, log: silentLogger, trigger: 'cli' as const };
    await runIngest(ctx, CODELISTS_SOURCE, () => ingestEurostatCodelists(ctx, { from: [fixture('eurostat', 'codelists')] }));
    db.close();
    server = await serveDb(dbPath);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    dir?.cleanup();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    errors = [];
  });
  afterEach(async () => {
    await context?.close();
  });

  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    return page;
  }

  /** The English chrome strings found on the page, with where (a line of the page's text). */
  async function englishOn(page: Page, other: Catalogue): Promise<string[]> {
    const text = await inPage<string>(page, PAGE_TEXT);
    const lines = text.split('\n');
    return englishChrome(other).flatMap(({ text: piece, pattern }) => lines.filter((l) => pattern.test(l)).map((l) => `"${piece}" in: ${l.slice(0, 120)}`));
  }

  test('the English chrome list is real: it finds the English pages', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/occupation?id=${SPECIALIST_NURSE}&geo=SI&lang=en`);
    await page.locator('figure[data-chart="trend"][data-drawn="true"]').waitFor();
    const found = (await englishOn(page, fr)).map((f) => f.split('" in:')[0]!.slice(1));
    for (const chrome of ['Search', 'Sectors', 'Unemployment', 'Country', 'Language', 'Employment trend', 'Related occupations', 'Download PNG', 'Show client']) expect(found).toContain(chrome);
    expect(errors).toEqual([]);
  });

  test.each([
    ['fr', fr, 'Recherche', 'Trouver une profession', 'ESCO n’est pas chargée en français\u00a0: les noms des professions et des compétences s’affichent en anglais.'],
    ['de', de, 'Suche', 'Einen Beruf finden', 'ESCO ist nicht auf Deutsch geladen: Berufs- und Kompetenzbezeichnungen werden auf Englisch angezeigt.'],
  ] as const)('%s: the search page has no English chrome, <html lang> matches, the ESCO fallback is said once', async (lang, catalogue, nav, heading, notice) => {
    const page = await newPage();
    await page.goto(`${server.url}/?lang=${lang}`);
    await page.locator('h1', { hasText: heading }).waitFor();
    expect(await inPage<string>(page, 'document.documentElement.lang')).toBe(lang);
    expect(await page.locator('nav a[data-nav="/"]').textContent()).toBe(nav);
    // ESCO is loaded in English only here: the search runs on English labels, the page around it is translated.
    await page.getByLabel(catalogue['search.title'] as string, { exact: true }).pressSequentially('nur');
    await page.locator('#occupation-search-results a', { hasText: 'specialist nurse' }).waitFor();
    const status = await page.locator('#occupation-search-status').textContent();
    expect(status).toBe(
      lang === 'fr'
        ? '25 professions trouvées, les 20 plus pertinentes affichées. Appuyez sur la flèche vers le bas pour les parcourir.'
        : '25 Berufe gefunden, die besten 20 werden angezeigt. Mit der Pfeiltaste nach unten gehen Sie sie durch.',
    );
    expect(await page.locator('.lang-notice:visible').allTextContents()).toEqual([notice]);
    expect(await englishOn(page, catalogue)).toEqual([]);
    await page.screenshot({ path: join('test-artifacts', `search-${lang}.png`), fullPage: true });
    expect(errors).toEqual([]);
  });

  test.each([
    [
      'fr',
      fr,
      'L’emploi dans le groupe «\u00a0Professionals\u00a0» (Slovénie) a augmenté de 16\u00a0% entre 2013 et 2023 (de 194,6 à 225,5 milliers de personnes). Le chiffre de 2023 porte un indicateur\u00a0: rupture de série.',
      'Emploi dans le groupe CITP 2 «\u00a0Professionals\u00a0», Slovénie',
    ],
    [
      'de',
      de,
      'Slowenien: Die Beschäftigung in der Gruppe „Professionals“ stieg zwischen 2013 und 2023 um 16\u00a0% (von 194,6 auf 225,5 Tausend Personen). Die Zahl für 2023 ist gekennzeichnet: Zeitreihenbruch.',
      'Beschäftigung in der ISCO-Gruppe 2 „Professionals“, Slowenien',
    ],
  ] as const)('%s: the occupation page has no English chrome; the chart, its title and its reading are in the language', async (lang, catalogue, reading, title) => {
    const page = await newPage();
    await page.goto(`${server.url}/occupation?id=${SPECIALIST_NURSE}&geo=SI&lang=${lang}`);
    const figure = page.locator('figure[data-chart="trend"][data-drawn="true"]');
    await figure.waitFor();
    expect(await inPage<string>(page, 'document.documentElement.lang')).toBe(lang);
    // ESCO is loaded in English only here: the group's name stays English; the flag's label comes from
    // Eurostat's code list in the language.
    expect(await figure.locator('.chart-title').textContent()).toBe(title);
    expect(await figure.locator('.reading').textContent()).toBe(reading);
    expect(await figure.locator('.chart-flags').textContent()).toBe(lang === 'fr' ? 'Indicateurs (▲ sur le graphique)\u00a0: b\u00a0: rupture de série.' : 'Kennzeichen (▲ im Diagramm): b: Zeitreihenbruch.');
    expect(await figure.locator('table thead th').nth(1).textContent()).toBe(lang === 'fr' ? 'Slovénie' : 'Slowenien');
    expect(await page.locator('.skill-group.essential h3').textContent()).toBe(lang === 'fr' ? 'Essentielles (60)' : 'Wesentlich (60)');
    // Table and axis: decimal comma, the year heading in the language.
    expect(await figure.locator('table thead th').first().textContent()).toBe(catalogue['chart.year']);
    expect(await figure.locator('table tbody tr').last().locator('td').textContent()).toBe('225,5 b');
    const axis = await inPage<string>(page, `window.Chart.getChart(document.querySelector('figure[data-chart="trend"] canvas')).options.scales.x.title.text`);
    expect(axis).toBe(catalogue['chart.year']);
    expect(await englishOn(page, catalogue)).toEqual([]);
    await page.screenshot({ path: join('test-artifacts', `occupation-${lang}.png`), fullPage: true });
    expect(errors).toEqual([]);
  });

  test.each([
    ['fr', fr],
    ['de', de],
  ] as const)('%s: the sectors, sector, unemployment, skill and sources pages have no English chrome either', async (lang, catalogue) => {
    const page = await newPage();
    const pages: [string, string][] = [
      [`/sectors?geo=SI&lang=${lang}`, 'figure[data-chart="sectors"][data-drawn="true"]'],
      [`/sector?nace=C&geo=SI&lang=${lang}`, 'figure[data-drawn="true"]'],
      [`/unemployment?geo=SI&lang=${lang}`, 'figure[data-chart="unemployment-age"][data-drawn="true"], .hint code'],
      [`/skill?id=99a09006-31f4-41d3-b3aa-feb2aeff730b&lang=${lang}`, '.columns'],
      [`/sources?lang=${lang}`, 'table'],
    ];
    for (const [path, ready] of pages) {
      await page.goto(server.url + path);
      await page.locator(ready).first().waitFor();
      expect({ path, lang: await inPage<string>(page, 'document.documentElement.lang'), english: await englishOn(page, catalogue) }).toEqual({ path, lang, english: [] });
    }
    expect(errors).toEqual([]);
  });

  test('the language picked is remembered like the country, and carried by the links', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/unemployment?geo=AT`);
    await page.locator('figure[data-chart="unemployment"][data-drawn="true"]').waitFor();
    expect(await inPage<string>(page, 'document.documentElement.lang')).toBe('en');
    await Promise.all([page.waitForEvent('load'), page.getByLabel('Language', { exact: true }).selectOption('de')]);
    await page.locator('h1', { hasText: 'Arbeitslosigkeit: Österreich' }).waitFor();
    expect(new URL(page.url()).searchParams.get('lang')).toBe('de');
    // A later visit without any parameter: German again, in the URL, the links and the rate sentence.
    await page.goto(`${server.url}/unemployment`);
    await page.locator('figure[data-chart="unemployment"][data-drawn="true"]').waitFor();
    expect(await inPage<string>(page, 'document.documentElement.lang')).toBe('de');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('de');
    expect(await page.locator('nav a[data-nav="/sectors"]').getAttribute('href')).toBe('/sectors?geo=AT&lang=de');
    expect(await page.locator('figure[data-chart="unemployment"] .reading').textContent()).toMatch(/^Österreich: Die Arbeitslosenquote (stieg|sank) von \d+,\d\u00a0% \(\d{4}\) auf \d+,\d\u00a0% \(\d{4}\); in der EU lag sie \d{4} bei \d+,\d\u00a0%\.$/);
    expect(await page.getByLabel('Sprache', { exact: true }).inputValue()).toBe('de');
    expect(errors).toEqual([]);
  });

  describe('with ESCO in English and French (the small fixture)', () => {
    let small: ReturnType<typeof tempDb>;
    let smallServer: TestServer;
    beforeAll(async () => {
      small = tempDb();
      const ctx = { db: small.db, log: silentLogger, trigger: 'cli' as const };
      await runIngest(ctx, 'esco', () => ingestEscoCsv(ctx, { from: join(process.cwd(), 'tests', 'fixtures', 'esco', 'v1.1.1') }));
      small.db.close();
      smallServer = await serveDb(small.path);
    });
    afterAll(async () => {
      await smallServer?.close();
      small?.cleanup();
    });

    /** Requests the browser makes that fail because no statistics are loaded in this database (the trend: a 404). */
    const statisticsMissing = (e: string) => /status of 404/.test(e);

    test('French: French labels; a skill with no French text shows its English label, marked and in lang="en"', async () => {
      const page = await newPage();
      await page.goto(`${smallServer.url}/occupation?id=${SPECIALIST_NURSE}&lang=fr`);
      await page.locator('h1', { hasText: 'infirmier spécialisé/infirmière spécialisée' }).waitFor();
      expect(await page.locator('.lang-notice:visible').count()).toBe(0); // ESCO has French: nothing to say
      const essential = page.locator('.skill-group.essential ul.skills a');
      const why = 'Affiché en anglais\u00a0: ESCO n’a pas de texte en français pour cet élément.';
      // The mark's visible part is the code; the rest of its text is the sentence for screen readers.
      // Skills and competences first, then knowledge (the page's grouping), each by label.
      expect(await essential.allTextContents()).toEqual([`respond to changing situations in health care EN${why}`, `impact of social contexts on health EN${why}`, 'soins infirmiers spécialisés']);
      const marked = page.locator('.skill-group.essential ul.skills a:has(.label-lang)');
      expect(await marked.count()).toBe(2);
      expect(await marked.first().locator('span[lang="en"]').textContent()).toBe('respond to changing situations in health care');
      expect(await marked.first().locator('.label-lang').getAttribute('title')).toBe(why);
      expect(await page.locator('.skill-group.essential ul.skills a:not(:has(.label-lang))').allTextContents()).toEqual(['soins infirmiers spécialisés']);
      expect(errors.filter((e) => !statisticsMissing(e))).toEqual([]);
    });

    test('a loaded ESCO language with no catalogue: its labels, the pages in English, said once', async () => {
      const page = await newPage();
      // As a server whose build has no French catalogue: the shell lists only the other two.
      await page.route('**/occupation?*', async (route) => {
        const res = await route.fetch();
        await route.fulfill({ response: res, body: (await res.text()).replace('<meta name="lmi-ui-languages" content="de,en,fr">', '<meta name="lmi-ui-languages" content="de,en">') });
      });
      await page.goto(`${smallServer.url}/occupation?id=${SPECIALIST_NURSE}&lang=fr`);
      await page.locator('h1', { hasText: 'infirmier spécialisé/infirmière spécialisée' }).waitFor();
      expect(await inPage<string>(page, 'document.documentElement.lang')).toBe('en');
      expect(await page.locator('nav a[data-nav="/"]').textContent()).toBe('Search');
      expect(await page.locator('#skills-heading').textContent()).toBe('Skills');
      expect(await page.locator('.lang-notice:visible').allTextContents()).toEqual([
        'These pages are not translated into French yet: occupation and skill names are in French, everything else is in English.',
      ]);
      expect(await page.getByLabel('Language', { exact: true }).inputValue()).toBe('fr');
      expect(errors.filter((e) => !statisticsMissing(e))).toEqual([]);
    });
  });
});

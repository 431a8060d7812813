/**
 * The adviser's pages in a real browser: Debian's Chromium driven by playwright-core, against the
 * app serving a database filled by the project's own ingesters from the shared fixtures (ESCO
 * v1.1.1, lfsa_egised, nama_10_a10_e, une_rt_a). Every page is checked for console errors and for
 * requests leaving 127.0.0.1. Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWebDb, CHROMIUM, CHROMIUM_ARGS, SPECIALIST_NURSE } from '../../bench/web.js';
import { openWritable } from '../../data/db.js';
import { IngestError } from '../../data/errors.js';
import { silentLogger } from '../../ingest/core/log.js';
import { runIngest, type IngestContext } from '../../ingest/core/source.js';
import { ingestEurostatDataset } from '../../ingest/eurostat/run.js';
import { buildWeb } from './build-web.js';
import { A4_CONTENT, printedPages, printLayout } from './print.js';
import { describeWithFixtures, getJson, serveDb, tempDb, tempDir, type TestServer } from '../helpers.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`);
const describeBrowser = haveChromium ? describeWithFixtures : (name: string, fn: () => void) => describe.skip(`${name} (needs ${CHROMIUM})`, fn);

interface Watched {
  page: Page;
  consoleErrors: string[];
  offHost: string[];
}

/** Runs a browser-side expression (a string: this file is type-checked without the DOM library). */
const inPage = <T>(page: Page, expression: string) => page.evaluate(expression) as Promise<T>;

/**
 * Browser-side WCAG contrast check: for every visible element with its own text, the contrast of its
 * colour against the first opaque background behind it (WCAG 2.x relative luminance). Returns the
 * failures as 'ratio text'.
 */
const CONTRAST_CHECK = `(() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const fg = rgb(style.color).slice(0, 3);
    const [l1, l2] = [lum(fg), lum(background(el))].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) failures.push(ratio.toFixed(2) + ' ' + el.textContent.trim().slice(0, 40));
  }
  return failures;
})()`;

/** Figures as the pages print them (en-GB grouping, fixed decimals). */
const fmt = (v: number, decimals: number) => v.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

describeBrowser('web pages in Chromium', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  const open: Watched[] = [];

  beforeAll(async () => {
    buildWeb(); // the pages run the compiled browser code: build it from the sources under test
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = tempDir('lmi-web-');
    const dbPath = join(dir.dir, 'lmi.sqlite');
    await buildWebDb(dbPath);
    // Job vacancy rates are not among the shared fixtures: a small one in the API's format (tests/fixtures/web).
    const db = openWritable(dbPath);
    const ctx: IngestContext = { db, log: silentLogger, trigger: 'cli' };
    await runIngest(ctx, 'eurostat:jvs_q_nace2', () => ingestEurostatDataset(ctx, { code: 'jvs_q_nace2', from: join('tests', 'fixtures', 'web', 'jvs_q_nace2_si.json') }));
    // A failed later run, for the Sources page's run history (the loaded data stays as it was).
    await expect(
      runIngest(ctx, 'eurostat:jvs_q_nace2', async () => {
        throw new IngestError('timeout', 'https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data/jvs_q_nace2: no answer within 60 s');
      }),
    ).rejects.toThrow('no answer within 60 s');
    db.close();
    server = await serveDb(dbPath);
    const { chromium } = await import('playwright-core');
    // launch() gives Chromium a fresh temporary user-data-dir of its own (removed on close).
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    dir?.cleanup();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1024, height: 768 }, acceptDownloads: true });
  });

  afterEach(async () => {
    await context?.close();
    open.length = 0;
  });

  /** A page whose console errors and off-host requests are recorded (the latter also blocked). */
  async function watchedPage(): Promise<Watched> {
    const page = await context.newPage();
    const w: Watched = { page, consoleErrors: [], offHost: [] };
    page.on('console', (msg) => {
      if (msg.type() === 'error') w.consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => w.consoleErrors.push(`page error: ${err.message}`));
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
      w.offHost.push(route.request().url());
      return route.abort();
    });
    page.on('requestfailed', (req) => {
      const url = new URL(req.url());
      if (url.hostname !== '127.0.0.1' && !w.offHost.includes(req.url())) w.offHost.push(req.url());
    });
    open.push(w);
    return w;
  }

  function expectClean(w: Watched): void {
    expect(w.consoleErrors).toEqual([]);
    expect(w.offHost).toEqual([]);
  }

  /**
   * The first printed page is the one-page sheet: the occupation, chart, essential skills and footer
   * end above the foot of an A4 page, and "where could this lead?" starts after the footer, on a new page.
   */
  async function expectFirstPage(page: Page): Promise<void> {
    const box = await printLayout(page, ['h1', 'figure[data-chart="trend"]', '.skill-group.essential', '.attribution', '.site-footer', '.tr-handout']);
    const pageOne = ['h1', 'figure[data-chart="trend"]', '.skill-group.essential', '.attribution', '.site-footer'];
    expect(pageOne.filter((s) => !(box[s] && box[s].bottom <= A4_CONTENT.height)).map((s) => `${s} ends at ${box[s]?.bottom}`)).toEqual([]);
    expect(box['.tr-handout']!.top).toBeGreaterThanOrEqual(box['.site-footer']!.bottom);
    expect(box['.tr-handout']!.breakBefore).toBe('page');
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  test('search: type "nur", move through the results with the keyboard and open specialist nurse', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${server.url}/`);
    const box = page.getByLabel('Search occupations', { exact: true });
    expect(await box.getAttribute('type')).toBe('search');
    await box.pressSequentially('nur');
    await page.locator('#occupation-search-results a', { hasText: 'specialist nurse' }).waitFor();
    const api = await getJson(server.url, '/api/occupations?q=nur&lang=en&limit=20');
    const labels = await page.locator('#occupation-search-results .result-label').allTextContents();
    expect(labels).toEqual(api.body.items.map((i: { label: string }) => i.label));
    // The code beside a result is ESCO's (2221.3), not an ISCO code, and says so.
    const codes = await page.locator('#occupation-search-results .code').allTextContents();
    expect(codes).toEqual(api.body.items.map((i: { code: string }) => `ESCO ${i.code}`));
    expect(codes[labels.indexOf('specialist nurse')]).toBe('ESCO 2221.3');
    expect(await page.locator('#occupation-search-status').textContent()).toContain(`${api.body.total} occupations found`);
    expect(page.url()).toContain('q=nur');
    await shot(page, 'search-nur');

    // Keyboard only: down into the list, down to "specialist nurse", Enter.
    await box.press('ArrowDown');
    const target = labels.indexOf('specialist nurse');
    expect(target).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
    expect(await inPage<string>(page, 'document.activeElement?.textContent')).toContain('specialist nurse');
    await Promise.all([page.waitForURL(/\/occupation\?/), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).searchParams.get('id')).toBe(SPECIALIST_NURSE);
    await page.locator('h1', { hasText: 'specialist nurse' }).waitFor();
    // Until a country is picked, figures are for the EU aggregate.
    expect(new URL(page.url()).searchParams.get('geo')).toBe('EU27_2020');
    expectClean(w);
  });

  test('search: a typo is answered with "Showing results for …"; the skill search finds a skill and opens it', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${server.url}/`);
    await page.getByLabel('Search occupations', { exact: true }).fill('dividend ajalyst');
    await page.locator('#occupation-search-status', { hasText: 'Showing results for' }).waitFor();
    const api = await getJson(server.url, '/api/occupations?q=dividend%20ajalyst&lang=en&limit=20');
    expect([api.body.fuzzy, api.body.correctedQuery]).toEqual([true, 'dividend analyst']);
    expect(await page.locator('#occupation-search-status').textContent()).toBe(`Nothing matches “dividend ajalyst” as typed. Showing results for “dividend analyst”. ${api.body.total} occupation${api.body.total === 1 ? '' : 's'} found.${api.body.total === 1 ? ' Press the down arrow to move to it.' : ' Press the down arrow to move through them.'}`);
    expect(await page.locator('#occupation-search-results .result-label').allTextContents()).toEqual(api.body.items.map((i: { label: string }) => i.label));

    const skills = page.getByLabel('Search skills', { exact: true });
    await skills.fill('forklift');
    const skillApi = await getJson(server.url, '/api/skills?q=forklift&lang=en&limit=20');
    expect(skillApi.body.total).toBeGreaterThan(0);
    await page.locator('#skill-search-results a').first().waitFor();
    expect(await page.locator('#skill-search-results .result-label').allTextContents()).toEqual(skillApi.body.items.map((i: { label: string }) => i.label));
    expect(await page.locator('#skill-search-status').textContent()).toContain(`${skillApi.body.total} skill`);
    expect(new URL(page.url()).searchParams.get('skill')).toBe('forklift');
    await Promise.all([page.waitForURL(/\/skill\?/), page.locator('#skill-search-results a').first().click()]);
    expect(new URL(page.url()).searchParams.get('id')).toBe(skillApi.body.items[0].id);
    await page.locator('h1', { hasText: skillApi.body.items[0].label }).waitFor();
    expectClean(w);
  });

  test('the country picked is remembered between visits and carried by the links', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${server.url}/unemployment`);
    await page.locator('figure[data-chart="unemployment"][data-drawn="true"]').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Unemployment: the EU');
    await Promise.all([page.waitForEvent('load'), page.getByLabel('Country', { exact: true }).selectOption('AT')]);
    await page.locator('h1', { hasText: 'Austria' }).waitFor();
    expect(new URL(page.url()).searchParams.get('geo')).toBe('AT');
    // A later visit without any parameter: the remembered country, in the URL and in every nav link.
    await page.goto(`${server.url}/sectors`);
    await page.locator('figure[data-chart="sectors"][data-drawn="true"]').waitFor();
    expect(new URL(page.url()).searchParams.get('geo')).toBe('AT');
    expect(await page.locator('h1').textContent()).toBe('Employment by sector: Austria');
    expect(await page.locator('nav a[data-nav="/unemployment"]').getAttribute('href')).toBe('/unemployment?geo=AT&lang=en');
    expectClean(w);
  });

  test('occupation: skills listed and linked, the trend chart drawn with one point per year of the API series', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${server.url}/occupation?id=${SPECIALIST_NURSE}&geo=SI&lang=en`);
    const figure = page.locator('figure.chart[data-chart="trend"][data-drawn="true"]');
    await figure.waitFor();

    // Skills: 60 essential and 9 optional (ESCO v1.1.1), each a link to the skill page.
    expect(await page.locator('.skill-group.essential ul.skills li').count()).toBe(60);
    expect(await page.locator('.skill-group.optional ul.skills li').count()).toBe(9);
    expect(await page.locator('.skill-group.essential h3').textContent()).toBe('Essential (60)');
    const firstSkill = page.locator('.skill-group.essential ul.skills a').first();
    expect(await firstSkill.getAttribute('href')).toMatch(/^\/skill\?id=[0-9a-f-]{36}&geo=SI&lang=en$/);
    expect(await page.locator('.isco-path li').allTextContents()).toEqual(['2 Professionals', '22 Health professionals', '222 Nursing and midwifery professionals', '2221 Nursing professionals']);

    // The chart against the API: lfsa_egised OC2 in Slovenia, 1996-2023, flags kept.
    const api = (await getJson(server.url, `/api/occupations/${SPECIALIST_NURSE}/trend?geo=SI`)).body as { points: { period: string; value: number | null; flag: string | null }[] };
    expect(api.points).toHaveLength(28);
    // What Chart.js itself holds for the drawn chart.
    const drawn = await inPage<{ labels: string[]; data: (number | null)[] } | null>(
      page,
      `(() => {
        const chart = window.Chart?.getChart(document.querySelector('figure[data-chart="trend"] canvas'));
        return chart ? { labels: chart.data.labels, data: chart.data.datasets[0].data } : null;
      })()`,
    );
    expect(drawn).toEqual({ labels: api.points.map((p) => p.period), data: api.points.map((p) => p.value) });
    expect(await figure.getAttribute('data-periods')).toBe('28');
    const rows = await figure.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).toEqual(api.points.map((p) => [p.period, `${fmt(p.value!, 1)}${p.flag ? ` ${p.flag}` : ''}`]));

    // Caption: title, reading computed from the data, source with dataset code, period, flags explained.
    expect(await figure.locator('.chart-title').textContent()).toBe('Employment in ISCO group 2 “Professionals”, Slovenia');
    // No "{label}s" plural: "specialist nurses" would work, "nurse responsible for general cares" would not.
    expect(await page.locator('.mapping').textContent()).toBe(
      'Specialist nurse is in ISCO unit group 2221; Eurostat publishes employment for the major group (1 digit) 2 Professionals (dataset lfsa_egised). Figures cover everyone in that group, not only people working as “specialist nurse”.',
    );
    expect(await figure.locator('.reading').textContent()).toBe(
      'Employment in the group “Professionals” in Slovenia rose 16% between 2013 and 2023 (from 194.6 to 225.5 thousand people). The 2023 figure is flagged: break in time series.',
    );
    expect(await figure.locator('.chart-source').textContent()).toMatch(/^Source: Eurostat, dataset lfsa_egised · period 1996–2023 · /);
    expect(await figure.locator('.chart-flags').textContent()).toBe('Flags (▲ on the chart): b: break in time series.');
    expect(await page.locator('footer').textContent()).toContain('This service uses the ESCO classification of the European Commission.');
    await shot(page, 'occupation-specialist-nurse-SI');
    expectClean(w);
  });

  test('occupation: another country and the EU added on request, kept in the URL', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${server.url}/occupation?id=${SPECIALIST_NURSE}&geo=SI&lang=en`);
    await page.locator('figure[data-chart="trend"][data-drawn="true"]').waitFor();
    // Only countries lfsa_egised has are offered (Liechtenstein is not among them).
    await page.locator('#compare-geo option[value="LI"]').waitFor({ state: 'detached' });
    expect(await page.locator('#compare-geo option').count()).toBe(30);
    await page.getByLabel('Compare with', { exact: true }).selectOption('AT');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Add to chart' }).click()]);
    await page.getByLabel('Compare with', { exact: true }).selectOption('EU27_2020');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Add to chart' }).click()]);
    const figure = page.locator('figure[data-chart="trend"][data-drawn="true"]');
    await figure.waitFor();
    expect(new URL(page.url()).searchParams.get('compare')).toBe('AT,EU27_2020');
    expect(await figure.getAttribute('data-series')).toBe('3');
    expect(await figure.locator('thead th').allTextContents()).toEqual(['Year', 'Slovenia', 'Austria', 'European Union - 27 countries (from 2020)']);
    const at = (await getJson(server.url, `/api/occupations/${SPECIALIST_NURSE}/trend?geo=AT`)).body as { points: { period: string; value: number | null }[] };
    const v = (period: string) => at.points.find((p) => p.period === period)!.value!;
    const row2015 = () => figure.locator('tbody tr', { has: page.locator('th', { hasText: /^2015$/ }) }).locator('td').allTextContents();
    // Compared countries are shown as an index, 2013 (the start of the reading) = 100.
    expect(await figure.locator('.chart-title').textContent()).toBe('Employment in ISCO group 2 “Professionals”, Slovenia, Austria and the EU (index, 2013 = 100)');
    expect((await row2015())[1]).toMatch(new RegExp(`^${fmt(Math.round((v('2015') / v('2013')) * 1000) / 10, 1).replace('.', '\\.')}`));
    expect(await figure.locator('tbody tr', { has: page.locator('th', { hasText: /^2013$/ }) }).locator('td').allTextContents()).toEqual(['100.0', '100.0', '100.0']);
    // The reading adds Austria over the same years as Slovenia's (2013-2023), from the API's figures.
    const change = Math.round(((v('2023') - v('2013')) / v('2013')) * 100);
    expect(await figure.locator('.reading').textContent()).toContain(` In Austria it ${change >= 0 ? 'rose' : 'fell'} ${Math.abs(change)}% over the same years.`);
    await shot(page, 'occupation-compare');
    // The published levels on request (view=level in the URL).
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Show in thousands of persons' }).click()]);
    await figure.waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('level');
    expect(await figure.locator('.chart-title').textContent()).toBe('Employment in ISCO group 2 “Professionals”, Slovenia, Austria and the EU');
    expect((await row2015())[1]).toMatch(new RegExp(`^${fmt(v('2015'), 1).replace('.', '\\.')}`));
    expect(await page.getByRole('button', { name: 'Show as index (2013 = 100)' }).count()).toBe(1);
    expectClean(w);
  });

  test('client mode: one chart and its sentence fill the screen in large type; Escape leaves it', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${server.url}/occupation?id=${SPECIALIST_NURSE}&geo=SI&lang=en`);
    await page.locator('figure[data-chart="trend"][data-drawn="true"]').waitFor();
    await page.getByRole('button', { name: 'Show client' }).click();
    expect(new URL(page.url()).searchParams.get('client')).toBe('trend');
    const box = await page.locator('figure.client').boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 1024, height: 768 });
    expect(await page.locator('header.site-header').isVisible()).toBe(false);
    expect(await page.locator('.skills-section').isVisible()).toBe(false);
    expect(await page.locator('figure.client table').isVisible()).toBe(false);
    const readingSize = Number.parseFloat(await inPage<string>(page, `getComputedStyle(document.querySelector('figure.client .reading')).fontSize`));
    expect(readingSize).toBeGreaterThanOrEqual(28);
    await shot(page, 'client-mode');
    await page.keyboard.press('Escape');
    expect(await page.locator('figure.client').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('client')).toBeNull();
    // A shared link opens straight into client mode.
    await page.goto(`${server.url}/occupation?id=${SPECIALIST_NURSE}&geo=SI&lang=en&client=trend`);
    await page.locator('figure.client[data-drawn="true"]').waitFor();
    expectClean(w);
  });

  test('print: the first page of the handout is one A4 sheet with the occupation, essential skills, trend chart and sources', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${server.url}/occupation?id=${SPECIALIST_NURSE}&geo=SI&lang=en`);
    await page.locator('figure[data-chart="trend"][data-drawn="true"]').waitFor();
    // "Where could this lead?" loaded: it prints as the second page (tests/browser/transitions.test.ts).
    await page.locator('.transitions-list li').first().waitFor();
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['.site-header nav', '.prefs', '.gap', '.related', '.skill-group.optional', '.chart-actions', 'figure .table-wrap', '.transitions']) {
      expect(await page.locator(hidden).first().isVisible()).toBe(false);
    }
    for (const shown of ['h1', '.skill-group.essential', 'figure.chart canvas', 'figure .chart-source', 'footer', '.tr-handout']) {
      expect(await page.locator(shown).first().isVisible()).toBe(true);
    }
    await shot(page, 'print-handout');
    expect(await printedPages(page)).toBe(2);
    await expectFirstPage(page);
    // The longest list in ESCO v1.1.1 (chiropractor, 133 essential skills) is set denser and still fits.
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.emulateMedia({ media: null });
    await page.goto(`${server.url}/occupation?id=49e4e358-8ba3-4a05-8ef9-abb73156f5f7&geo=SI&lang=en`);
    await page.locator('figure[data-chart="trend"][data-drawn="true"]').waitFor();
    await page.locator('.transitions-list li').first().waitFor();
    expect(await page.locator('.skill-group.essential.many ul.skills li').count()).toBe(133);
    expect(await printedPages(page)).toBe(2);
    await expectFirstPage(page);
    await shot(page, 'print-handout-133-skills');
    expectClean(w);
  });

  test('skills gap: compare with another occupation picked by search, lists equal to the API', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${server.url}/occupation?id=${SPECIALIST_NURSE}&geo=SI&lang=en`);
    await page.getByLabel('Occupation to compare with', { exact: true }).fill('advanced nurse');
    const link = page.locator('#gap-search-results a', { hasText: 'advanced nurse practitioner' });
    await link.waitFor();
    await Promise.all([page.waitForURL(/gap=/), link.click()]);
    const result = page.locator('.gap-result h3');
    await result.waitFor();
    expect(await result.textContent()).toBe('From specialist nurse to advanced nurse practitioner');
    const target = new URL(page.url()).searchParams.get('gap')!;
    const api = (await getJson(server.url, `/api/occupations/${SPECIALIST_NURSE}/gap?to=${target}`)).body as Record<'held' | 'toCheck' | 'toGain', { label: string }[]> & { targetEssentialSkills: number };
    const lists = await page.locator('.gap-result .columns > div').evaluateAll((divs) => divs.map((d) => [...d.querySelectorAll('li')].map((li) => li.textContent)));
    expect(lists).toEqual([api.held, api.toCheck, api.toGain].map((l) => l.map((s) => s.label)));
    expect(await page.locator('.gap-result .reading').textContent()).toBe(
      `Of the ${api.targetEssentialSkills} essential skills of advanced nurse practitioner, ${api.held.length} are also essential for specialist nurse` +
        (api.toCheck.length ? `, ${api.toCheck.length} ${api.toCheck.length === 1 ? 'is' : 'are'} optional for it` : '') +
        `, and ${api.toGain.length} would need to be gained.`,
    );
    await shot(page, 'skills-gap');
    expectClean(w);
  });

  test('downloads: the chart as PNG and its figures as CSV with flags and source', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${server.url}/occupation?id=${SPECIALIST_NURSE}&geo=SI&lang=en`);
    await page.locator('figure[data-chart="trend"][data-drawn="true"]').waitFor();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('employment-2-SI.csv');
    const text = readFileSync((await csv.path())!, 'utf8');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('series,year,value,flag,unit,source');
    expect(lines).toHaveLength(29);
    // The TSV download carries no update date: the CSV says so and when it was loaded, like the chart.
    const loadedAt = (await getJson(server.url, `/api/occupations/${SPECIALIST_NURSE}/trend?geo=SI`)).body.dataset.loadedAt as string;
    expect(lines).toContain(`Slovenia,2023,225.5,b,Thousands of persons,"Source: Eurostat (lfsa_egised), update date not given by the file; loaded ${loadedAt}"`);
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('employment-2-SI.png');
    const image = readFileSync((await png.path())!);
    expect(image.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // Taller than the chart itself: the title, reading and source are drawn around it (IHDR width/height).
    const canvasSize = await inPage<{ width: number; height: number }>(page, `(() => { const c = document.querySelector('figure[data-chart="trend"] canvas'); return { width: c.width, height: c.height }; })()`);
    expect(image.readUInt32BE(16)).toBeGreaterThan(canvasSize.width);
    expect(image.readUInt32BE(20)).toBeGreaterThan(canvasSize.height + 80);
    expectClean(w);
  });

  test('sectors: the table equals /api/sectors for Slovenia, sortable by 5-year change', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${server.url}/sectors?geo=SI&lang=en`);
    await page.locator('figure[data-chart="sectors"][data-drawn="true"]').waitFor();
    type Point = { period: string; value: number; flag: string | null };
    const api = (await getJson(server.url, '/api/sectors?geo=SI')).body as {
      sectors: { code: string; label: string; latest: Point | null; change5y: { percent: number | null } | null; vacancyRate: Point | null }[];
    };
    expect(api.sectors).toHaveLength(11);
    const table = page.locator('#sector-table');
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-code'), ...[...tr.children].map((c) => c.textContent)]));
    const expected = [...api.sectors]
      .sort((a, b) => (b.latest?.value ?? -1) - (a.latest?.value ?? -1))
      .map((s) => [
        s.code,
        s.label,
        fmt(s.latest!.value, 2),
        s.latest!.period,
        s.change5y?.percent != null ? `${s.change5y.percent > 0 ? '+' : ''}${fmt(s.change5y.percent, 1)}%` : 'n/a',
        s.vacancyRate ? `${fmt(s.vacancyRate.value, 1)}%${s.vacancyRate.flag ? ` ${s.vacancyRate.flag}` : ''}` : 'n/a',
      ]);
    expect(rows).toEqual(expected);
    // As published: 'THS_PER,B-E,EMP_DC,SI  217.80' (2016) in nama_10_a10_e; vacancy rate 2024-Q4 of the jvs fixture, provisional.
    expect(rows[0]).toEqual(['B-E', 'Industry (except construction)', '217.80', '2016', '+0.8%', '2.1% p']);
    expect(rows.filter((r) => r[5] !== 'n/a')).toHaveLength(5);
    expect(await table.locator('th[data-key="vacancy"]').textContent()).toBe('Vacancy rate 2024-Q4');
    // A*10 lists manufacturing beside the industry group that contains it: the page says so.
    expect(await page.locator('main p.lead').textContent()).toBe(
      'NACE Rev. 2 A*10 industry groups, thousands of persons employed; all sectors together: 960.6 thousand in 2016. Open a sector for its trend. Manufacturing is part of industry (except construction), shown on its own as well.',
    );

    await table.getByRole('button', { name: '5-year change' }).click();
    expect(await table.locator('th[data-key="change"]').getAttribute('aria-sort')).toBe('descending');
    const best = [...api.sectors].sort((a, b) => (b.change5y?.percent ?? -999) - (a.change5y?.percent ?? -999))[0]!;
    expect(await table.locator('tbody tr').first().getAttribute('data-code')).toBe(best.code);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('change');
    const chartRows = await page.locator('figure[data-chart="sectors"] tbody tr').count();
    expect(chartRows).toBe(11);
    expect(await page.locator('figure[data-chart="sectors"] .chart-source').textContent()).toMatch(/^Source: Eurostat, dataset nama_10_a10_e · period 2016 · /);
    await shot(page, 'sectors-SI');

    // A sector page with its trend.
    await Promise.all([page.waitForURL(/\/sector\?/), table.getByRole('link', { name: 'Construction', exact: true }).click()]);
    const fig = page.locator('figure[data-chart="sector-trend"][data-drawn="true"]');
    await fig.waitFor();
    const sector = (await getJson(server.url, '/api/sectors/F?geo=SI')).body as { points: unknown[] };
    expect(await fig.locator('tbody tr').count()).toBe(sector.points.length);
    // Its job vacancy rate, quarter by quarter.
    const vacancies = page.locator('figure[data-chart="sector-vacancies"][data-drawn="true"]');
    await vacancies.waitFor();
    expect(await vacancies.locator('tbody th').allTextContents()).toEqual(['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    expect(await vacancies.locator('tbody td').allTextContents()).toEqual(['3.1', '3.4', '3.2', '3.1', '2.9', '3.2', '3.0', '2.9 p']);
    expect(await vacancies.locator('.reading').textContent()).toBe('The job vacancy rate in Slovenia fell from 3.1% in 2023-Q4 to 2.9% in 2024-Q4.');
    expect(await vacancies.locator('.chart-source').textContent()).toBe('Source: Eurostat, dataset jvs_q_nace2 · period 2023-Q1–2024-Q4 · updated by Eurostat 17 Mar 2026');
    await shot(page, 'sector-F-SI');
    expectClean(w);
  });

  test('unemployment: the country against the EU, with the sentence computed from une_rt_a', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${server.url}/unemployment?geo=SI&lang=en`);
    const figure = page.locator('figure[data-chart="unemployment"][data-drawn="true"]');
    await figure.waitFor();
    expect(await figure.locator('.chart-title').textContent()).toBe('Unemployment rate in Slovenia and the EU');
    expect(await figure.locator('.reading').textContent()).toBe('The unemployment rate in Slovenia fell from 5.0% in 2020 to 3.9% in 2025; in the EU it was 6.0% in 2025.');
    expect(await figure.locator('thead th').allTextContents()).toEqual(['Year', 'Slovenia', 'European Union - 27 countries (from 2020)']);
    expect(await figure.locator('.chart-source').textContent()).toBe('Source: Eurostat, dataset une_rt_a · period 2020–2025 · updated by Eurostat 29 Apr 2026');
    // The fixture has the totals only: the breakdowns say what to load instead of drawing nothing.
    expect(await page.locator('p.hint', { hasText: 'Unemployment by sex is not in the loaded data' }).count()).toBe(1);
    await shot(page, 'unemployment-SI');
    expectClean(w);
  });

  test('unemployment by sex and by age when loaded, a missing year drawn as a gap and a flag explained', async () => {
    // A database holding only a small une_rt_a with sexes and age bands (tests/fixtures/web), loaded by the Eurostat ingester.
    const small = tempDb();
    const ctx: IngestContext = { db: small.db, log: silentLogger, trigger: 'cli' };
    await runIngest(ctx, 'eurostat:une_rt_a', () => ingestEurostatDataset(ctx, { code: 'une_rt_a', from: join('tests', 'fixtures', 'web', 'une_rt_a_sex_age.json') }));
    small.db.close();
    const other = await serveDb(small.path);
    try {
      const w = await watchedPage();
      const { page } = w;
      await page.goto(`${other.url}/unemployment?geo=SI&lang=en`);
      const bySex = page.locator('figure[data-chart="unemployment-sex"][data-drawn="true"]');
      const byAge = page.locator('figure[data-chart="unemployment-age"][data-drawn="true"]');
      await bySex.waitFor();
      await byAge.waitFor();
      expect(await bySex.locator('.chart-title').textContent()).toBe('Unemployment rate by sex, Slovenia');
      expect(await bySex.locator('.reading').textContent()).toBe('The unemployment rate of women in Slovenia fell from 5.0% in 2021 to 4.2% in 2024; for men it was 3.8% in 2024.');
      expect(await bySex.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)))).toEqual([
        ['2021', '5.0', '4.5'],
        ['2022', '4.7', '4.2'],
        ['2023', '4.5', '4.0'],
        ['2024', '4.2', '3.8'],
      ]);
      expect(await byAge.locator('thead th').allTextContents()).toEqual(['Year', 'Aged 15–24', 'Aged 25–54', 'Aged 55–74']);
      // SI 15-24 has no 2022 figure: a gap in the line (null in the chart), never a zero.
      expect(await byAge.locator('tbody tr').nth(1).locator('td').first().textContent()).toBe('no value');
      const youth = await inPage<(number | null)[]>(page, `window.Chart.getChart(document.querySelector('figure[data-chart="unemployment-age"] canvas')).data.datasets[0].data`);
      expect(youth).toEqual([12.8, null, 11.5, 10.9]);
      expect(await byAge.locator('.chart-gaps').textContent()).toBe('Gaps in a line are periods with no published figure.');
      expect(await byAge.locator('.chart-flags').textContent()).toBe('Flags (▲ on the chart): u: low reliability.');
      expect(await byAge.locator('tbody tr').nth(3).locator('td').first().textContent()).toBe('10.9 u');
      expect(await byAge.locator('.reading').textContent()).toBe('The unemployment rate of people aged 15–24 in Slovenia fell from 12.8% in 2021 to 10.9% in 2024; for people aged 25–54 it was 3.6% in 2024.');
      await shot(page, 'unemployment-by-sex-age');
      expectClean(w);
    } finally {
      await other.close();
      small.cleanup();
    }
  });

  test('sources: versions, last update, load time and the runs of each source', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${server.url}/sources`);
    const rows = page.locator('#sources-table tbody tr');
    await rows.first().waitFor();
    const names = ['esco', 'eurostat:jvs_q_nace2', 'eurostat:lfsa_egised', 'eurostat:nama_10_a10_e', 'eurostat:une_rt_a'];
    expect(await rows.locator('th').allTextContents()).toEqual(names);
    expect(await page.locator('#sources-table tr[data-source="esco"] td').first().textContent()).toBe('v1.1.1');
    expect(await page.locator('#sources-table tr[data-source="eurostat:une_rt_a"] td').nth(1).textContent()).toBe('29 Apr 2026');
    // Run history: every source's recorded runs, newest first (bench/web.ts buildWebDb, and jvs above: loaded, then a failed run).
    const history = await page.locator('table.runs-table').evaluateAll((tables) =>
      tables.map((t) => [t.getAttribute('data-source'), t.querySelector('caption')?.textContent, [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].slice(3).map((c) => c.textContent))]),
    );
    const loadedOnce = (name: string) => [name, `${name}: its one recorded run`, [['success', 'cli', '']]];
    expect(history).toEqual([
      loadedOnce('esco'),
      [
        'eurostat:jvs_q_nace2',
        'eurostat:jvs_q_nace2: the latest 2 runs, newest first',
        [
          ['failed', 'cli', 'timeout: https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data/jvs_q_nace2: no answer within 60 s'],
          ['success', 'cli', ''],
        ],
      ],
      ...names.slice(2).map(loadedOnce),
    ]);
    // The same runs as the public API carries, with their start times.
    const { body } = await getJson(server.url, '/api/sources');
    const jvsRuns = (body.sources as { name: string; recentRuns: { startedAt: string; outcome: string }[] }[]).find((x) => x.name === 'eurostat:jvs_q_nace2')!.recentRuns;
    expect(jvsRuns.map((r) => r.outcome)).toEqual(['failed', 'success']);
    const started = await page.locator('table.runs-table[data-source="eurostat:jvs_q_nace2"] tbody tr td:first-child').allTextContents();
    // (the month's short name is left to the browser's locale data: "Sep" or "Sept")
    expect(started).toEqual(jvsRuns.map((r) => expect.stringMatching(new RegExp(`^${Number(r.startedAt.slice(8, 10))} \\w+ ${r.startedAt.slice(0, 4)}, ${r.startedAt.slice(11, 16)} UTC$`))));
    // The long URL in the error message wraps: the page never scrolls sideways at 1024 px.
    expect(await inPage<number>(page, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(1024);
    await shot(page, 'sources');
    expectClean(w);
  });

  test('no data loaded: a clear notice with the command to run, not an empty chart', async () => {
    const w = await watchedPage();
    const { page } = w;
    // Liechtenstein is not in the lfsa_egised fixture.
    await page.goto(`${server.url}/occupation?id=${SPECIALIST_NURSE}&geo=LI&lang=en`);
    const notice = page.locator('.trend .notice-empty');
    await notice.waitFor();
    expect(await notice.locator('.notice-title').textContent()).toBe('No data loaded: employment by occupation group for Liechtenstein.');
    expect(await notice.locator('code').allTextContents()).toEqual(['npx lmi ingest eurostat lfsa_egai2d lfsa_egised', 'npx lmi ingest eurostat --from estat_lfsa_egised.tsv']);
    expect(await page.locator('figure.chart').count()).toBe(0);
    // The only console error is the browser's own line for the API's 404.
    expect(w.consoleErrors).toEqual([expect.stringContaining('404')]);
    expect(w.offHost).toEqual([]);
    await shot(page, 'no-data-LI');
    // An unknown occupation: said plainly, with the way back to search.
    await page.goto(`${server.url}/occupation?id=00000000-0000-0000-0000-000000000000&geo=SI&lang=en`);
    await page.locator('h1', { hasText: 'Occupation not found' }).waitFor();
    expect(await page.locator('.notice-error p').allTextContents()).toEqual(['Could not load the occupation.', 'occupation 00000000-0000-0000-0000-000000000000 not found']);
    expect(await page.getByRole('link', { name: 'Search again' }).getAttribute('href')).toBe('/?geo=SI&lang=en');
  });

  test('an empty database: search and occupation pages say what to ingest', async () => {
    const empty = tempDb();
    empty.db.close();
    const other = await serveDb(empty.path);
    try {
      const w = await watchedPage();
      const { page } = w;
      await page.goto(`${other.url}/?q=nur`);
      await page.locator('#occupation-search-status', { hasText: 'No occupations are loaded yet' }).waitFor();
      expect(await page.locator('#occupation-search-status').textContent()).toBe('No occupations are loaded yet. To load them, run: npx lmi ingest esco --from PATH/TO/ESCO-CSV-DOWNLOAD');
      await page.goto(`${other.url}/occupation?id=${SPECIALIST_NURSE}`);
      await page.locator('.notice-empty').waitFor();
      expect(await page.locator('.notice-empty .notice-title').textContent()).toBe('No data loaded: ESCO occupations.');
      await shot(page, 'empty-database');
      // The API's answers to the search and the occupation page's two requests (two 400s, no ESCO; one 404, no trend
      // dataset) are the only console errors: the browser logs every failed request, in whichever order they finish.
      expect(w.consoleErrors.map((e) => /status of (\d+)/.exec(e)?.[1]).sort()).toEqual(['400', '400', '404']);
      for (const e of w.consoleErrors) expect(e).toMatch(/^Failed to load resource: the server responded with a status of 40[04] /);
      expect(w.offHost).toEqual([]);
    } finally {
      await other.close();
      empty.cleanup();
    }
  });

  test('labels are text, never markup; pages carry a strict CSP that the API does not need', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${server.url}/`);
    await page.getByLabel('Search occupations', { exact: true }).fill('<img src=x onerror="window.pwned=1">');
    await page.locator('#occupation-search-status', { hasText: 'No occupation matches' }).waitFor();
    expect(await page.locator('#occupation-search-status').textContent()).toBe('No occupation matches “<img src=x onerror="window.pwned=1">”.');
    expect(await page.locator('main img').count()).toBe(0);
    expect(await inPage<unknown>(page, 'window.pwned')).toBeUndefined();
    // Offered: the loaded ESCO languages and those the pages are translated into; a link asking for
    // another falls back to English.
    expect(await page.locator('#pref-lang option').allTextContents()).toEqual(['Deutsch', 'English', 'français']);
    await page.goto(`${server.url}/?lang=sl&q=nurse`);
    await page.locator('#occupation-search-results a').first().waitFor();
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    // An apostrophe and non-ASCII from ESCO, shown as written.
    await page.goto(`${server.url}/occupation?id=${SPECIALIST_NURSE}&geo=SI&lang=en`);
    await page.locator('.skill-group.essential').waitFor();
    expect(await page.locator('.skill-group.essential a', { hasText: "advise on healthcare users' informed consent" }).count()).toBe(1);
    expectClean(w);

    const pageRes = await fetch(`${server.url}/occupation`);
    const csp = pageRes.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const apiRes = await fetch(`${server.url}/api/health`);
    expect(apiRes.headers.get('content-security-policy')).toBeNull();
    expect(apiRes.status).toBe(200);
    const chartJs = await fetch(`${server.url}/assets/vendor/chart.umd.js`);
    expect(chartJs.status).toBe(200);
    expect((await chartJs.text()).slice(0, 40)).toContain('Chart.js v4');
  });

  test('WCAG AA: every text on the occupation, sectors, search and sources pages has at least 4.5:1 contrast (3:1 when large)', async () => {
    const w = await watchedPage();
    const { page } = w;
    const failures: string[] = [];
    // The sources page has a failed run, drawn in the error colour.
    const ready: Record<string, string> = { '/?': '#occupation-search-results a', '/sources': 'tr.outcome-failed' };
    for (const path of [`/occupation?id=${SPECIALIST_NURSE}&geo=SI&lang=en`, '/sectors?geo=SI&lang=en', '/?q=nur&geo=SI&lang=en', '/sources?geo=SI&lang=en']) {
      await page.goto(`${server.url}${path}`);
      const key = Object.keys(ready).find((k) => path.startsWith(k));
      await page.locator(key ? ready[key]! : 'figure.chart[data-drawn="true"]').first().waitFor();
      failures.push(...(await inPage<string[]>(page, CONTRAST_CHECK)).map((f) => `${path}: ${f}`));
    }
    expect(failures).toEqual([]);
    expectClean(w);
  });

  test('keyboard only: Tab reaches "Show client", Enter opens client mode, Enter on the same button leaves it', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.goto(`${server.url}/occupation?id=${SPECIALIST_NURSE}&geo=SI&lang=en`);
    await page.locator('figure[data-drawn="true"]').waitFor();
    let focused = '';
    for (let i = 0; i < 40 && focused !== 'Show client'; i++) {
      await page.keyboard.press('Tab');
      focused = await inPage<string>(page, 'document.activeElement?.textContent ?? ""');
    }
    expect(focused).toBe('Show client');
    const outline = await inPage<string>(page, 'getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).toBe('solid'); // the focus is visible
    await page.keyboard.press('Enter');
    expect(await page.locator('body.client-mode figure.client').count()).toBe(1);
    expect(await inPage<string>(page, 'document.activeElement?.textContent')).toBe('Exit client view');
    await page.keyboard.press('Enter');
    expect(await page.locator('figure.client').count()).toBe(0);
    expectClean(w);
  });

  test('tablet portrait (768x1024): the occupation page fits the width, no horizontal scrolling', async () => {
    const w = await watchedPage();
    const { page } = w;
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`${server.url}/occupation?id=${SPECIALIST_NURSE}&geo=SI&lang=en`);
    await page.locator('figure[data-chart="trend"][data-drawn="true"]').waitFor();
    expect(await inPage<number>(page, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(768);
    await shot(page, 'tablet-occupation');
    expectClean(w);
  });
});

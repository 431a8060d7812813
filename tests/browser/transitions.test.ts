/**
 * "Where could this lead?" on the occupation page in Chromium, on ESCO v1.1.1 and lfsa_egised from
 * the shared fixtures: the list equals the API's answer, skills are added with the keyboard and
 * removed, the state survives a reload, the table alternative and the gap link work, and the top ten
 * print as the handout's second page unless the adviser leaves them out.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildWebDb, CHROMIUM, CHROMIUM_ARGS, SPECIALIST_NURSE } from '../../bench/web.js';
import { buildWeb } from './build-web.js';
import { printedPages } from './print.js';
import { describeWithFixtures, getJson, serveDb, tempDir, type TestServer } from '../helpers.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const SHOP_ASSISTANT = '0b15375e-dfdd-4047-9efb-096e0aaee7d2';
const CUSTOMER_SERVICE = '15a33d76-4640-438d-ae64-fdc0c1d3eebc';
const haveChromium = existsSync(CHROMIUM);
const describeBrowser = haveChromium ? describeWithFixtures : (name: string, fn: () => void) => describe.skip(`${name} (needs ${CHROMIUM})`, fn);

interface Item {
  id: string;
  label: string;
  iscoGroup: string;
  held: number;
  total: number;
  employment: { iscoUsed: { code: string; label: string }; change5y: { percent: number } | null } | null;
}

describeBrowser('"Where could this lead?" in Chromium', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: TestServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    buildWeb();
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = tempDir('lmi-web-tr-');
    const dbPath = join(dir.dir, 'lmi.sqlite');
    await buildWebDb(dbPath);
    server = await serveDb(dbPath);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    dir?.cleanup();
  });

  async function openPage(query: string, id = SHOP_ASSISTANT): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${server.url}/occupation?id=${id}&geo=DE&lang=en${query}`);
    await page.locator('.transitions-list li').first().waitFor();
    return page;
  }
  const api = async (query: string, id = SHOP_ASSISTANT) =>
    (await getJson(server.url, `/api/occupations/${id}/transitions?lang=en&limit=10&geo=DE${query}`)).body as { items: Item[]; total: number; clientSkills: number };
  const shown = (page: Page) =>
    page.locator('.transitions-list li').evaluateAll((lis) =>
      lis.map((li) => [li.querySelector('.tr-name')?.textContent, li.querySelector('.tr-held')?.textContent, li.querySelector('.tr-fill')?.getAttribute('style')]),
    );
  const expected = (items: Item[]) => items.map((i) => [i.label, `${i.held} of ${i.total} essential skills held`, `width: ${Math.round((100 * i.held) / i.total)}%;`]);

  test('the top ten as the API ranks them, bars at held/total, growth of the group, links to the gap view', async () => {
    const page = await openPage('');
    const want = await api('');
    expect(await page.locator('#transitions-heading').textContent()).toBe('Where could this lead?');
    expect(await shown(page)).toEqual(expected(want.items));
    expect(await page.locator('.tr-summary').textContent()).toBe(`3,006 occupations; the client holds ${want.clientSkills} skills.`);
    const first = want.items[0]!;
    expect(first.label).toBe('sales assistant');
    const pct = first.employment!.change5y!.percent;
    expect(await page.locator('.tr-growth').first().textContent()).toBe(`Employment in “${first.employment!.iscoUsed.label}”: ${pct > 0 ? '+' : ''}${pct.toFixed(1)}% in 5 years`);
    // The gap link opens the gap view for the pair.
    await Promise.all([page.waitForURL(/gap=/), page.locator('.tr-gap').first().click()]);
    const url = new URL(page.url());
    expect([url.searchParams.get('id'), url.searchParams.get('gap'), url.hash]).toEqual([SHOP_ASSISTANT, first.id, '#gap-heading']);
    await page.locator('.gap-result h3', { hasText: 'sales assistant' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('a skill added with the keyboard re-ranks the list, is kept in the URL across a reload, and can be removed', async () => {
    const page = await openPage('');
    const box = page.locator('#tr-skill');
    expect(await page.locator('label[for=tr-skill]').textContent()).toBe('Skills the client also has');
    await box.pressSequentially('customer serv');
    await page.locator('#tr-skill-results button', { hasText: 'customer service' }).first().waitFor();
    await box.press('ArrowDown');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('customer service');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`have=${CUSTOMER_SERVICE}`));
    await page.locator('.chips button', { hasText: 'customer service' }).waitFor();
    const withSkill = await api(`&have=${CUSTOMER_SERVICE}`);
    await page.locator('.tr-summary', { hasText: `holds ${withSkill.clientSkills} skills` }).waitFor();
    expect(await shown(page)).toEqual(expected(withSkill.items));
    await page.screenshot({ path: join(ARTIFACTS, 'transitions-have.png'), fullPage: true });

    await page.reload();
    await page.locator('.chips button', { hasText: 'customer service' }).waitFor();
    await page.locator('.tr-summary', { hasText: `holds ${withSkill.clientSkills} skills` }).waitFor();
    expect(await shown(page)).toEqual(expected(withSkill.items));

    await page.getByRole('button', { name: 'Remove customer service' }).click();
    await page.waitForURL((u) => !u.searchParams.has('have'));
    const without = await api('');
    await page.locator('.tr-summary', { hasText: `holds ${without.clientSkills} skills` }).waitFor();
    expect(await page.locator('.chips li').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('the table alternative, the major group filter and "show more" are in the URL; the section itself is not printed', async () => {
    const page = await openPage('&tgroup=same');
    const want = await api('&majorGroup=same');
    expect(await page.locator('#tr-group').inputValue()).toBe('same');
    expect(await shown(page)).toEqual(expected(want.items));
    const toggle = page.locator('.transitions .view-toggle');
    expect(await toggle.textContent()).toBe('Show as table');
    await toggle.click();
    expect([await toggle.getAttribute('aria-pressed'), await toggle.textContent()]).toEqual(['true', 'Show as list']);
    await page.waitForURL(/tview=table/);
    const rows = await page.locator('.tr-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 2).map((c) => c.textContent)));
    expect(rows).toEqual(want.items.map((i) => [i.label, `${i.held} of ${i.total} essential skills held`]));
    expect(await page.locator('.transitions-list').isVisible()).toBe(false);

    await page.getByRole('button', { name: 'Show more' }).click();
    await page.waitForURL(/tlimit=20/);
    await page.locator('.tr-table tbody tr').nth(19).waitFor();
    const twenty = (await getJson(server.url, `/api/occupations/${SHOP_ASSISTANT}/transitions?lang=en&limit=20&majorGroup=same`)).body as { items: Item[] };
    expect(await page.locator('.tr-table tbody th').allTextContents()).toEqual(twenty.items.map((i) => i.label));

    // On paper its controls and bars give way to the printed page (next test).
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.transitions').isVisible()).toBe(false);
    expect(await page.locator('.tr-handout').isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  test('printed as the second page: the top ten of the API as a table, the added skills, sources and date; "Include in the handout" off leaves one page', async () => {
    // Twenty on screen, ten on paper.
    const page = await openPage(`&have=${CUSTOMER_SERVICE}&tlimit=20`, SPECIALIST_NURSE);
    await page.locator('.transitions-list li').nth(19).waitFor();
    const want = await api(`&have=${CUSTOMER_SERVICE}`, SPECIALIST_NURSE);
    expect(want.items).toHaveLength(10);
    expect(want.items[0]!.label).toBe('advanced nurse practitioner');
    const handout = page.locator('.tr-handout');
    await page.emulateMedia({ media: 'print' });
    expect(await handout.isVisible()).toBe(true);
    expect(await handout.locator('h2').textContent()).toBe('Where could this lead?');
    expect(await handout.locator('caption').textContent()).toBe(`The first 10 of ${want.total.toLocaleString('en-GB')} occupations a move from specialist nurse could lead to`);
    expect(await handout.locator('thead th[scope=col]').allTextContents()).toEqual([
      'Occupation',
      'ISCO group',
      'Essential skills held',
      'Group in the employment figures (Germany)',
      'Group employment, 5-year change',
    ]);
    const rows = await handout.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => `${c.tagName}${c.getAttribute('scope') ?? ''} ${c.textContent}`)));
    expect(rows).toEqual(
      want.items.map((i) => {
        const pct = i.employment!.change5y!.percent;
        return [`THrow ${i.label}`, `TD ${i.iscoGroup}`, `TD ${i.held} of ${i.total} essential skills held`, `TD ${i.employment!.iscoUsed.code} ${i.employment!.iscoUsed.label}`, `TD ${pct > 0 ? '+' : ''}${pct.toFixed(1)}%`];
      }),
    );
    const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date());
    expect(await handout.locator('p').allTextContents()).toEqual([
      'ISCO major group: Any · Order: Skills already held',
      'Skills the client added: customer service.',
      'This service uses the ESCO classification of the European Commission. ESCO v1.1.1.',
      `Source: Eurostat, dataset lfsa_egised · period 2018–2023 · update date not given by the file; loaded ${day}`,
      `Printed ${day}`,
    ]);
    expect(await printedPages(page)).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'transitions-print.png'), fullPage: true });

    // Left out: the checkbox, in the URL, survives a reload; the handout is its one page again.
    await page.emulateMedia({ media: null });
    const include = page.getByRole('checkbox', { name: 'Include in the handout' });
    expect(await include.isChecked()).toBe(true);
    await include.uncheck();
    await page.waitForURL(/tprint=off/);
    expect(await printedPages(page)).toBe(1);
    await page.reload();
    await page.locator('.transitions-list li').first().waitFor();
    expect(await include.isChecked()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await handout.isVisible()).toBe(false);
    expect(await printedPages(page)).toBe(1);
    await page.emulateMedia({ media: null });
    await include.check();
    await page.waitForURL((u) => !u.searchParams.has('tprint'));
    expect(await printedPages(page)).toBe(2);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

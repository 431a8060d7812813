/**
 * server/routes/web.ts without a browser: the page shell with its preload hints and strict CSP,
 * the compiled browser code and Chart.js from the installed package, and the JSON API untouched.
 */
import express from 'express';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chartJsPath, moduleClosure, webRoutes } from '../../server/routes/web.js';
import { serveDb, tempDb, type TestServer } from '../helpers.js';
import { buildWeb } from './build-web.js';

describe('web routes', () => {
  let t: ReturnType<typeof tempDb>;
  let server: TestServer;

  beforeAll(async () => {
    buildWeb();
    t = tempDb();
    t.db.close();
    server = await serveDb(t.path);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    t?.cleanup();
  });

  const preloads = (html: string) => [...html.matchAll(/<link rel="(modulepreload|preload)"[^>]*href="([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);

  test('a chart page preloads its whole module graph and Chart.js, under a strict CSP', async () => {
    const res = await fetch(`${server.url}/occupation?id=x&geo=SI`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data: blob:;connect-src 'self';font-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'",
    );
    const html = await res.text();
    expect(preloads(html).sort()).toEqual(
      [
        'api.js', 'chart-config.js', 'chart-export.js', 'chart-spec.js', 'chart.js', 'compare.js', 'csv.js', 'dom.js', 'i18n.js', 'labels.js', 'layout.js', 'occupation-search.js', 'pages/occupation-gap.js', 'pages/occupation.js', 'transitions.js', 'transitions-data.js', 'transitions-handout.js', 'skill-list.js', 'periods.js', 'places.js', 'reading.js', 'state.js',
      ].map((m) => `modulepreload /assets/js/${m}`).concat('preload /assets/vendor/chart.umd.js').sort(),
    );
    expect(html).not.toMatch(/<script>|<style>| style=/); // no inline code for the CSP to refuse
    expect(html).toContain('<meta name="lmi-languages" content="">'); // no ESCO loaded in this database
    expect(html).toContain('<meta name="lmi-ui-languages" content="de,en,fr">'); // one compiled catalogue each
    expect(html).toContain('<html lang="en">');
  });

  test('a link with ?lang= of a translated language: <html lang> and its catalogue preloaded; another language changes nothing', async () => {
    const french = await (await fetch(`${server.url}/occupation?id=x&lang=FR`)).text();
    expect(french).toContain('<html lang="fr">');
    expect(preloads(french)).toContain('modulepreload /assets/js/messages/fr.js');
    for (const lang of ['sl', '"><script>', '']) {
      const html = await (await fetch(`${server.url}/?lang=${encodeURIComponent(lang)}`)).text();
      expect(html).toContain('<html lang="en">');
      expect(preloads(html).filter((p) => p.includes('/messages/'))).toEqual([]);
    }
    const catalogue = await fetch(`${server.url}/assets/js/messages/de.js`);
    expect(catalogue.status).toBe(200);
    expect(await catalogue.text()).toContain("'nav.sectors': 'Wirtschaftszweige'");
  });

  test('the search page loads no Chart.js', async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    expect(preloads(html).sort()).toEqual(['api.js', 'dom.js', 'i18n.js', 'labels.js', 'layout.js', 'occupation-search.js', 'pages/search.js', 'places.js', 'state.js'].map((m) => `modulepreload /assets/js/${m}`));
  });

  test('assets: compiled browser code, the stylesheet, Chart.js from node_modules; unknown ones are JSON 404s', async () => {
    const js = await fetch(`${server.url}/assets/js/main.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe(readFileSync(join('dist', 'web', 'main.js'), 'utf8'));
    const css = await fetch(`${server.url}/assets/css/app.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css; charset=utf-8$/i);
    const chart = await fetch(`${server.url}/assets/vendor/chart.umd.js`);
    expect(Buffer.from(await chart.arrayBuffer()).equals(readFileSync(chartJsPath()))).toBe(true);
    expect(chartJsPath()).toMatch(/node_modules\/chart\.js\/dist\/chart\.umd\.js$/);
    const missing = await fetch(`${server.url}/assets/js/nope.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: expect.stringMatching(/not found/i) });
  });

  test('the JSON API keeps its own headers (no page CSP) and its 404s', async () => {
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-security-policy')).toBeNull();
    const unknown = await fetch(`${server.url}/api/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'API route GET /api/nope not found' });
  });

  test('page paths in other spellings get the shell too; the browser code says "page not found" for unknown ones', async () => {
    for (const path of ['/occupation/', '/Sectors']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<script type="module" src="/assets/js/main.js"></script>');
    }
    const res = await fetch(`${server.url}/nope`);
    expect(res.status).toBe(404);
  });

  test('without the compiled browser code, pages answer 503 saying to build', async () => {
    const app = express();
    app.use(webRoutes({ scriptsDir: join(t.path, 'no-such-dir') }));
    const s = app.listen(0, '127.0.0.1');
    await new Promise((ok) => s.once('listening', ok));
    try {
      const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/occupation`);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/^The web front end is not built \(.*no-such-dir\/main\.js is missing\): run `npm run build`\.\n$/);
    } finally {
      s.close();
    }
  });

  test('moduleClosure follows static imports only', () => {
    expect(moduleClosure(join('dist', 'web'), ['main.js']).sort()).toEqual(['dom.js', 'i18n.js', 'layout.js', 'main.js', 'places.js', 'state.js']);
  });
});

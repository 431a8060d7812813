/**
 * The adviser's web pages: one HTML shell for every page (the browser code picks the page from the
 * path), the compiled browser code, the stylesheet and Chart.js from the installed package. Nothing
 * is fetched from anywhere else, and every response here carries a strict Content-Security-Policy
 * (scripts and styles from this origin only, no inline code), which the JSON API does not need.
 */
import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../data/db.js';
import { escoLanguages } from '../../data/esco-release.js';

/** Page paths served by the shell, the page module the browser code runs for each (web/src/main.ts), and whether it draws charts. */
export const WEB_PAGES: Record<string, { module: string; charts: boolean }> = {
  '/': { module: 'pages/search.js', charts: false },
  '/occupation': { module: 'pages/occupation.js', charts: true },
  '/skill': { module: 'pages/skill.js', charts: false },
  '/sectors': { module: 'pages/sectors.js', charts: true },
  '/sector': { module: 'pages/sector.js', charts: true },
  '/unemployment': { module: 'pages/unemployment.js', charts: true },
  '/sources': { module: 'pages/sources.js', charts: false },
};

const CHART_JS_URL = '/assets/vendor/chart.umd.js';

/** Relative modules a compiled ES module imports statically (`import ... from './x.js'`). */
function staticImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:^|[;\s])(?:import|export)\s*(?:[^'"]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+\.js)['"]/g)) found.push(m[1]!);
  return found;
}

/** `entry` and every module it reaches through static imports, as paths relative to `scriptsDir`. */
export function moduleClosure(scriptsDir: string, entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (rel: string) => {
    if (seen.has(rel)) return;
    const file = join(scriptsDir, rel);
    if (!existsSync(file)) return;
    seen.add(rel);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) visit(posix.normalize(posix.join(posix.dirname(rel), spec)));
  };
  for (const entry of entries) visit(entry);
  return [...seen];
}

/**
 * The shell with preload hints for everything the page will load: its whole module graph (so the
 * browser fetches the modules in parallel instead of discovering them import by import) and, for
 * chart pages, Chart.js; plus the loaded ESCO languages for the language picker and the languages
 * the pages are translated into. A link's `?lang=` with a catalogue also sets `<html lang>` and
 * preloads that catalogue (main.js imports it by a computed name, which no preload scan can see);
 * a language remembered in the browser only is set by main.js.
 */
function shellWithPreloads(shell: string, scriptsDir: string, page: { module: string; charts: boolean }, languages: string[], askedLang: unknown): string {
  const modules = moduleClosure(scriptsDir, ['main.js', page.module]).filter((m) => m !== 'main.js');
  const links = modules.map((m) => `  <link rel="modulepreload" href="/assets/js/${m}">`);
  if (page.charts) links.push(`  <link rel="preload" as="script" href="${CHART_JS_URL}">`);
  const translated = uiLanguages(scriptsDir);
  const lang = typeof askedLang === 'string' && translated.includes(askedLang.toLowerCase()) ? askedLang.toLowerCase() : null;
  if (lang) links.push(`  <link rel="modulepreload" href="/assets/js/messages/${lang}.js">`);
  links.push(`  <meta name="lmi-languages" content="${escapeAttribute(languages.join(','))}">`);
  links.push(`  <meta name="lmi-ui-languages" content="${escapeAttribute(translated.join(','))}">`);
  const html = lang ? shell.replace('<html lang="en">', `<html lang="${lang}">`) : shell;
  return html.replace('</head>', `${links.join('\n')}\n</head>`);
}

/** The languages the pages are translated into: one compiled catalogue each in messages/ (web/src/messages/*.ts). */
export function uiLanguages(scriptsDir: string): string[] {
  const dir = join(scriptsDir, 'messages');
  if (!existsSync(dir)) return ['en'];
  return readdirSync(dir)
    .filter((f) => /^[a-z]{2,3}\.js$/.test(f))
    .map((f) => f.slice(0, -3))
    .sort();
}

/** The project root: the nearest folder above this module holding package.json (works from src and dist). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('web routes: project root (package.json) not found');
    dir = parent;
  }
  return dir;
}

export function chartJsPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('chart.js')), 'chart.umd.js');
}

const pageSecurity: RequestHandler = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      // PNG downloads are data: URLs made from the chart canvas; CSV downloads are blob: URLs.
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // Served over plain http on a LAN as often as not: do not force https.
  strictTransportSecurity: false,
});

/** ESCO languages loaded, for the language picker (none when ESCO is not loaded yet). */
function pickerLanguages(db: Db | undefined): string[] {
  if (!db) return [];
  try {
    return escoLanguages(db);
  } catch {
    return []; // an older or partial schema: the picker then offers every ESCO language
  }
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export interface WebRoutesOptions {
  /** The server's read-only database: the shell tells the pages which ESCO languages are loaded. */
  db?: Db;
  /** Folder of the page shell and stylesheets (default: <root>/web). */
  webDir?: string;
  /** Folder of the compiled browser code (default: <root>/dist/web). */
  scriptsDir?: string;
}

export function webRoutes(opts: WebRoutesOptions = {}): Router {
  const root = projectRoot();
  const webDir = resolve(opts.webDir ?? join(root, 'web'));
  const scriptsDir = resolve(opts.scriptsDir ?? join(root, 'dist', 'web'));
  const shell = join(webDir, 'index.html');
  const chartJs = chartJsPath();
  // Assets are named without a content hash, so ask the browser to revalidate (cheap 304s).
  const staticOptions = { index: false, fallthrough: false, maxAge: 0, etag: true } as const;

  const router = Router();
  for (const [path, page] of Object.entries(WEB_PAGES)) {
    router.get(path, pageSecurity, (req, res) => {
      res.set('Cache-Control', 'no-cache');
      if (!existsSync(join(scriptsDir, 'main.js'))) {
        // Without the compiled browser code the shell would be an empty page: say what to do instead.
        res.status(503).type('text').send(`The web front end is not built (${join(scriptsDir, 'main.js')} is missing): run \`npm run build\`.\n`);
        return;
      }
      // Read per request (a few small files): a rebuilt web/ or dist/web/ is served without a restart.
      res.type('html').send(shellWithPreloads(readFileSync(shell, 'utf8'), scriptsDir, page, pickerLanguages(opts.db), req.query.lang));
    });
  }
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  router.get(CHART_JS_URL, pageSecurity, (_req, res) => {
    res.sendFile(chartJs, { maxAge: '1d' });
  });
  router.use('/assets/css', pageSecurity, express.static(join(webDir, 'css'), staticOptions));
  router.use('/assets/js', pageSecurity, express.static(scriptsDir, staticOptions));
  return router;
}

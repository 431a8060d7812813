/** Entry point of every page: shared chrome, then the page module for the path. */
import { h, replace } from './dom.js';
import { loadMessages, t } from './i18n.js';
import { chosenLanguage, errorNotice, setupChrome } from './layout.js';
import { uiLanguages } from './state.js';

export interface Page {
  render(main: HTMLElement): Promise<void>;
}

const pages: Record<string, () => Promise<Page>> = {
  '/': () => import('./pages/search.js'),
  '/occupation': () => import('./pages/occupation.js'),
  '/skill': () => import('./pages/skill.js'),
  '/sectors': () => import('./pages/sectors.js'),
  '/sector': () => import('./pages/sector.js'),
  '/unemployment': () => import('./pages/unemployment.js'),
  '/sources': () => import('./pages/sources.js'),
};

async function start(): Promise<void> {
  const main = document.getElementById('main');
  if (!main) return;
  await loadMessages(chosenLanguage(), uiLanguages());
  setupChrome();
  // The server answers '/occupation/' and '/Occupation' too (Express routing is lenient).
  const path = location.pathname.replace(/\/+$/, '').toLowerCase() || '/';
  const load = pages[path];
  if (!load) {
    replace(main, h('h1', {}, t('page.notFound')), h('p', {}, h('a', { href: '/' }, t('page.searchLink'))));
    return;
  }
  try {
    const page = await load();
    await page.render(main);
  } catch (err) {
    replace(main, errorNotice(err, t('error.page')));
  }
}

void start();

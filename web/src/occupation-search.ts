/**
 * Search-as-you-type over ESCO occupations: a labelled search box and a list of result links,
 * keyboard navigable (Down/Up move through the results, Escape returns to the box). Used by the
 * search page and by the occupation page's "compare with another occupation".
 */
import { getJson, isAbort, type OccupationHit, type OccupationSearch } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { labelText } from './labels.js';
import { INGEST } from './layout.js';
import { escoLang } from './state.js';

export interface SearchBoxOptions {
  id: string;
  label: string;
  initial?: string;
  limit?: number;
  /** The link each result opens. */
  href(hit: OccupationHit): string;
  /** Called after each search with the query (e.g. to put it in the URL). */
  onQuery?(q: string): void;
}

export function occupationSearchBox(opts: SearchBoxOptions): HTMLElement {
  const input = h('input', {
    type: 'search',
    id: opts.id,
    name: 'q',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': `${opts.id}-hint`,
    'aria-controls': `${opts.id}-results`,
    value: opts.initial ?? '',
  });
  const status = h('p', { class: 'search-status', id: `${opts.id}-status`, role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'search-results', id: `${opts.id}-results`, 'aria-label': t('search.results', { label: opts.label }) });
  let controller: AbortController | null = null;
  let timer: number | undefined;

  const links = () => [...list.querySelectorAll<HTMLAnchorElement>('a')];

  async function search(q: string): Promise<void> {
    controller?.abort();
    opts.onQuery?.(q);
    if (q.trim().length === 0) {
      replace(list);
      status.textContent = '';
      return;
    }
    controller = new AbortController();
    const params = new URLSearchParams({ q, lang: escoLang(), limit: String(opts.limit ?? 20) });
    try {
      const result = await getJson<OccupationSearch>(`/api/occupations?${params}`, controller.signal);
      replace(list, ...result.items.map((hit) => resultItem(hit, opts.href(hit))));
      status.textContent =
        result.total === 0
          ? t('search.none', { q })
          : result.total > result.items.length
            ? t('search.foundSome', { count: result.total, shown: result.items.length })
            : t('search.foundAll', { count: result.total });
    } catch (err) {
      if (isAbort(err)) return;
      replace(list);
      const message = err instanceof Error ? err.message : String(err);
      status.textContent = /no ESCO data is loaded/i.test(message)
        ? t('search.notLoaded', { command: INGEST.esco[0] })
        : t('search.failed', { message });
    }
  }

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void search(input.value), 120);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      links()[0]?.focus();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const first = links()[0];
      if (first) first.click();
      else void search(input.value);
    }
  });
  list.addEventListener('keydown', (e) => {
    const all = links();
    const i = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (i < 0) return;
    const move = (to: number) => {
      e.preventDefault();
      if (to < 0) input.focus();
      else all[Math.min(to, all.length - 1)]?.focus();
    };
    if (e.key === 'ArrowDown') move(i + 1);
    else if (e.key === 'ArrowUp') move(i - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(all.length - 1);
    else if (e.key === 'Escape') move(-1);
  });
  if (opts.initial) void search(opts.initial);

  return h(
    'div',
    { class: 'search-box' },
    h('label', { for: opts.id }, opts.label),
    h('p', { class: 'hint', id: `${opts.id}-hint` }, t('search.hint')),
    input,
    status,
    list,
  );
}

function resultItem(hit: OccupationHit, href: string): HTMLElement {
  const also = hit.matchedLabel && hit.matchedLabel !== hit.label ? h('span', { class: 'also' }, t('search.alsoCalled', { label: hit.matchedLabel })) : null;
  const code = hit.code ?? hit.iscoGroup;
  return h('li', {}, h('a', { href }, h('span', { class: 'result-label' }, ...labelText(hit)), also, code ? h('span', { class: 'code' }, t('search.code', { code })) : null));
}

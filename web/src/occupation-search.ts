/**
 * Search-as-you-type over ESCO occupations or skills: a labelled search box and a list of result
 * links, keyboard navigable (Down/Up move through the results, Escape returns to the box). Used by the
 * search page (occupations and skills) and by the occupation page's "compare with another occupation".
 * When nothing matches as typed, the server answers with the closest labels (`fuzzy`), and the box
 * says so: "Showing results for …".
 */
import { getJson, isAbort, type OccupationHit, type SearchAnswer, type SkillHit } from './api.js';
import { h, replace } from './dom.js';
import { t, type MessageKey } from './i18n.js';
import { labelText } from './labels.js';
import { INGEST } from './layout.js';
import { escoLang } from './state.js';

export interface SearchBoxOptions<Hit> {
  id: string;
  label: string;
  initial?: string;
  limit?: number;
  /** The link each result opens. */
  href(hit: Hit): string;
  /** Called after each search with the query (e.g. to put it in the URL). */
  onQuery?(q: string): void;
}

/** What differs between the occupation and the skill search: the route, the messages, a result's line. */
interface SearchKind<Hit> {
  path: string;
  messages: { hint: MessageKey; none: MessageKey; foundAll: MessageKey; foundSome: MessageKey; notLoaded: MessageKey };
  item(hit: Hit, href: string): HTMLElement;
}

const OCCUPATIONS: SearchKind<OccupationHit> = {
  path: '/api/occupations',
  messages: { hint: 'search.hint', none: 'search.none', foundAll: 'search.foundAll', foundSome: 'search.foundSome', notLoaded: 'search.notLoaded' },
  item: (hit, href) => {
    // An ESCO code (2654.1.7) is not an ISCO code: its first four digits are the ISCO unit group.
    // Say which one is shown, so an adviser does not quote an ESCO code as ISCO.
    const code = hit.code ? t('search.code', { code: hit.code }) : hit.iscoGroup ? t('search.iscoGroup', { code: hit.iscoGroup }) : null;
    return resultItem(hit, href, code ? h('span', { class: 'code' }, code) : null);
  },
};

const SKILLS: SearchKind<SkillHit> = {
  path: '/api/skills',
  messages: { hint: 'skillSearch.hint', none: 'skillSearch.none', foundAll: 'skillSearch.foundAll', foundSome: 'skillSearch.foundSome', notLoaded: 'skillSearch.notLoaded' },
  item: (hit, href) => resultItem(hit, href, hit.type ? h('span', { class: 'code' }, skillTypeText(hit.type)) : null),
};

/** ESCO's skill types ('skill/competence', 'knowledge') in the UI language; another type as given. */
export function skillTypeText(type: string): string {
  if (type === 'knowledge') return t('skill.type.knowledge');
  if (type === 'skill/competence') return t('skill.type.skill');
  return type;
}

export const occupationSearchBox = (opts: SearchBoxOptions<OccupationHit>): HTMLElement => searchBox(OCCUPATIONS, opts);
export const skillSearchBox = (opts: SearchBoxOptions<SkillHit>): HTMLElement => searchBox(SKILLS, opts);

function searchBox<Hit>(kind: SearchKind<Hit>, opts: SearchBoxOptions<Hit>): HTMLElement {
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
      const result = await getJson<SearchAnswer<Hit>>(`${kind.path}?${params}`, controller.signal);
      replace(list, ...result.items.map((hit) => kind.item(hit, opts.href(hit))));
      const found =
        result.total === 0
          ? t(kind.messages.none, { q })
          : result.total > result.items.length
            ? t(kind.messages.foundSome, { count: result.total, shown: result.items.length })
            : t(kind.messages.foundAll, { count: result.total });
      const corrected = result.correctedQuery?.trim();
      const fuzzy = !result.fuzzy ? '' : corrected ? t('search.fuzzy', { q: q.trim(), corrected }) : t('search.fuzzyClosest', { q: q.trim() });
      status.textContent = fuzzy ? `${fuzzy} ${found}` : found;
      status.classList.toggle('fuzzy', result.fuzzy);
    } catch (err) {
      if (isAbort(err)) return;
      replace(list);
      const message = err instanceof Error ? err.message : String(err);
      status.textContent = /no ESCO data is loaded/i.test(message)
        ? t(kind.messages.notLoaded, { command: INGEST.esco[0] })
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
    h('p', { class: 'hint', id: `${opts.id}-hint` }, t(kind.messages.hint)),
    input,
    status,
    list,
  );
}

function resultItem(hit: OccupationHit | SkillHit, href: string, detail: HTMLElement | null): HTMLElement {
  const also = hit.matchedLabel && hit.matchedLabel !== hit.label ? h('span', { class: 'also' }, t('search.alsoCalled', { label: hit.matchedLabel })) : null;
  return h('li', {}, h('a', { href }, h('span', { class: 'result-label' }, ...labelText(hit)), also, detail));
}

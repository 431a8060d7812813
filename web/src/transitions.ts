/**
 * "Where could this lead?" on the occupation page: the occupations a client from this one could move
 * to, ranked by the essential skills already held (GET /api/occupations/:id/transitions), each with
 * held/total as a bar and a link to the skills gap for the pair. The adviser adds skills the client
 * has (a label lookup), filters by ISCO major group, or orders by employment growth in the country.
 * State in the URL (have, tgroup, tsort, tlimit, tview, tprint) so a view can be shared or reloaded;
 * a table gives the same figures for screen readers. The section itself is not printed: its top ten
 * are the handout's second page (transitions-handout.ts), unless "Include in the handout" is off.
 */
import { getJson, isAbort, type Occupation, type Transition, type Transitions } from './api.js';
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { errorNotice, loadingNotice } from './layout.js';
import { placeName } from './places.js';
import { currentGeo, escoLang, listParam, pageUrl, param, setParams } from './state.js';
import { growthCell, growthText, hasGrowth, heldText } from './transitions-data.js';
import { transitionsHandout } from './transitions-handout.js';
/** The skill search (server/routes/esco-search.ts). */
const SKILL_LOOKUP = '/api/skills';
const PAGE = 10;

/** The section for the page, and its printed page, which the page places after the footer (see transitions-handout.ts). */
export function transitionsSection(occupation: Occupation): { section: HTMLElement; handout: HTMLElement } {
  const handout = transitionsHandout(occupation);
  const state = {
    have: listParam('have'),
    group: param('tgroup') ?? '',
    sort: param('tsort') ?? 'score',
    limit: Math.min(100, Math.max(PAGE, Number(param('tlimit')) || PAGE)),
    table: param('tview') === 'table',
    print: param('tprint') !== 'off',
  };
  const chips = h('ul', { class: 'chips', 'aria-label': t('tr.haveLabel') });
  const result = h('div', { class: 'transitions-result', 'aria-live': 'polite' });
  const select = (id: string, label: string, value: string, options: [string, string][], onChange: (v: string) => void) => {
    const el = h('select', { id }, ...options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
    el.addEventListener('change', () => onChange(el.value));
    return h('span', { class: 'field' }, h('label', { for: id }, label), ' ', el);
  };
  const toggle = h('button', { type: 'button', class: 'view-toggle', 'aria-pressed': String(state.table) }, state.table ? t('tr.showList') : t('tr.showTable'));
  let labels = new Map<string, string>();
  let controller: AbortController | null = null;

  const save = () =>
    setParams({ have: state.have.join(',') || null, tgroup: state.group || null, tsort: state.sort === 'score' ? null : state.sort, tlimit: state.limit > PAGE ? String(state.limit) : null, tview: state.table ? 'table' : null, tprint: state.print ? null : 'off' });

  const drawChips = () =>
    replace(
      chips,
      ...state.have.map((id) => {
        const name = labels.get(id) ?? id;
        const remove = h('button', { type: 'button', class: 'chip', 'aria-label': t('tr.remove', { skill: name }) }, name, ' ×');
        remove.addEventListener('click', () => {
          state.have = state.have.filter((s) => s !== id);
          void load();
          input.focus();
        });
        return h('li', {}, remove);
      }),
    );

  async function load(): Promise<void> {
    save();
    drawChips();
    controller?.abort();
    controller = new AbortController();
    const q = new URLSearchParams({ lang: escoLang(), limit: String(state.limit), geo: currentGeo() });
    if (state.have.length) q.set('have', state.have.join(','));
    if (state.group) q.set('majorGroup', state.group);
    if (state.sort === 'growth') q.set('sort', 'growth');
    if (!result.firstChild) replace(result, loadingNotice(t('tr.loading')));
    try {
      const data = await getJson<Transitions>(`/api/occupations/${encodeURIComponent(occupation.id)}/transitions?${q}`, controller.signal);
      labels = new Map(data.have.map((s) => [s.id, s.label ?? s.id]));
      drawChips();
      show(data);
    } catch (err) {
      if (isAbort(err)) return;
      replace(result, errorNotice(err, t('tr.error')));
      handout.clear();
    }
  }

  const gapHref = (i: Transition) => `${pageUrl('/occupation', { id: occupation.id, gap: i.id })}#gap-heading`;
  const nameLink = (i: Transition) => h('a', { href: pageUrl('/occupation', { id: i.id }) }, i.label ?? i.id);

  /** The filled part of a bar: a style property set from script, which the page's CSP allows (a style attribute it would not). */
  const fill = (share: number) => {
    const el = h('span', { class: 'tr-fill' });
    el.style.width = `${share}%`;
    return el;
  };

  function show(data: Transitions): void {
    const list = h(
      'ol',
      { class: 'transitions-list' },
      ...data.items.map((i) => {
        const share = i.total ? Math.round((100 * i.held) / i.total) : 0;
        const growth = growthText(i);
        return h(
          'li',
          {},
          h('span', { class: 'tr-name' }, nameLink(i)),
          // The bar is drawing only; the sentence beside it says the same in words.
          h('span', { class: 'tr-bar', 'aria-hidden': 'true' }, fill(share)),
          h('span', { class: 'tr-held' }, heldText(i)),
          growth ? h('span', { class: 'tr-growth' }, t('tr.growth', { group: i.employment!.iscoUsed.label, change: growth })) : null,
          h('a', { class: 'tr-gap', href: gapHref(i) }, t('tr.compare')),
        );
      }),
    );
    const growthColumn = hasGrowth(data);
    const table = h(
      'div',
      { class: 'table-wrap tr-table', tabindex: '0', role: 'region', 'aria-label': t('tr.caption', { occupation: occupation.label ?? '' }) },
      h(
        'table',
        { class: 'data' },
        h('caption', {}, t('tr.caption', { occupation: occupation.label ?? '' })),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('tr.colOccupation')), h('th', { scope: 'col' }, t('tr.colHeld')), growthColumn ? h('th', { scope: 'col' }, t('tr.colGrowth')) : null, h('th', { scope: 'col' }, t('tr.compare')))),
        h(
          'tbody',
          {},
          ...data.items.map((i) =>
            h('tr', {}, h('th', { scope: 'row' }, nameLink(i)), h('td', {}, heldText(i)), growthColumn ? h('td', { class: 'num' }, growthCell(i)) : null, h('td', {}, h('a', { href: gapHref(i) }, t('tr.compare')))),
          ),
        ),
      ),
    );
    const more = data.total > data.items.length && state.limit < 100 ? h('button', { type: 'button', class: 'tr-more' }, t('tr.more')) : null;
    more?.addEventListener('click', () => {
      state.limit = Math.min(100, state.limit + PAGE);
      void load();
    });
    result.classList.toggle('as-table', state.table);
    replace(result, h('p', { class: 'tr-summary' }, t('tr.summary', { count: data.total, skills: data.clientSkills })), list, table, more);
    handout.show(data, choices(), currentGeo());
  }

  // ---- adding skills: a lookup box whose results are buttons, keyboard navigable ----
  const input = h('input', { type: 'search', id: 'tr-skill', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'tr-skill-hint', 'aria-controls': 'tr-skill-results' });
  const hits = h('ul', { class: 'search-results', id: 'tr-skill-results', 'aria-label': t('tr.haveLabel') });
  const status = h('p', { class: 'search-status', role: 'status', 'aria-live': 'polite' });
  let timer: number | undefined;
  let lookup: AbortController | null = null;
  const buttons = () => [...hits.querySelectorAll<HTMLButtonElement>('button')];
  async function find(q: string): Promise<void> {
    lookup?.abort();
    if (!q.trim()) return replace(hits), void (status.textContent = '');
    lookup = new AbortController();
    try {
      const found = await getJson<{ items: { id: string; label: string }[] }>(`${SKILL_LOOKUP}?${new URLSearchParams({ q, lang: escoLang(), limit: '8' })}`, lookup.signal);
      replace(
        hits,
        ...found.items.map((s) => {
          const b = h('button', { type: 'button' }, s.label);
          b.addEventListener('click', () => {
            if (!state.have.includes(s.id)) state.have = [...state.have, s.id];
            labels.set(s.id, s.label);
            input.value = '';
            replace(hits);
            status.textContent = '';
            input.focus();
            void load();
          });
          return h('li', {}, b);
        }),
      );
      status.textContent = found.items.length ? '' : t('tr.noSkillMatch', { q });
    } catch (err) {
      if (!isAbort(err)) status.textContent = err instanceof Error ? err.message : String(err);
    }
  }
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void find(input.value), 120);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'Enter') {
      e.preventDefault();
      const first = buttons()[0];
      if (e.key === 'Enter' && first) first.click();
      else first?.focus();
    }
  });
  hits.addEventListener('keydown', (e) => {
    const all = buttons();
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const to = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Escape' ? -1 : null;
    if (to === null) return;
    e.preventDefault();
    if (to < 0) input.focus();
    else all[Math.min(to, all.length - 1)]?.focus();
  });

  toggle.addEventListener('click', () => {
    state.table = !state.table;
    toggle.setAttribute('aria-pressed', String(state.table));
    toggle.textContent = state.table ? t('tr.showList') : t('tr.showTable');
    result.classList.toggle('as-table', state.table);
    save();
  });

  const include = h('input', { type: 'checkbox', id: 'tr-print', checked: state.print });
  include.addEventListener('change', () => {
    state.print = include.checked;
    handout.include(state.print);
    save();
  });
  handout.include(state.print);

  const section = h(
    'section',
    { class: 'transitions', 'aria-labelledby': 'transitions-heading' },
    h('h2', { id: 'transitions-heading' }, t('tr.heading')),
    h('p', { class: 'hint' }, t('tr.hint', { occupation: occupation.label ?? '' })),
    h('div', { class: 'search-box tr-have' }, h('label', { for: 'tr-skill' }, t('tr.haveLabel')), h('p', { class: 'hint', id: 'tr-skill-hint' }, t('tr.haveHint')), input, status, hits),
    chips,
    h(
      'div',
      { class: 'tr-controls' },
      select('tr-group', t('tr.group'), state.group, [['', t('tr.groupAny')], ['same', t('tr.groupSame', { occupation: occupation.label ?? '' })], ['other', t('tr.groupOther')]], (v) => {
        state.group = v;
        void load();
      }),
      select('tr-sort', t('tr.sort'), state.sort, [['score', t('tr.sortScore')], ['growth', t('tr.sortGrowth', { place: placeName(currentGeo()) })]], (v) => {
        state.sort = v;
        void load();
      }),
      toggle,
      h('span', { class: 'field' }, include, ' ', h('label', { for: 'tr-print' }, t('tr.includeInHandout'))),
    ),
    result,
  );
  /** The order and filter as the selects say them, for the printed page ('Order: Skills already held · ISCO major group: Any'). */
  const choices = () =>
    [...section.querySelectorAll<HTMLSelectElement>('.tr-controls select')]
      .map((el) => t('tr.printChoice', { name: section.querySelector(`label[for="${el.id}"]`)?.textContent ?? el.id, value: el.selectedOptions[0]?.textContent ?? el.value }))
      .join(' · ');
  void load();
  return { section, handout: handout.element };
}

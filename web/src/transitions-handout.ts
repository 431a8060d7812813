/**
 * "Where could this lead?" as the printed handout's second page: the top transitions the section
 * shows (at most ten) as a table of plain text — no bars, links or controls — with the skills the
 * client added, the sources and the date printed. Shown only in print (web/css/app.css) and only
 * while the section has results and "Include in the handout" is ticked.
 *
 * It is an element of its own, placed after the page footer, rather than the section printed in
 * place: the section sits before the attributions and the footer, so a page break at it would push
 * them off the first page, which must stay the one-page sheet it is without transitions.
 */
import type { Occupation, Transition, Transitions } from './api.js';
import { periodSpan, sourceOf, sourceText } from './chart-spec.js';
import { h, replace } from './dom.js';
import { formatDay, formatList, t } from './i18n.js';
import { placeName } from './places.js';
import { growthCell, hasGrowth, heldText } from './transitions-data.js';

/** As many rows as fit under the heading on one A4 page with room to spare. */
export const HANDOUT_ROWS = 10;

export interface TransitionsHandout {
  element: HTMLElement;
  /** Draws the page from an answer; `choices` says the order and filter it was asked with. */
  show(data: Transitions, choices: string, geo: string): void;
  /** Nothing to print (loading failed). */
  clear(): void;
  /** The adviser's "Include in the handout". */
  include(on: boolean): void;
}

export function transitionsHandout(occupation: Occupation): TransitionsHandout {
  const element = h('section', { class: 'tr-handout', 'aria-labelledby': 'tr-handout-heading', hidden: true });
  const printed = h('p', { class: 'tr-handout-date' });
  let included = true;
  let filled = false;
  const sync = () => (element.hidden = !(included && filled));
  const stamp = () => (printed.textContent = t('tr.printed', { date: formatDay(new Date()) }));
  // The page may be printed long after it was drawn: the date is the day of printing.
  window.addEventListener('beforeprint', stamp);

  function show(data: Transitions, choices: string, geo: string): void {
    const items = data.items.slice(0, HANDOUT_ROWS);
    filled = items.length > 0;
    sync();
    if (!filled) return replace(element);
    const growth = hasGrowth(data);
    const dataset = data.employment?.dataset ?? null;
    const have = data.have.map((s) => s.label ?? s.id);
    stamp();
    replace(
      element,
      h('h2', { id: 'tr-handout-heading' }, t('tr.heading')),
      h('p', {}, choices),
      h(
        'table',
        { class: 'data' },
        h('caption', {}, t('tr.printCaption', { count: items.length, total: data.total, occupation: occupation.label ?? '' })),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...[t('tr.colOccupation'), t('tr.colIsco'), t('tr.colHeld'), ...(growth ? [t('tr.colTrendGroup', { place: placeName(geo) }), t('tr.colGrowth')] : [])].map((text) => h('th', { scope: 'col' }, text)),
          ),
        ),
        h('tbody', {}, ...items.map((i) => row(i, growth))),
      ),
      have.length ? h('p', {}, t('tr.printHave', { skills: formatList(have) })) : null,
      h('p', { class: 'tr-handout-source' }, data.source.version ? t('esco.attributionVersion', { version: data.source.version }) : t('esco.attribution')),
      growth && dataset ? h('p', { class: 'tr-handout-source' }, sourceText(sourceOf(dataset.source, dataset), periodOf(items))) : null,
      printed,
    );
  }

  return {
    element,
    show,
    clear: () => {
      filled = false;
      sync();
    },
    include: (on) => {
      included = on;
      sync();
    },
  };
}

function row(i: Transition, growth: boolean): HTMLElement {
  const group = i.employment?.iscoUsed;
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, i.label ?? i.id),
    h('td', { class: 'code' }, i.iscoGroup ?? '–'),
    h('td', {}, heldText(i)),
    growth ? h('td', {}, group ? `${group.code} ${group.label}` : '–') : null,
    growth ? h('td', { class: 'num' }, growthCell(i)) : null,
  );
}

/** The years the printed changes span: the earliest base year to the latest year ('2018–2023'). */
function periodOf(items: Transition[]): string {
  return periodSpan(items.flatMap((i) => [i.employment?.change5y?.from.period, i.employment?.latest.period]).filter((p): p is string => Boolean(p)).sort());
}

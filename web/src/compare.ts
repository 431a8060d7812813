/** "Compare with" another country or the EU on a trend chart; the list lives in the URL (`compare=DE,EU27_2020`). */
import { h } from './dom.js';
import { PLACES, placeName } from './places.js';
import { setParams } from './state.js';

/** `alwaysShown`: places the chart has anyway (e.g. the EU on the unemployment page), not offered. */
export function compareControls(geo: string, compare: string[], alwaysShown: string[] = []): HTMLElement {
  const select = h(
    'select',
    { id: 'compare-geo' },
    ...PLACES.filter((p) => p.code !== geo && !compare.includes(p.code) && !alwaysShown.includes(p.code)).map((p) => h('option', { value: p.code }, p.name)),
  );
  const form = h('form', { class: 'compare-form' }, h('label', { for: 'compare-geo' }, 'Compare with'), select, h('button', { type: 'submit' }, 'Add to chart'));
  // The page reloads with the new URL: every figure on it is fetched for the new set of countries.
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    setParams({ compare: [...compare, select.value].join(','), client: null });
    location.reload();
  });
  const chips = compare.map((g) => {
    const remove = h('button', { type: 'button', class: 'chip', 'aria-label': `Remove ${placeName(g)} from the chart` }, `${placeName(g)} ×`);
    remove.addEventListener('click', () => {
      setParams({ compare: compare.filter((c) => c !== g).join(',') || null });
      location.reload();
    });
    return remove;
  });
  return h('div', { class: 'compare' }, form, chips.length ? h('p', { class: 'chips' }, 'On the chart: ', ...chips) : null);
}

/** Search page: find an occupation, or a skill, as you type. */
import { h, replace } from '../dom.js';
import { t, tParts } from '../i18n.js';
import { setTitle } from '../layout.js';
import { occupationSearchBox, skillSearchBox } from '../occupation-search.js';
import { pageUrl, param, setParams } from '../state.js';

export async function render(main: HTMLElement): Promise<void> {
  setTitle(t('search.title'));
  const box = occupationSearchBox({
    id: 'occupation-search',
    label: t('search.title'),
    initial: param('q') ?? '',
    href: (hit) => pageUrl('/occupation', { id: hit.id }),
    onQuery: (q) => setParams({ q: q.trim() || null }),
  });
  const skills = skillSearchBox({
    id: 'skill-search',
    label: t('skillSearch.label'),
    initial: param('skill') ?? '',
    href: (hit) => pageUrl('/skill', { id: hit.id }),
    onQuery: (q) => setParams({ skill: q.trim() || null }),
  });
  replace(
    main,
    h('h1', {}, t('search.heading')),
    box,
    h(
      'p',
      { class: 'lead' },
      ...tParts('search.lead', {
        sectors: h('a', { href: pageUrl('/sectors') }, t('search.leadSectors')),
        unemployment: h('a', { href: pageUrl('/unemployment') }, t('search.leadUnemployment')),
      }),
    ),
    h('h2', {}, t('skillSearch.heading')),
    skills,
  );
  main.querySelector<HTMLInputElement>('input[type=search]')?.focus();
}

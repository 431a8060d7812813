/** Search page: find an occupation as you type. */
import { h, replace } from '../dom.js';
import { setTitle } from '../layout.js';
import { occupationSearchBox } from '../occupation-search.js';
import { pageUrl, param, setParams } from '../state.js';

export async function render(main: HTMLElement): Promise<void> {
  setTitle('Search occupations');
  const box = occupationSearchBox({
    id: 'occupation-search',
    label: 'Search occupations',
    initial: param('q') ?? '',
    href: (hit) => pageUrl('/occupation', { id: hit.id }),
    onQuery: (q) => setParams({ q: q.trim() || null }),
  });
  replace(
    main,
    h('h1', {}, 'Find an occupation'),
    box,
    h(
      'p',
      { class: 'lead' },
      'Open an occupation to see its skills and how employment in its group has moved. Or browse ',
      h('a', { href: pageUrl('/sectors') }, 'sectors'),
      ' and ',
      h('a', { href: pageUrl('/unemployment') }, 'unemployment'),
      '.',
    ),
  );
  main.querySelector<HTMLInputElement>('input[type=search]')?.focus();
}

/** Skill page: a skill and the occupations that need it. */
import { ApiError, getJson, type OccupationRef, type Skill } from '../api.js';
import { h, replace } from '../dom.js';
import { errorNotice, loadingNotice, setTitle } from '../layout.js';
import { currentLang, pageUrl, param } from '../state.js';

function occupationList(title: string, items: OccupationRef[] | undefined): HTMLElement {
  const list = items ?? [];
  return h(
    'div',
    {},
    h('h2', {}, `${title} (${list.length})`),
    list.length ? h('ul', { class: 'links' }, ...list.map((o) => h('li', {}, h('a', { href: pageUrl('/occupation', { id: o.id }) }, o.label)))) : h('p', {}, 'None.'),
  );
}

export async function render(main: HTMLElement): Promise<void> {
  const id = param('id');
  if (!id) {
    replace(main, h('h1', {}, 'No skill chosen'), h('p', {}, h('a', { href: pageUrl('/') }, 'Search occupations')));
    return;
  }
  replace(main, loadingNotice('the skill'));
  try {
    const skill = await getJson<Skill>(`/api/skills/${encodeURIComponent(id)}?lang=${encodeURIComponent(currentLang())}`);
    setTitle(skill.label);
    replace(
      main,
      h('p', { class: 'kicker' }, skill.type ? `Skill · ${skill.type}` : 'Skill'),
      h('h1', {}, skill.label),
      skill.altLabels?.length ? h('p', { class: 'alt-labels' }, h('span', { class: 'label' }, 'Also called: '), skill.altLabels.join(' · ')) : null,
      skill.description ? h('p', { class: 'description' }, skill.description) : null,
      h('div', { class: 'columns' }, occupationList('Essential for', skill.occupations?.essential), occupationList('Optional for', skill.occupations?.optional)),
      h('p', { class: 'attribution' }, 'This service uses the ESCO classification of the European Commission.'),
    );
  } catch (err) {
    replace(main, h('h1', {}, err instanceof ApiError && err.status === 404 ? 'Skill not found' : 'Skill'), errorNotice(err, 'the skill'));
  }
}

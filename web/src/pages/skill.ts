/** Skill page: a skill and the occupations that need it. */
import { ApiError, getJson, type OccupationRef, type Skill } from '../api.js';
import { h, replace } from '../dom.js';
import { t, type MessageKey } from '../i18n.js';
import { labelText } from '../labels.js';
import { errorNotice, loadingNotice, setTitle } from '../layout.js';
import { escoLang, pageUrl, param } from '../state.js';
import { skillTypeText } from '../occupation-search.js';

function occupationList(title: MessageKey, items: OccupationRef[] | undefined): HTMLElement {
  const list = items ?? [];
  return h(
    'div',
    {},
    h('h2', {}, t(title, { count: list.length })),
    list.length ? h('ul', { class: 'links' }, ...list.map((o) => h('li', {}, h('a', { href: pageUrl('/occupation', { id: o.id }) }, ...labelText(o))))) : h('p', {}, t('skill.none')),
  );
}


export async function render(main: HTMLElement): Promise<void> {
  const id = param('id');
  if (!id) {
    replace(main, h('h1', {}, t('skill.noneChosen')), h('p', {}, h('a', { href: pageUrl('/') }, t('page.searchLink'))));
    return;
  }
  replace(main, loadingNotice(t('skill.loading')));
  try {
    const skill = await getJson<Skill>(`/api/skills/${encodeURIComponent(id)}?lang=${encodeURIComponent(escoLang())}`);
    setTitle(skill.label ?? '');
    replace(
      main,
      h('p', { class: 'kicker' }, skill.type ? t('skill.kickerType', { type: skillTypeText(skill.type) }) : t('skill.kicker')),
      h('h1', {}, ...labelText(skill)),
      skill.altLabels?.length ? h('p', { class: 'alt-labels' }, h('span', { class: 'label' }, t('occupation.alsoCalled')), skill.altLabels.join(' · ')) : null,
      skill.description ? h('p', { class: 'description' }, skill.description) : null,
      h('div', { class: 'columns' }, occupationList('skill.essentialFor', skill.occupations?.essential), occupationList('skill.optionalFor', skill.occupations?.optional)),
      h('p', { class: 'attribution' }, t('esco.attribution')),
    );
  } catch (err) {
    replace(main, h('h1', {}, err instanceof ApiError && err.status === 404 ? t('skill.notFound') : t('skill.kicker')), errorNotice(err, t('skill.error')));
  }
}

/** A list of skills, each a link to its page (carrying the country and language). */
import type { SkillRef } from './api.js';
import { h } from './dom.js';
import { labelText } from './labels.js';
import { pageUrl } from './state.js';

export function skillList(skills: SkillRef[]): HTMLElement {
  return h('ul', { class: 'skills' }, ...skills.map((s) => h('li', {}, h('a', { href: pageUrl('/skill', { id: s.id }) }, ...labelText(s)))));
}

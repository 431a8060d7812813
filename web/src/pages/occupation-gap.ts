/**
 * "Compare with another occupation" on the occupation page: pick the other occupation by search;
 * the essential skills of that occupation already held, maybe held (optional here) and to gain.
 */
import { getJson, type Occupation, type SkillsGap } from '../api.js';
import { h, replace } from '../dom.js';
import { t, tParts } from '../i18n.js';
import { errorNotice, loadingNotice } from '../layout.js';
import { occupationSearchBox } from '../occupation-search.js';
import { escoLang, pageUrl, param } from '../state.js';
import { skillList } from '../skill-list.js';

/** GET /api/occupations/:id/gap?to= (server/routes/esco.ts). */
export function gapSection(occupation: Occupation): HTMLElement {
  const result = h('div', { class: 'gap-result', 'aria-live': 'polite' });
  const section = h(
    'section',
    { class: 'gap', 'aria-labelledby': 'gap-heading' },
    h('h2', { id: 'gap-heading' }, t('gap.heading')),
    h('p', { class: 'hint' }, t('gap.hint', { occupation: occupation.label ?? '' })),
    occupationSearchBox({
      id: 'gap-search',
      label: t('gap.searchLabel'),
      limit: 8,
      href: (hit) => `${pageUrl('/occupation', { id: occupation.id, gap: hit.id, compare: param('compare') })}#gap-heading`,
    }),
    result,
  );
  const target = param('gap');
  if (target) void showGap(result, occupation, target).then(() => {
    // The page was opened at #gap-heading, which only now has its final place.
    if (location.hash === '#gap-heading') section.scrollIntoView();
  });
  return section;
}

async function showGap(container: HTMLElement, occupation: Occupation, targetId: string): Promise<void> {
  replace(container, loadingNotice(t('gap.loading')));
  try {
    const gap = await getJson<SkillsGap>(`/api/occupations/${encodeURIComponent(occupation.id)}/gap?to=${encodeURIComponent(targetId)}&lang=${encodeURIComponent(escoLang())}`);
    const target = gap.to.label ?? '';
    replace(
      container,
      h('h3', {}, ...tParts('gap.title', { to: h('a', { href: pageUrl('/occupation', { id: targetId }) }, target) }, { from: occupation.label ?? '' })),
      h(
        'p',
        { class: 'reading' },
        t('gap.readingStartPart', { count: gap.targetEssentialSkills, target }) +
          t('gap.readingHeldPart', { count: gap.held.length, occupation: occupation.label ?? '' }) +
          (gap.toCheck.length ? t('gap.readingCheckPart', { count: gap.toCheck.length }) : '') +
          t('gap.readingGainPart', { count: gap.toGain.length }),
      ),
      h(
        'div',
        { class: 'columns three' },
        h('div', {}, h('h4', {}, t('gap.held', { count: gap.held.length })), skillList(gap.held)),
        h('div', {}, h('h4', {}, t('gap.maybe', { occupation: occupation.label ?? '', count: gap.toCheck.length })), skillList(gap.toCheck)),
        h('div', {}, h('h4', {}, t('gap.toGain', { count: gap.toGain.length })), skillList(gap.toGain)),
      ),
    );
  } catch (err) {
    replace(container, errorNotice(err, t('gap.error')));
  }
}

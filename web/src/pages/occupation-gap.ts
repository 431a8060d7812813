/**
 * "Compare with another occupation" on the occupation page: pick the other occupation by search;
 * the essential skills of that occupation already held, maybe held (optional here) and to gain.
 */
import { getJson, type Occupation, type OccupationRef, type SkillRef } from '../api.js';
import { h, replace } from '../dom.js';
import { errorNotice, loadingNotice } from '../layout.js';
import { occupationSearchBox } from '../occupation-search.js';
import { currentLang, pageUrl, param } from '../state.js';
import { skillList } from '../skill-list.js';

/** GET /api/occupations/:id/gap?to= (server/routes/esco.ts). */
interface Gap {
  from: OccupationRef;
  to: OccupationRef;
  targetEssentialSkills: number;
  /** Essential for the target and essential for the current occupation. */
  held: SkillRef[];
  /** Essential for the target, optional for the current one: worth checking with the client. */
  toCheck: SkillRef[];
  toGain: SkillRef[];
}

export function gapSection(occupation: Occupation): HTMLElement {
  const result = h('div', { class: 'gap-result', 'aria-live': 'polite' });
  const section = h(
    'section',
    { class: 'gap', 'aria-labelledby': 'gap-heading' },
    h('h2', { id: 'gap-heading' }, 'Compare with another occupation'),
    h('p', { class: 'hint' }, `For a career change from ${occupation.label}: which essential skills of the other occupation the client already has, and which to gain.`),
    occupationSearchBox({
      id: 'gap-search',
      label: 'Occupation to compare with',
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
  replace(container, loadingNotice('the comparison'));
  try {
    const gap = await getJson<Gap>(`/api/occupations/${encodeURIComponent(occupation.id)}/gap?to=${encodeURIComponent(targetId)}&lang=${encodeURIComponent(currentLang())}`);
    const target = gap.to.label;
    replace(
      container,
      h('h3', {}, `From ${occupation.label} to `, h('a', { href: pageUrl('/occupation', { id: targetId }) }, target)),
      h(
        'p',
        { class: 'reading' },
        `Of the ${gap.targetEssentialSkills} essential skills of ${target}, ${gap.held.length} are also essential for ${occupation.label}` +
          (gap.toCheck.length ? `, ${gap.toCheck.length} are optional for it` : '') +
          `, and ${gap.toGain.length} would need to be gained.`,
      ),
      h(
        'div',
        { class: 'columns three' },
        h('div', {}, h('h4', {}, `Already held (${gap.held.length})`), skillList(gap.held)),
        h('div', {}, h('h4', {}, `Maybe held: optional for ${occupation.label} (${gap.toCheck.length})`), skillList(gap.toCheck)),
        h('div', {}, h('h4', {}, `To gain (${gap.toGain.length})`), skillList(gap.toGain)),
      ),
    );
  } catch (err) {
    replace(container, errorNotice(err, 'the comparison'));
  }
}

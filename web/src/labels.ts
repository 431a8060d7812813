/**
 * ESCO labels as the pages show them: a label ESCO has only in another language than the one asked
 * (the API marks it `labelLang`, usually English) is shown in that language, with its language code
 * after it and, for the mouse and screen readers, a sentence saying why.
 */
import { h, type Child } from './dom.js';
import { languageName, t } from './i18n.js';
import { escoLang } from './state.js';

export interface Labelled {
  /** Null only when ESCO has no text for the concept in any loaded language. */
  label: string | null;
  /** Set by the API only when the label is not in the language asked. */
  labelLang?: string;
}

/** The label, followed by a mark when it is in another language ("nursing EN"). */
export function labelText(item: Labelled): Child[] {
  if (!item.labelLang || item.labelLang === escoLang()) return [item.label ?? ''];
  const why = t('lang.marked', { shown: languageName(item.labelLang), asked: languageName(escoLang()) });
  return [
    h('span', { lang: item.labelLang }, item.label ?? ''),
    ' ',
    h('span', { class: 'label-lang', title: why }, h('span', { 'aria-hidden': 'true' }, item.labelLang.toUpperCase()), h('span', { class: 'visually-hidden' }, why)),
  ];
}

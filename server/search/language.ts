/**
 * Per-language word rules for search: a Snowball stemmer (from @orama/stemmers, which packages the
 * Snowball algorithms) where one exists for the ESCO language, and a stop-word list (@orama/stopwords)
 * so that "teachers at secondary school" does not require "at". ESCO languages without a stemmer
 * here (cs, et, hr, is, lv, mt, pl, sk, sl) are searched without stemming: typo tolerance and prefix
 * matching still apply. See docs/esco.md ("Search").
 */
import { foldText } from '../../data/fold.js';
import * as ar from '@orama/stemmers/arabic';
import * as bg from '@orama/stemmers/bulgarian';
import * as da from '@orama/stemmers/danish';
import * as de from '@orama/stemmers/german';
import * as el from '@orama/stemmers/greek';
import * as en from '@orama/stemmers/english';
import * as es from '@orama/stemmers/spanish';
import * as fi from '@orama/stemmers/finnish';
import * as fr from '@orama/stemmers/french';
import * as ga from '@orama/stemmers/irish';
import * as hu from '@orama/stemmers/hungarian';
import * as it from '@orama/stemmers/italian';
import * as lt from '@orama/stemmers/lithuanian';
import * as nl from '@orama/stemmers/dutch';
import * as no from '@orama/stemmers/norwegian';
import * as pt from '@orama/stemmers/portuguese';
import * as ro from '@orama/stemmers/romanian';
import * as sv from '@orama/stemmers/swedish';
import * as uk from '@orama/stemmers/ukrainian';
import { stopwords as arStop } from '@orama/stopwords/arabic';
import { stopwords as bgStop } from '@orama/stopwords/bulgarian';
import { stopwords as daStop } from '@orama/stopwords/danish';
import { stopwords as deStop } from '@orama/stopwords/german';
import { stopwords as elStop } from '@orama/stopwords/greek';
import { stopwords as enStop } from '@orama/stopwords/english';
import { stopwords as esStop } from '@orama/stopwords/spanish';
import { stopwords as fiStop } from '@orama/stopwords/finnish';
import { stopwords as frStop } from '@orama/stopwords/french';
import { stopwords as gaStop } from '@orama/stopwords/irish';
import { stopwords as huStop } from '@orama/stopwords/hungarian';
import { stopwords as itStop } from '@orama/stopwords/italian';
import { stopwords as ltStop } from '@orama/stopwords/lithuanian';
import { stopwords as nlStop } from '@orama/stopwords/dutch';
import { stopwords as noStop } from '@orama/stopwords/norwegian';
import { stopwords as ptStop } from '@orama/stopwords/portuguese';
import { stopwords as roStop } from '@orama/stopwords/romanian';
import { stopwords as slStop } from '@orama/stopwords/slovenian';
import { stopwords as svStop } from '@orama/stopwords/swedish';
import { stopwords as ukStop } from '@orama/stopwords/ukrainian';

const STEMMERS: Record<string, (word: string) => string> = {
  ar: ar.stemmer,
  bg: bg.stemmer,
  da: da.stemmer,
  de: de.stemmer,
  el: el.stemmer,
  en: en.stemmer,
  es: es.stemmer,
  fi: fi.stemmer,
  fr: fr.stemmer,
  ga: ga.stemmer,
  hu: hu.stemmer,
  it: it.stemmer,
  lt: lt.stemmer,
  nl: nl.stemmer,
  no: no.stemmer,
  pt: pt.stemmer,
  ro: ro.stemmer,
  sv: sv.stemmer,
  uk: uk.stemmer,
};
const STOPWORDS: Record<string, string[]> = {
  ar: arStop,
  bg: bgStop,
  da: daStop,
  de: deStop,
  el: elStop,
  en: enStop,
  es: esStop,
  fi: fiStop,
  fr: frStop,
  ga: gaStop,
  hu: huStop,
  it: itStop,
  lt: ltStop,
  nl: nlStop,
  no: noStop,
  pt: ptStop,
  ro: roStop,
  sl: slStop,
  sv: svStop,
  uk: ukStop,
};

/** Words shorter than this are not stemmed: "it", "s" (from "children's") have no inflection to undo. */
const MIN_STEM_LENGTH = 3;

export interface LanguageRules {
  /** The stem of a folded word, or the word itself where the language has no stemmer. */
  stem(word: string): string;
  /** Whether a folded word is a stop word of the language. */
  isStopWord(word: string): boolean;
  readonly hasStemmer: boolean;
}

/** The rules for an ESCO language code ('en', 'fr', 'no', …). */
export function languageRules(lang: string): LanguageRules {
  const stemmer = STEMMERS[lang];
  // Stemmers expect lower case with the language's accents; the index holds folded words, so a
  // stemmer sees "infirmiere" for "infirmière". Both sides are stemmed alike, which is what matters.
  const stem = stemmer ? (word: string) => (word.length < MIN_STEM_LENGTH ? word : foldText(stemmer(word)) || word) : (word: string) => word;
  // A stop word with an apostrophe ("i'm") folds to two words and can never equal one query word: dropped.
  const stops = new Set((STOPWORDS[lang] ?? []).map(foldText).filter((w) => w && !w.includes(' ')));
  return { stem, isStopWord: (word) => stops.has(word), hasStemmer: stemmer !== undefined };
}

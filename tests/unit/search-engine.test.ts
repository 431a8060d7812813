/** The search engine's parts: folding, edit distance, the vocabulary scan, and the index on hand-made labels. */
import { foldText, foldedWords } from '../../data/fold.js';
import { OneEditIndex, editDistance, prefixEditDistance, scanVocabulary, typoBudget } from '../../server/search/edit-distance.js';
import { LabelIndex, type IndexLabel } from '../../server/search/label-index.js';
import { LetterScan } from '../../server/search/letter-scan.js';
import { walkTypos } from '../../server/search/typo-walk.js';
import { languageRules } from '../../server/search/language.js';

describe('folding', () => {
  test('case, accents, ligatures and typographic marks fold alike at index and query time', () => {
    expect(foldText('  Infirmière   SPÉCIALISÉE ')).toBe('infirmiere specialisee');
    expect(foldText('manœuvre industrielle')).toBe('manoeuvre industrielle');
    expect(foldText('Æsthetician')).toBe('aesthetician');
    expect(foldText('Straßenbauer')).toBe('strassenbauer');
    expect(foldText('Sjøoffiser')).toBe('sjooffiser');
    expect(foldText('Włókiennik')).toBe('wlokiennik');
    expect(foldText('agent d’entretien')).toBe(foldText("agent d'entretien"));
    expect(foldText('agent d’entretien')).toBe('agent d entretien');
    expect(foldText('nurse\u00a0specialist')).toBe('nurse specialist');
    expect(foldText('nurse\u202fspecialist')).toBe('nurse specialist');
    expect(foldText('ﬁsh ﬁlleter')).toBe('fish filleter');
    expect(foldText("Children's nurse-specialist (NHS)")).toBe('children s nurse specialist nhs');
    expect(foldText('ΝΟΣΗΛΕΥΤΉΣ')).toBe('νοσηλευτησ');
  });

  test('query syntax is only separators: FTS and regex operators give words or nothing', () => {
    expect(foldedWords('nur* OR "x" (NEAR) -spe:^')).toEqual(['nur', 'or', 'x', 'near', 'spe']);
    expect(foldedWords('"*()')).toEqual([]);
    expect(foldedWords('Médecin géné')).toEqual(['medecin', 'gene']);
  });
});

describe('edit distance (optimal string alignment)', () => {
  test('substitution, insertion, deletion and adjacent transposition each cost one', () => {
    expect(editDistance('analyst', 'ajalyst')).toBe(1); // substitution
    expect(editDistance('picture', 'picfture')).toBe(1); // insertion
    expect(editDistance('plumber', 'plumbr')).toBe(1); // deletion
    expect(editDistance('consultant', 'conslutant')).toBe(1); // adjacent transposition
    expect(editDistance('nurse', 'nurse')).toBe(0);
    expect(editDistance('nurse', 'purses')).toBe(2);
    // OSA, not full Damerau: a transposed pair is not edited again ("ca" -> "abc" is 3, not 2).
    expect(editDistance('ca', 'abc')).toBe(3);
    expect(prefixEditDistance('enginer', 'engineering')).toBe(1);
    expect(prefixEditDistance('nurse', 'nursery')).toBe(0);
  });

  test('the typo budget: none below 5 letters, one from 5, two from 9', () => {
    expect(['nurse', 'cook', 'plumber', 'electrician', 'acountant'].map(typoBudget)).toEqual([1, 0, 1, 2, 2]);
  });

  test('the vocabulary scan, the letter-filtered pass and the typo walk find exactly the words a full distance computation finds', () => {
    const words = [...new Set(foldedWords('analyst analysis anal ajax engine engineer engineering enginr consultant consulting conslutant nurse nursery purse nurses nut nu'))].sort();
    const letters = new LetterScan(words);
    for (const query of ['analyst', 'enginer', 'consultant', 'cnosultatn', 'nurse', 'nrse', 'nu', 'xyz']) {
      for (const k of [1, 2]) {
        for (const prefix of [false, true]) {
          const found = new Map<string, number>();
          scanVocabulary(words, query, k, prefix, (i, d) => found.set(words[i]!, d));
          const filtered: [number, number][] = [];
          letters.scan(query, k, prefix, (i, d) => filtered.push([i, d]));
          // The letter-filtered pass finds the same words at the same distances, in the same order.
          expect([query, k, prefix, filtered.map(([i, d]) => `${words[i]!}:${d}`)]).toEqual([query, k, prefix, [...found].map(([w, d]) => `${w}:${d}`)]);
          // So does the walk of the query's edits down the vocabulary.
          const walked: [number, number][] = [];
          walkTypos(words, query, k, prefix, (i, d) => walked.push([i, d]));
          expect([query, k, prefix, walked.map(([i, d]) => `${words[i]!}:${d}`)]).toEqual([query, k, prefix, [...found].map(([w, d]) => `${w}:${d}`)]);
          const expected = new Map(
            words
              .map((w): [string, number] => [w, prefix ? prefixEditDistance(query, w) : editDistance(query, w)])
              .filter(([, d]) => d <= k),
          );
          expect([query, k, prefix, Object.fromEntries([...found].sort())]).toEqual([query, k, prefix, Object.fromEntries([...expected].sort())]);
        }
      }
    }
  });
});

describe('one-edit index (deletions)', () => {
  test('finds exactly the words of 4+ letters one edit from a query, as the full distance does', () => {
    const words = [...new Set(foldedWords('analyst analysts catalyst anal ajax engine engineer enginr engines consultant consulting conslutant nurse nursery purse nurses nurs curse nut plumber plumbers plumb'))].sort();
    const index = new OneEditIndex(words, 4);
    for (const query of ['analyst', 'ajalyst', 'anlayst', 'enginer', 'engin', 'nurse', 'nurses', 'nrse', 'plumbr', 'plumbere', 'xyzzy']) {
      const found: string[] = [];
      index.within1(query, (i) => found.push(words[i]!));
      expect([query, found.sort()]).toEqual([query, words.filter((w) => w.length >= 4 && editDistance(query, w) === 1)]);
    }
  });
});

describe('label index', () => {
  const concepts = ['u:boiler', 'u:nurse', 'u:general', 'u:steam', 'u:editor', 'u:ops', 'u:teacher', 'u:it'];
  const labels: IndexLabel[] = [
    { concept: 0, kind: 'preferred', label: 'boiler operator' },
    { concept: 1, kind: 'preferred', label: 'specialist nurse' },
    { concept: 1, kind: 'alt', label: 'specialist nurse' }, // ESCO repeats preferred labels among the alternatives
    { concept: 1, kind: 'hidden', label: 'nurse specalist' },
    { concept: 2, kind: 'preferred', label: 'nurse responsible for general care' },
    { concept: 3, kind: 'preferred', label: 'steam plant operator' },
    { concept: 3, kind: 'alt', label: 'steam boiler operator' },
    { concept: 4, kind: 'preferred', label: 'picture editor' },
    { concept: 5, kind: 'preferred', label: 'operations manager' },
    { concept: 6, kind: 'preferred', label: 'secondary school teacher' },
    { concept: 7, kind: 'preferred', label: 'IT consultant' },
  ];
  const index = new LabelIndex(concepts, labels, languageRules('en'));
  const search = (q: string) => {
    const a = index.search(q, 10, 0);
    return { hits: a.hits.map((h) => `${concepts[h.concept]} ${h.matchedLabel ?? '(hidden)'}`), fuzzy: a.fuzzy, correctedQuery: a.correctedQuery };
  };

  test('exact and prefix words, preferred-label prefix first, one entry per folded label', () => {
    expect(index.labelCount).toBe(10);
    expect(search('nur')).toEqual({ hits: ['u:general nurse responsible for general care', 'u:nurse specialist nurse'], fuzzy: false, correctedQuery: null });
    expect(search('boiler operator').hits).toEqual(['u:boiler boiler operator', 'u:steam steam boiler operator']);
  });

  test('plurals find the singular label, and a plural ranks the label it inflects above a looser stem', () => {
    expect(search('boiler operators').hits).toEqual(['u:boiler boiler operator', 'u:steam steam boiler operator']);
    // "operations" shares the stem "oper" with "operators", so it is found, after every "operator".
    expect(search('operators').hits).toEqual(['u:boiler boiler operator', 'u:steam steam plant operator', 'u:ops operations manager']);
    expect(search('teachers at secondary school').hits).toEqual(['u:teacher secondary school teacher']);
  });

  test('typos only when nothing matches as typed, answered as fuzzy with the corrected query', () => {
    expect(search('picfture editor')).toEqual({ hits: ['u:editor picture editor'], fuzzy: true, correctedQuery: 'picture editor' });
    expect(search('specialst nurse')).toEqual({ hits: ['u:nurse specialist nurse'], fuzzy: true, correctedQuery: 'specialist nurse' });
    // Four letters allow no typo; the closest-labels pass allows one and says so.
    expect(search('nrse')).toMatchObject({ fuzzy: true, correctedQuery: 'nurse' });
    // A hidden label (a misspelling ESCO keeps) matches as typed, without showing it.
    expect(search('specalist')).toEqual({ hits: ['u:nurse (hidden)'], fuzzy: false, correctedQuery: null });
  });

  test('stop words are optional unless the query has nothing else; nothing at all gives an empty answer', () => {
    expect(search('it').hits).toEqual(['u:it IT consultant']);
    expect(search('the picture editor').hits).toEqual(['u:editor picture editor']);
    expect(search('qqqq zzzz')).toEqual({ hits: [], fuzzy: false, correctedQuery: null });
    expect(search('"*()')).toEqual({ hits: [], fuzzy: false, correctedQuery: null });
  });

  test('paging and totals (the two operators and, by stem, operations manager)', () => {
    expect(index.search('operator', 1, 1)).toEqual({ hits: [{ concept: 3, matchedLabel: 'steam plant operator' }], total: 3, fuzzy: false, correctedQuery: null });
    expect(index.search('operator', 5, 5)).toEqual({ hits: [], total: 3, fuzzy: false, correctedQuery: null });
  });
});

describe('label index in French', () => {
  // Labels in the style of ESCO's French pillar (masculine/feminine pairs, ligatures, apostrophes).
  const concepts = ['u:manoeuvre', 'u:infirmier', 'u:agent', 'u:enseignant'];
  const labels: IndexLabel[] = [
    { concept: 0, kind: 'preferred', label: 'manœuvre industriel/manœuvre industrielle' },
    { concept: 1, kind: 'preferred', label: 'infirmier spécialisé/infirmière spécialisée' },
    { concept: 2, kind: 'preferred', label: 'agent d’entretien/agente d’entretien' },
    { concept: 3, kind: 'preferred', label: 'enseignant du secondaire/enseignante du secondaire' },
  ];
  const index = new LabelIndex(concepts, labels, languageRules('fr'));
  const first = (q: string) => {
    const a = index.search(q, 1, 0);
    return [q, a.hits[0] ? concepts[a.hits[0].concept] : null, a.fuzzy];
  };

  test('typed on a plain keyboard: no accents, oe for œ, a straight apostrophe; French plurals and stop words', () => {
    expect(first('manoeuvre industrielle')).toEqual(['manoeuvre industrielle', 'u:manoeuvre', false]);
    expect(first('infirmiere specialisee')).toEqual(['infirmiere specialisee', 'u:infirmier', false]);
    expect(first("agent d'entretien")).toEqual(["agent d'entretien", 'u:agent', false]);
    expect(first('infirmières spécialisées')).toEqual(['infirmières spécialisées', 'u:infirmier', false]);
    expect(first('enseignants du secondaire')).toEqual(['enseignants du secondaire', 'u:enseignant', false]);
    expect(first('enseignant secondaire')).toEqual(['enseignant secondaire', 'u:enseignant', false]);
    expect(first('infirmiere specialisse')).toEqual(['infirmiere specialisse', 'u:infirmier', true]);
  });
});


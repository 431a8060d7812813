import Database from 'better-sqlite3';
import { scanVocabulary } from '/work/wt-10/dist/server/search/edit-distance.js';
const db = new Database('/tmp/lmi-search.sqlite', { readonly: true });
import { foldedWords } from '/work/wt-10/dist/data/fold.js';
const labels = db.prepare(`SELECT l.label FROM esco_labels l JOIN esco_occupations o ON o.uri = l.concept_uri WHERE l.lang='en'`).pluck().all();
const terms = [...new Set(labels.flatMap(foldedWords))].sort();
console.log('terms', terms.length);
for (const [q,k,p] of [['techjicipan',2,true],['assitsnt',1,false],['conslutant',2,true],['plumbr',1,true],['electrican',2,true]]) {
  let n=0; const s=performance.now(); for (let i=0;i<100;i++) scanVocabulary(terms, q, k, p, ()=>n++); console.log(q,k,p, ((performance.now()-s)/100*1000).toFixed(0),'µs', n/100);
}

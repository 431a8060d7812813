import Database from 'better-sqlite3';
import { EscoSearchIndexes } from '/work/wt-10/dist/server/search/esco-indexes.js';
import { relevanceSet } from '/work/wt-10/dist/bench/relevance-set.js';
const db = new Database('/tmp/lmi-search.sqlite', { readonly: true });
const occ = new EscoSearchIndexes(db).occupations('en');
const set = relevanceSet(occ.docs.map(d=>d.label), 7, 1);
for (const [k, cases] of Object.entries(set)) {
  for (const c of cases) occ.index.search(c.query, 20, 0);
  const s = performance.now(); for (let r=0;r<3;r++) for (const c of cases) occ.index.search(c.query, 20, 0);
  console.log(k, ((performance.now()-s)/3/cases.length*1000).toFixed(0), 'µs');
}

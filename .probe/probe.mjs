import Database from 'better-sqlite3';
import { EscoSearchIndexes } from '/work/wt-10/dist/server/search/esco-indexes.js';
const db = new Database('/tmp/lmi-search.sqlite', { readonly: true });
const ix = new EscoSearchIndexes(db);
let t = performance.now(); const h0 = process.memoryUsage().heapUsed;
const occ = ix.occupations('en'); console.log('occ build ms', (performance.now()-t).toFixed(0), 'labels', occ.index.labelCount, 'vocab', occ.index.vocabularySize);
t = performance.now(); const sk = ix.skills('en'); console.log('skill build ms', (performance.now()-t).toFixed(0), 'labels', sk.index.labelCount, 'vocab', sk.index.vocabularySize);
globalThis.gc?.(); console.log('heap MB', ((process.memoryUsage().heapUsed-h0)/1e6).toFixed(1));
const qs = process.argv.slice(2).length ? process.argv.slice(2) : ['insurance risk conslutant','picfture editor','dividend ajalyst','boiler operators','steam plant operators','canvas goods assemblers','nurses','teachers at secondary school','nur','n','specialist nur','software dev','2221','operators','enginer','sofware developer','xyzzy qwerty','plumbr', 'electrican', 'acountant','it consultant','IT'];
for (const q of qs) {
  const t0 = performance.now(); let a; for (let i=0;i<20;i++) a = occ.index.search(q, 5, 0); const dt=(performance.now()-t0)/20;
  console.log(JSON.stringify(q), dt.toFixed(3)+'ms', 'total', a.total, a.fuzzy ? 'FUZZY→'+a.correctedQuery : '', a.hits.map(h => occ.docs[h.concept].label + (h.matchedLabel && h.matchedLabel !== occ.docs[h.concept].label ? ' ['+h.matchedLabel+']' : '')).join(' | '));
}

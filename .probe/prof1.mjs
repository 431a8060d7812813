import Database from 'better-sqlite3';
import { EscoSearchIndexes } from '/work/wt-10/dist/server/search/esco-indexes.js';
const db = new Database('/tmp/lmi-search.sqlite', { readonly: true });
const ix = new EscoSearchIndexes(db);
const occ = ix.occupations('en');
const q = process.argv[2];
let t0 = performance.now(); for (let i=0;i<300;i++) occ.index.search(q, 20, 0); console.log(q, ((performance.now()-t0)/300).toFixed(3), 'ms');

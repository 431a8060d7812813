import Database from 'better-sqlite3';
import { EscoSearchIndexes } from '/work/wt-10/dist/server/search/esco-indexes.js';
const db = new Database('/tmp/lmi-search.sqlite', { readonly: true });
const ix = new EscoSearchIndexes(db);
let t = performance.now(); ix.skills('en'); console.log('skills', performance.now()-t);

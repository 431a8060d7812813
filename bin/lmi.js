#!/usr/bin/env node
// Thin launcher: the command line is compiled from scripts/lmi.ts by `npm run build` (run by `npm ci` via `prepare`).
import('../dist/scripts/lmi.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/scripts/lmi.js')) {
    console.error('lmi: the tool is not built yet. Run `npm ci` (or `npm run build`) first.');
    process.exit(1);
  }
  throw err;
});

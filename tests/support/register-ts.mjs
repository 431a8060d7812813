// Lets tests run the real TypeScript CLI in child processes without a build:
//   node --import ./tests/support/register-ts.mjs scripts/lmi.ts ingest all
// The hooks (ts-hooks.mjs) compile .ts with @swc/core, as Jest does, and map './x.js' imports to
// './x.ts' when only the TypeScript file exists. Test-only: the shipped CLI runs compiled dist/.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);

#!/usr/bin/env node
// The project's test command (`npm test`): type check, then Jest, then one closing line
// `N passed, N failed, N skipped` that CI reads. Extra arguments go to Jest (e.g. a path filter).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A private results file per run, so two runs at once never read each other's counts.
const resultsDir = mkdtempSync(join(tmpdir(), 'lmi-jest-'));
const resultsFile = join(resultsDir, 'results.json');
const skipTypecheck = process.env.LMI_SKIP_TYPECHECK === '1';

if (!skipTypecheck) {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit'], { stdio: 'inherit' });
  // The browser code (web/src) has its own config: DOM lib, ES modules for the browser.
  const tscWeb = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.web.json', '--noEmit'], { stdio: 'inherit' });
  if (tsc.status !== 0 || tscWeb.status !== 0) {
    console.error('Type check failed.');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const jest = spawnSync(
  process.execPath,
  ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  skipped = results.numPendingTests + results.numTodoTests;
} catch {
  failed = 1; // Jest crashed before writing its results
}
rmSync(resultsDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(jest.status === 0 && failed === 0 ? 0 : 1);

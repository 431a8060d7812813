// Jest globalSetup: says once per run, in one line, when the shared real fixtures are absent, so the
// tests that need them (describeWithFixtures in tests/helpers.ts) are visibly skipped, not silently.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export default function checkSharedFixtures() {
  const dir = resolve(process.env.LMI_FIXTURES ?? join(process.cwd(), '..', 'shared', 'fixtures'));
  if (!existsSync(join(dir, 'SOURCES.md'))) {
    console.log(`\nshared fixtures not found at ${dir} (set LMI_FIXTURES): the tests that need real upstream files are skipped`);
  }
}

/**
 * Compiles the browser code (tsconfig.web.json -> dist/web) for the tests that serve it. Several
 * Jest workers may ask at once: a lock directory serialises them, and a build newer than every
 * source is kept, so no worker's server reads a file while another rewrites it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LOCK = join('dist', '.web-build.lock');
const STALE_MS = 120_000;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function upToDate(): boolean {
  const built = join('dist', 'web', 'main.js');
  if (!existsSync(built)) return false;
  return Math.max(newestMtime(join('web', 'src')), statSync('tsconfig.web.json').mtimeMs) <= statSync(built).mtimeMs;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function buildWeb(): void {
  mkdirSync('dist', { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Held by another worker; a lock left by a killed run is taken over after a while.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      sleep(200);
    }
  }
  try {
    if (upToDate()) return;
    const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.web.json'], { encoding: 'utf8' });
    if (tsc.status !== 0) throw new Error(`web build failed:\n${tsc.stdout}${tsc.stderr}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

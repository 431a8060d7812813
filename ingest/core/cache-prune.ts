/**
 * Keeping the raw payload cache (data/raw, see rawcache.ts) in check: entries not used (downloaded,
 * or confirmed by a 304) for `maxAgeDays` go, then the least recently used until the cache fits in
 * `maxSizeMb`. An entry the loaded data was read from (raw_cache_refs) is never removed, whatever its
 * age or size; while any loaded source's entries are unknown (loaded before they were recorded),
 * nothing but leftovers of interrupted writes is removed. `lmi cache prune` runs this, and so does
 * every ingest command after its runs.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRefs, type CacheRefs } from '../../data/raw-cache-refs.js';
import { openWritable } from '../../data/db.js';
import { configPath, loadConfig, rawCachePolicySchema, type RawCachePolicy } from './config.js';
import type { Logger } from './log.js';
import { rawDir, type CacheMeta } from './rawcache.js';

export const defaultRawCachePolicy: RawCachePolicy = rawCachePolicySchema.parse({});

/**
 * A leftover younger than this may still be being written by a running ingest, and an entry used
 * this recently may belong to a run in progress (whose entries are recorded when it ends): neither is
 * removed.
 */
const LEFTOVER_GRACE_MS = 3600_000;

/** One entry of the cache folder, or a leftover file (a `.tmp`, a body or meta without its pair). */
export interface CacheItem {
  key: string;
  /** The request URL (entries only). */
  url?: string;
  /** Bytes on disk: body and meta together. */
  bytes: number;
  /** When the entry was last downloaded or confirmed by a 304 (a leftover: its file's mtime). */
  lastUsed: Date;
  files: string[];
  leftover: boolean;
}

/** age: unused for longer than maxAgeDays; size: the least recently used over maxSizeMb; leftover: of an interrupted write. */
export type PruneReason = 'age' | 'size' | 'leftover';

export interface PrunePlan {
  remove: (CacheItem & { reason: PruneReason })[];
  keep: CacheItem[];
  /** Kept entries the loaded data was read from. */
  inUse: number;
  keptBytes: number;
  /** Why age and size were not applied, when they were not. */
  held?: string;
}

/** Lists the cache folder: `<dir>/<2 hex>/<key>.body|.json` plus any `.tmp` files. */
export function listRawCache(dir: string = rawDir()): CacheItem[] {
  if (!existsSync(dir)) return [];
  const items: CacheItem[] = [];
  for (const sub of readdirSync(dir, { withFileTypes: true })) {
    if (!sub.isDirectory() || !/^[0-9a-f]{2}$/.test(sub.name)) continue;
    const folder = join(dir, sub.name);
    const byKey = new Map<string, string[]>();
    for (const name of readdirSync(folder)) {
      const key = name.split('.')[0]!;
      if (name.endsWith('.tmp')) items.push(leftover(key, [join(folder, name)]));
      else if (/^[0-9a-f]{64}\.(body|json)$/.test(name)) byKey.set(key, [...(byKey.get(key) ?? []), join(folder, name)]);
    }
    for (const [key, files] of byKey) items.push(entry(key, files) ?? leftover(key, files));
  }
  return items;
}

function entry(key: string, files: string[]): CacheItem | undefined {
  const body = files.find((f) => f.endsWith('.body'));
  const metaFile = files.find((f) => f.endsWith('.json'));
  if (!body || !metaFile) return undefined;
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as CacheMeta;
    const bodyBytes = statSync(body).size;
    if (bodyBytes !== meta.bytes) return undefined;
    const used = Math.max(Date.parse(meta.fetchedAt), meta.validatedAt ? Date.parse(meta.validatedAt) : 0);
    if (!Number.isFinite(used)) return undefined;
    return { key, url: meta.url, bytes: bodyBytes + statSync(metaFile).size, lastUsed: new Date(used), files, leftover: false };
  } catch {
    return undefined;
  }
}

function leftover(key: string, files: string[]): CacheItem {
  const stats = files.map((f) => statSync(f, { throwIfNoEntry: false })).filter((s) => s !== undefined);
  const mtime = Math.max(0, ...stats.map((s) => s.mtimeMs));
  return { key, bytes: stats.reduce((n, s) => n + s.size, 0), lastUsed: new Date(mtime), files, leftover: true };
}

/** What pruning would do (pure: no disk access). */
export function planPrune(items: CacheItem[], policy: RawCachePolicy, refs: CacheRefs, now: Date = new Date()): PrunePlan {
  const remove: PrunePlan['remove'] = [];
  const candidates: CacheItem[] = [];
  for (const item of items) {
    if (item.leftover) {
      if (now.getTime() - item.lastUsed.getTime() > LEFTOVER_GRACE_MS) remove.push({ ...item, reason: 'leftover' });
    } else {
      candidates.push(item);
    }
  }
  const inUse = candidates.filter((c) => refs.keys.has(c.key)).length;
  const held = refs.unknownSources.length
    ? `the cache entries of ${refs.unknownSources.join(', ')} are not known yet (loaded before they were recorded): run ${refs.unknownSources.length > 1 ? 'them' : 'it'} once (lmi ingest all) before entries are pruned by age or size`
    : undefined;
  if (held) return finish(remove, items, inUse, held);

  const oldest = now.getTime() - policy.maxAgeDays * 86_400_000;
  const kept: CacheItem[] = [];
  for (const c of candidates) {
    if (!refs.keys.has(c.key) && c.lastUsed.getTime() < oldest) remove.push({ ...c, reason: 'age' });
    else kept.push(c);
  }
  let total = kept.reduce((n, c) => n + c.bytes, 0);
  const limit = policy.maxSizeMb * 1024 * 1024;
  // Least recently used first (then by key, so a plan is the same every time).
  const recent = now.getTime() - LEFTOVER_GRACE_MS;
  const byAge = kept.filter((c) => !refs.keys.has(c.key) && c.lastUsed.getTime() < recent).sort((a, b) => a.lastUsed.getTime() - b.lastUsed.getTime() || (a.key < b.key ? -1 : 1));
  for (const c of byAge) {
    if (total <= limit) break;
    remove.push({ ...c, reason: 'size' });
    total -= c.bytes;
  }
  return finish(remove, items, inUse);
}

function finish(remove: PrunePlan['remove'], items: CacheItem[], inUse: number, held?: string): PrunePlan {
  const removed = new Set(remove.map((r) => r.files[0]));
  const keep = items.filter((i) => !removed.has(i.files[0]));
  return { remove, keep, inUse, keptBytes: keep.reduce((n, c) => n + c.bytes, 0), ...(held ? { held } : {}) };
}

export interface PruneOptions {
  dbPath: string;
  policy: RawCachePolicy;
  dryRun?: boolean;
  dir?: string;
  now?: Date;
}

/**
 * Plans and (unless dryRun) applies pruning. The database says which entries are in use; without a
 * database file nothing is loaded, so nothing is in use.
 */
export function pruneRawCache(opts: PruneOptions): PrunePlan {
  const dir = opts.dir ?? rawDir();
  const items = listRawCache(dir);
  if (!items.length) return { remove: [], keep: [], inUse: 0, keptBytes: 0 };
  const refs = existsSync(opts.dbPath) ? withDb(opts.dbPath, cacheRefs) : { keys: new Set<string>(), unknownSources: [] };
  const plan = planPrune(items, opts.policy, refs, opts.now);
  if (!opts.dryRun) {
    // Meta first: a body without its meta is never used, whereas a meta without its body would be.
    for (const r of plan.remove) {
      for (const f of [...r.files.filter((f) => f.endsWith('.json')), ...r.files.filter((f) => !f.endsWith('.json'))]) rmSync(f, { force: true });
    }
  }
  return plan;
}

function withDb<T>(path: string, fn: (db: ReturnType<typeof openWritable>) => T): T {
  const db = openWritable(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** The policy in the config file, or the default when there is no config file. */
export function configuredPolicy(path: string = configPath()): RawCachePolicy {
  return existsSync(path) ? loadConfig(path).rawCache : defaultRawCachePolicy;
}

/**
 * Pruning after a command's runs: a failure to prune is a warning, never the runs' failure; what was
 * removed is logged in one line.
 */
export function pruneAfterRuns(dbPath: string, log: Logger, policy?: RawCachePolicy): void {
  try {
    const plan = pruneRawCache({ dbPath, policy: policy ?? configuredPolicy() });
    if (plan.remove.length) log.info(`raw cache: ${describePlan(plan, false)}`);
  } catch (err) {
    log.warn(`raw cache: not pruned: ${(err as Error).message}`);
  }
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** 'removed 3 entries (12.0 MB); kept 10 (40.2 MB), 4 in use by the loaded data'. */
export function describePlan(plan: PrunePlan, dryRun: boolean): string {
  const removedBytes = plan.remove.reduce((n, r) => n + r.bytes, 0);
  const verb = dryRun ? 'would remove' : 'removed';
  const keptEntries = plan.keep.filter((k) => !k.leftover).length;
  return `${verb} ${plan.remove.length} ${plan.remove.length === 1 ? 'entry' : 'entries'} (${mb(removedBytes)}); kept ${keptEntries} (${mb(plan.keptBytes)}), ${plan.inUse} in use by the loaded data`;
}

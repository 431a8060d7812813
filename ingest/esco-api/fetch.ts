/**
 * Walking the ESCO web-service API (I/O only). Rather than paging deep into `/search` (slow, and the
 * service caps offsets), the walk follows the classification's own trees:
 *   occupations: the ISCO concept scheme's top concepts -> `narrowerConcept` (ISCO groups) ->
 *                `narrowerOccupation` (occupations) -> their `narrowerOccupation`;
 *   skills:      the skills-hierarchy scheme's top concepts -> `narrowerConcept` (skill groups) ->
 *                `narrowerSkill` -> their `narrowerSkill`; then any skill an occupation or skill
 *                links to that the tree did not reach.
 * Every request pins `selectedVersion` and asks in the first language (the answers carry labels
 * and descriptions in every language). At most `concurrency` requests are in flight and a new one
 * starts at most every `minIntervalMs`, to stay polite to a public service.
 */
import { IngestError } from '../../data/errors.js';
import { httpRequest, jsonBody } from '../core/http.js';
import type { Logger } from '../core/log.js';
import type { EscoApiWalk } from './parse.js';
import { toResource } from './parse.js';
import { links, type HalResource } from './hal.js';
import { ESCO } from './normalise.js';
import { DEFAULT_ESCO_API_URL, DEFAULT_ESCO_API_VERSION } from './source-type.js';

const ISCO_SCHEME = `${ESCO}concept-scheme/isco`;
const SKILLS_HIERARCHY_SCHEME = `${ESCO}concept-scheme/skills-hierarchy`;

export interface EscoApiOptions {
  /** Default LMI_ESCO_API_URL, else https://ec.europa.eu/esco/api. */
  baseUrl?: string;
  /** selectedVersion, e.g. 'v1.1.1'. */
  version?: string;
  /** Languages to keep; the first is the one requests ask in. Default ['en']. */
  languages?: string[];
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Least time between two request starts (default 100 ms, i.e. at most 10 requests a second). */
  minIntervalMs?: number;
  log?: Logger;
}

type ResourceType = 'taxonomy' | 'concept' | 'occupation' | 'skill';

/** Runs tasks with at most `concurrency` at once and starts spaced by `minIntervalMs`. */
export function politeScheduler(concurrency: number, minIntervalMs: number) {
  let active = 0;
  let nextStart = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return async function schedule<T>(task: () => Promise<T>): Promise<T> {
    if (active >= concurrency) await new Promise<void>((ok) => waiting.push(ok));
    active++;
    try {
      const now = Date.now();
      const wait = Math.max(0, nextStart - now);
      nextStart = Math.max(now, nextStart) + minIntervalMs;
      if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
      return await task();
    } finally {
      release();
    }
  };
}

export function resourceUrl(baseUrl: string, type: ResourceType, uri: string, language: string, version: string): string {
  const q = new URLSearchParams({ uri, language, selectedVersion: version });
  return `${baseUrl.replace(/\/+$/, '')}/resource/${type}?${q.toString()}`;
}

export async function fetchEscoApi(opts: EscoApiOptions = {}): Promise<EscoApiWalk> {
  const baseUrl = opts.baseUrl ?? process.env.LMI_ESCO_API_URL ?? DEFAULT_ESCO_API_URL;
  const version = opts.version ?? DEFAULT_ESCO_API_VERSION;
  const languages = opts.languages?.length ? opts.languages : ['en'];
  const schedule = politeScheduler(Math.max(1, opts.concurrency ?? 4), Math.max(0, opts.minIntervalMs ?? 100));
  const log = opts.log;
  let failed: unknown = null;
  let requests = 0;

  /** Every request started, so a failed walk can let the others settle before it reports. */
  const started: Promise<unknown>[] = [];
  const get = (type: ResourceType, uri: string): Promise<HalResource> => {
    const p = schedule(async () => {
      // After one failure the run is lost: do not keep the service busy with the rest of the walk.
      if (failed) throw failed;
      const url = resourceUrl(baseUrl, type, uri, languages[0]!, version);
      try {
        const res = await httpRequest({ url, expect: 'json', headers: { Accept: 'application/hal+json, application/json' } });
        requests++;
        if (requests % 100 === 0) log?.progress('ESCO API resources', requests);
        const r = toResource(jsonBody(res), url);
        if (r.uri !== uri) throw new IngestError('invalid', `${url}: asked for ${uri}, the answer is about ${r.uri}`, { url });
        return r;
      } catch (err) {
        failed ??= err;
        throw err;
      }
    });
    started.push(p);
    return p;
  };

  const seen = new Set<string>();
  const walk: EscoApiWalk = { version, languages, iscoGroups: [], occupations: [], skillGroups: [], skills: [] };
  const isSkill = (r: HalResource) => r.className === 'Skill' || (r.classId ?? '').endsWith('#Skill') || links(r, 'hasSkillType').length > 0;
  const isOccupation = (r: HalResource) => r.className === 'Occupation' && !r.uri.startsWith(`${ESCO}isco/`);

  /**
   * One pillar of the walk: groups (ISCO groups, skill groups) with their narrower groups, and the
   * leaves (occupations, skills) any group or leaf links to as narrower.
   */
  interface Pillar {
    leafType: ResourceType;
    isLeaf: (r: HalResource) => boolean;
    leaves: unknown[];
    groups: unknown[];
    narrowerLeafRel: string;
  }
  const occupationPillar: Pillar = { leafType: 'occupation', isLeaf: isOccupation, leaves: walk.occupations, groups: walk.iscoGroups, narrowerLeafRel: 'narrowerOccupation' };
  const skillPillar: Pillar = { leafType: 'skill', isLeaf: isSkill, leaves: walk.skills, groups: walk.skillGroups, narrowerLeafRel: 'narrowerSkill' };

  async function visit(pillar: Pillar, type: ResourceType, uri: string): Promise<void> {
    if (seen.has(uri)) return;
    seen.add(uri);
    const r = await get(type, uri);
    const next: Promise<void>[] = [];
    if (type === pillar.leafType || pillar.isLeaf(r)) {
      pillar.leaves.push(r);
    } else {
      pillar.groups.push(r);
      for (const l of links(r, 'narrowerConcept')) next.push(visit(pillar, 'concept', l.uri));
    }
    for (const l of links(r, pillar.narrowerLeafRel)) next.push(visit(pillar, pillar.leafType, l.uri));
    await Promise.all(next);
  }

  const topConcepts = async (scheme: string) => links(await get('taxonomy', scheme), 'hasTopConcept');
  try {
    const [iscoTop, skillTop] = await Promise.all([topConcepts(ISCO_SCHEME), topConcepts(SKILLS_HIERARCHY_SCHEME)]);
    if (iscoTop.length === 0) throw new IngestError('empty', `the ESCO API lists no top concepts in ${ISCO_SCHEME} (selectedVersion ${version})`);
    await Promise.all([...iscoTop.map((t) => visit(occupationPillar, 'concept', t.uri)), ...skillTop.map((t) => visit(skillPillar, 'concept', t.uri))]);

    // Skills some occupation or skill links to that the hierarchy walk did not reach.
    const linked = new Set<string>();
    for (const r of [...walk.occupations, ...walk.skills] as HalResource[]) {
      for (const l of [...links(r, 'hasEssentialSkill'), ...links(r, 'hasOptionalSkill')]) if (!seen.has(l.uri)) linked.add(l.uri);
    }
    if (linked.size) log?.info(`${linked.size} linked skill(s) outside the skills hierarchy: fetching them`);
    await Promise.all([...linked].map((uri) => visit(skillPillar, 'skill', uri)));
  } catch (err) {
    // Requests already on the wire finish (or fail) first: none is left running after the run ends.
    failed ??= err;
    for (let settled = 0; settled < started.length; ) {
      const batch = started.slice(settled);
      settled = started.length;
      await Promise.allSettled(batch);
    }
    throw err;
  }

  log?.progress('ESCO API resources', requests, requests);
  // Answers arrive in any order under concurrency; sorted, two walks of the same data are equal.
  for (const list of [walk.iscoGroups, walk.occupations, walk.skillGroups, walk.skills] as HalResource[][]) list.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  if (walk.occupations.length === 0) throw new IngestError('empty', `the ESCO API walk found no occupations under ${ISCO_SCHEME} (selectedVersion ${version})`);
  return walk;
}

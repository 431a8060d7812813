/**
 * O*NET (US occupation classification) from its database text files: fetch reads the files from a
 * folder (the unzipped 'db_xx_x_text' download), parse splits them into rows, load replaces the
 * O*NET tables and their search index in one transaction.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ONET_ATTRIBUTION } from '../../data/attribution.js';
import type { Db } from '../../data/db.js';
import { replaceOnet } from '../../data/onet.js';
import { IngestError } from '../../data/errors.js';
import { recordSource, type LoadSummary } from '../../data/sources.js';
import type { IngestContext, SourceModule } from '../core/source.js';
import { parseInterests, parseOccupationData, type OnetInterest, type OnetOccupation } from './parse.js';
import type { OnetOptions } from './source-type.js';


export interface OnetRaw {
  dir: string;
  occupations: string;
  interests: string | null;
}

export interface OnetParsed {
  occupations: OnetOccupation[];
  interests: OnetInterest[];
}

export function readOnetDir(o: OnetOptions): OnetRaw {
  const dir = resolve(o.from);
  const occupationsFile = join(dir, 'Occupation Data.txt');
  if (!existsSync(occupationsFile)) throw new IngestError('input', `${dir} has no 'Occupation Data.txt' (give the folder of the unzipped O*NET text download)`);
  const interestsFile = join(dir, 'Interests.txt');
  return {
    dir,
    occupations: readFileSync(occupationsFile, 'utf8'),
    interests: existsSync(interestsFile) ? readFileSync(interestsFile, 'utf8') : null,
  };
}

export function parseOnet(raw: OnetRaw): OnetParsed {
  const occupations = parseOccupationData(raw.occupations, join(raw.dir, 'Occupation Data.txt'));
  const interests = raw.interests === null ? [] : parseInterests(raw.interests, join(raw.dir, 'Interests.txt'));
  const known = new Set(occupations.map((o) => o.code));
  const orphan = interests.find((i) => !known.has(i.code));
  if (orphan) throw new IngestError('schema', `Interests.txt names occupation ${orphan.code}, which 'Occupation Data.txt' does not list`);
  return { occupations, interests };
}

export function loadOnet(db: Db, parsed: OnetParsed, upstreamUrl: string | null = null): LoadSummary {
  return db.transaction((): LoadSummary => {
    replaceOnet(db, parsed.occupations, parsed.interests);
    const counts = { onet_occupations: parsed.occupations.length, onet_interests: parsed.interests.length };
    // O*NET text files carry no release number; the newest data date ('11/2023') stands in for it.
    const dates = parsed.interests.map((i) => i.date).filter((d): d is string => !!d);
    const newest = dates.sort((a, b) => a.slice(3).localeCompare(b.slice(3)) || a.localeCompare(b)).pop() ?? null;
    recordSource(db, { name: 'onet', kind: 'onet', upstreamVersion: newest, upstreamUrl, counts, attribution: ONET_ATTRIBUTION });
    return { counts, upstreamVersion: newest };
  })();
}

export const onetSource: SourceModule<OnetRaw, OnetParsed, OnetOptions> = {
  kind: 'onet',
  fetch: async (o) => readOnetDir(o),
  parse: (raw) => parseOnet(raw),
  load: (db, parsed, o) => loadOnet(db, parsed, `file:${resolve(o.from)}`),
};

export async function ingestOnet(o: OnetOptions, ctx: IngestContext): Promise<LoadSummary> {
  const raw = await onetSource.fetch(o, ctx);
  return onetSource.load(ctx.db, await onetSource.parse(raw, o), o, ctx);
}

/**
 * Employment of every ISCO group in one country, for the transitions list: which reachable
 * occupations are in growing groups. Read from the same datasets as an occupation's trend
 * (linked/occupation-trend.ts: the 2-digit groups of lfsa_egai2d, else the major groups of
 * lfsa_egised), with the latest figure and 5-year change computed as the sectors view does; all groups of the first usable dataset in one series read, and kept per country
 * until that dataset is loaded again (its `datasets.loaded_at`).
 */
import { OCCUPATION_DATASETS } from '../linked/occupation-trend.js';
import { changeOver, latestWithValue } from '../linked/periods.js';
import { selectForGeo } from '../linked/selection.js';
import { coded, filtersOf, unitOf, type Point, type SeriesAccess } from '../linked/series-access.js';
import type { Change, Coded, DatasetRef } from '../../wire/linked.js';

/** How many years back the change is measured over. */
export const CHANGE_YEARS = 5;

export interface GroupTrend {
  /** The ISCO group the figures are for ('22' or '2'), with its label. */
  iscoUsed: Coded;
  latest: Point;
  /** Change from the same period CHANGE_YEARS before the latest; null when that period has no figure. */
  change5y: Change | null;
}

export interface GeoEmployment {
  geo: string;
  dataset: DatasetRef;
  level: string;
  unit: Coded | null;
  /** By the ISCO code used ('22' or '2'). */
  groups: Map<string, GroupTrend>;
  /** How many leading digits of an ISCO unit group the dataset publishes. */
  digits: number;
}

export type Employment = GeoEmployment | { geo: string; reason: string };

export class GroupTrends {
  private readonly cache = new Map<string, { stamp: string; value: Employment }>();

  constructor(private readonly series: SeriesAccess) {}

  /** The load stamps of the candidate datasets: a new load of any of them invalidates the cache. */
  private stamp(): string {
    return OCCUPATION_DATASETS.map((c) => this.series.dataset(c.dataset)?.loadedAt ?? '').join('|');
  }

  forGeo(geo: string): Employment {
    const stamp = this.stamp();
    const hit = this.cache.get(geo);
    if (hit?.stamp === stamp) return hit.value;
    const value = this.read(geo);
    // One entry per country asked about: at most the few dozen geo codes a dataset has.
    this.cache.set(geo, { stamp, value });
    return value;
  }

  private read(geo: string): Employment {
    const reasons: string[] = [];
    for (const candidate of OCCUPATION_DATASETS) {
      const meta = this.series.dataset(candidate.dataset);
      if (!meta) continue;
      const dims = this.series.dimensions(meta.code);
      const sel = selectForGeo(meta, dims, 'isco08', geo, undefined, 'ISCO group');
      if (typeof sel === 'string') {
        reasons.push(sel);
        continue;
      }
      const groupCodes = sel.by.codes.filter((c) => new RegExp(`^OC\\d{${candidate.digits}}$`).test(c));
      const groups = new Map<string, GroupTrend>();
      for (const found of this.series.series(meta, dims, filtersOf(sel.codes, { [sel.by.id]: groupCodes }))) {
        const code = found.codes[sel.by.id]!;
        const trend = groupTrend(found.points);
        if (trend) groups.set(code.slice(2), { iscoUsed: { code: code.slice(2), label: coded(sel.by, code).label }, ...trend });
      }
      if (!groups.size) {
        reasons.push(`${meta.code} has no employment figures by ISCO group for ${geo}`);
        continue;
      }
      return { geo, dataset: this.series.datasetRef(meta), level: candidate.level, unit: unitOf(dims, sel.codes), groups, digits: candidate.digits };
    }
    if (!reasons.length) return { geo, reason: 'no employment-by-occupation dataset is loaded (lmi ingest eurostat lfsa_egai2d or lfsa_egised)' };
    return { geo, reason: reasons.join('; ') };
  }
}

/** Latest figure and its change over CHANGE_YEARS years, as the sectors view gives them; null without figures. */
export function groupTrend(points: Point[]): Omit<GroupTrend, 'iscoUsed'> | null {
  const latest = latestWithValue(points);
  return latest ? { latest, change5y: changeOver(points, latest, CHANGE_YEARS) } : null;
}

/**
 * Employment trend of an ESCO occupation: the occupation's ISCO-08 unit group (ESCO 2221.3 ->
 * ISCO 2221) is followed up to the finest ISCO level a loaded Eurostat dataset publishes -- the
 * 2-digit sub-major group (OC22) from lfsa_egai2d, else the major group (OC2) from lfsa_egised --
 * and the employment series of that group in the client's country is read, for all ages, sexes and
 * education levels the dataset totals.
 */
import type { Db } from '../../data/db.js';
import { iscoGroupLabel, occupationByIdOrCode } from '../../data/esco-concepts.js';
import { ESCO_ATTRIBUTION } from '../../data/attribution.js';
import { HttpError, notFound } from '../errors.js';
import type { OccupationTrend } from '../../wire/linked.js';
import { selectForGeo } from './selection.js';
import {
  coded,
  flagsUsed,
  filtersOf,
  type Point,
  type SeriesAccess,
  unitOf,
} from './series-access.js';

/** Where employment by ISCO group is published, finest level first. */
export const OCCUPATION_DATASETS = [
  { dataset: 'lfsa_egai2d', digits: 2, level: 'ISCO-08 sub-major group (2 digits)' },
  { dataset: 'lfsa_egised', digits: 1, level: 'ISCO-08 major group (1 digit)' },
] as const;


export class OccupationTrends {
  constructor(
    private readonly db: Db,
    private readonly series: SeriesAccess,
  ) {}

  trend(id: string, geo: string, lang = 'en'): OccupationTrend {
    const occ = occupationByIdOrCode(this.db, id, lang);
    if (!occ) throw notFound(`occupation ${id} (an ESCO occupation id or code such as 2221.3)`);
    if (!occ.iscoGroup) throw notFound(`ISCO group of occupation ${id}`);
    const isco = occ.iscoGroup;

    // Why each candidate dataset could not be used, for the 404 when none can.
    const reasons: string[] = [];
    let loadedAny = false;
    for (const candidate of OCCUPATION_DATASETS) {
      const meta = this.series.dataset(candidate.dataset);
      if (!meta) continue;
      loadedAny = true;
      const dims = this.series.dimensions(meta.code);
      const usedIsco = isco.slice(0, candidate.digits);
      const groupCode = `OC${usedIsco}`;
      const sel = selectForGeo(meta, dims, 'isco08', geo, groupCode, 'ISCO group');
      if (typeof sel === 'string') {
        reasons.push(sel);
        continue;
      }
      const points = this.series.series(meta, dims, filtersOf(sel.codes))[0]?.points ?? [];
      if (!points.length) {
        reasons.push(`${meta.code} has no employment series for ${groupCode} in ${geo}`);
        continue;
      }
      const dataset = this.series.datasetRef(meta);
      return {
        occupation: { id: occ.id, uri: occ.uri, code: occ.code, label: occ.label, ...(occ.labelLang && occ.label !== null ? { labelLang: occ.labelLang } : {}) },
        mapping: {
          escoCode: occ.code,
          iscoGroup: { code: isco, label: iscoGroupLabel(this.db, isco, lang) ?? isco },
          iscoLevel: candidate.level,
          iscoUsed: { code: usedIsco, label: iscoGroupLabel(this.db, usedIsco, lang) ?? coded(sel.by, groupCode).label },
          dimension: sel.by.id,
          datasetCode: groupCode,
        },
        geo: coded(sel.geo, geo),
        dataset,
        selection: sel.shown,
        unit: unitOf(dims, sel.codes),
        points,
        flags: flagsUsed(points, this.series.flagLabels(meta)),
        source: dataset.source,
        // The figures are Eurostat's, the occupation and its ISCO mapping ESCO's: both are credited.
        attribution: `${dataset.attribution}. ${ESCO_ATTRIBUTION}`,
      };
    }
    if (!loadedAny) {
      throw new HttpError(
        404,
        `no employment-by-occupation dataset is loaded: run \`lmi ingest eurostat lfsa_egai2d\` (ISCO 2-digit groups) or \`lmi ingest eurostat lfsa_egised\` (ISCO major groups)`,
      );
    }
    throw new HttpError(404, `no employment data for ISCO group ${isco} in ${geo}: ${reasons.join('; ')}`);
  }
}

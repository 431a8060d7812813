/**
 * Employment by sector in one country: NACE Rev. 2 sections from the Labour Force Survey
 * (lfsa_egan2) or A*10 industry groups from national accounts (nama_10_a10_e), whichever is loaded
 * (the LFS first: finer and more recent), in thousands of persons, with the change over five years
 * and, where jvs_q_nace2 is loaded, the latest job vacancy rate of the same NACE code.
 */
import { HttpError } from '../errors.js';
import type { Coded, SectorList, SectorSeries, SectorSummary } from '../../wire/linked.js';
import { changeOver, latestWithValue } from './periods.js';
import { selectForGeo } from './selection.js';
import {
  coded,
  flagsUsed,
  filtersOf,
  type DatasetMeta,
  type DimensionInfo,
  type Point,
  type SeriesAccess,
  unitOf,
} from './series-access.js';

interface SectorSource {
  dataset: string;
  classification: string;
}

/** Where employment by sector is published, preferred first (the codes read: see defaults.ts). */
export const SECTOR_DATASETS: readonly SectorSource[] = [
  { dataset: 'lfsa_egan2', classification: 'NACE Rev. 2 sections' },
  { dataset: 'nama_10_a10_e', classification: 'NACE Rev. 2 A*10 industry groups' },
];

export const VACANCY_DATASET: SectorSource = { dataset: 'jvs_q_nace2', classification: 'NACE Rev. 2' };

const YEARS = 5;
/** Codes of the NACE dimension that are not sectors. */
const NOT_SECTORS = new Set(['TOTAL', 'NRP']);

/** A dataset opened for one country: its dimensions and the codes chosen for all but NACE. */
interface Opened {
  meta: DatasetMeta;
  source: SectorSource;
  dims: DimensionInfo[];
  nace: DimensionInfo;
  geo: DimensionInfo;
  codes: Record<string, string>;
  shown: Record<string, Coded>;
}

export class SectorViews {
  constructor(private readonly series: SeriesAccess) {}

  /**
   * Opens the first loaded dataset of `sources` that has `geo`. Null when none is loaded; throws a
   * 404 naming the reason when some are loaded but none covers `geo`.
   */
  private open(sources: readonly SectorSource[], geo: string): Opened | null {
    const reasons: string[] = [];
    for (const source of sources) {
      const meta = this.series.dataset(source.dataset);
      if (!meta) continue;
      const dims = this.series.dimensions(meta.code);
      // The NACE code is filled in per sector.
      const sel = selectForGeo(meta, dims, 'nace_r2', geo);
      if (typeof sel === 'string') {
        reasons.push(sel);
        continue;
      }
      return { meta, source, dims, nace: sel.by, geo: sel.geo, codes: sel.codes, shown: sel.shown };
    }
    if (reasons.length) throw new HttpError(404, `no sector data for ${geo}: ${reasons.join('; ')}`);
    return null;
  }

  private openEmployment(geo: string): Opened {
    const opened = this.open(SECTOR_DATASETS, geo);
    if (!opened) {
      throw new HttpError(
        404,
        `no employment-by-sector dataset is loaded: run \`lmi ingest eurostat lfsa_egan2\` (NACE sections) or \`lmi ingest eurostat nama_10_a10_e\` (A*10 groups)`,
      );
    }
    return opened;
  }

  /** Vacancies are optional: not loaded, or not for this country, simply means none are shown. */
  private openVacancies(geo: string): Opened | null {
    try {
      return this.open([VACANCY_DATASET], geo);
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return null;
      throw err;
    }
  }

  /** NACE code -> points, for the given codes (one query for all of them). */
  private pointsFor(o: Opened, naceCodes: string[]): Map<string, Point[]> {
    const found = this.series.series(o.meta, o.dims, filtersOf(o.codes, { [o.nace.id]: naceCodes }));
    return new Map(found.map((s) => [s.codes[o.nace.id] ?? '', s.points]));
  }

  /**
   * Sector code -> vacancy-rate points. A sector is matched by the same code or its other
   * spelling (M_N / M-N).
   */
  private vacancyPoints(v: Opened, naceCodes: string[]): Map<string, Point[]> {
    const spelledAs = new Map<string, string>();
    for (const code of naceCodes) {
      const spelling = [code, code.replace(/_/g, '-'), code.replace(/-/g, '_')].find((c) => v.nace.labels.has(c));
      if (spelling !== undefined) spelledAs.set(code, spelling);
    }
    const byVacancyCode = this.pointsFor(v, [...new Set(spelledAs.values())]);
    const out = new Map<string, Point[]>();
    for (const [code, spelling] of spelledAs) out.set(code, byVacancyCode.get(spelling) ?? []);
    return out;
  }

  list(geo: string): SectorList {
    const emp = this.openEmployment(geo);
    const vac = this.openVacancies(geo);
    const shownPoints: Point[] = [];
    const employment = this.pointsFor(emp, emp.nace.codes);
    const vacancies = vac ? this.vacancyPoints(vac, emp.nace.codes) : new Map<string, Point[]>();
    const summarise = (code: string): SectorSummary => {
      const points = employment.get(code) ?? [];
      const latest = latestWithValue(points) ?? null;
      const change5y = latest ? changeOver(points, latest, YEARS) : null;
      const vacancyRate = latestWithValue(vacancies.get(code) ?? []) ?? null;
      for (const p of [latest, change5y?.from, vacancyRate]) if (p) shownPoints.push(p);
      return { ...coded(emp.nace, code), latest, change5y, vacancyRate };
    };
    const total = emp.nace.labels.has('TOTAL') ? summarise('TOTAL') : null;
    const sectors = emp.nace.codes.filter((c) => !NOT_SECTORS.has(c)).map(summarise);
    if (!sectors.some((s) => s.latest) && !total?.latest) {
      throw new HttpError(404, `no employment data for ${geo} in ${emp.meta.code}`);
    }
    const dataset = this.series.datasetRef(emp.meta);
    return {
      geo: coded(emp.geo, geo),
      classification: emp.source.classification,
      dataset,
      selection: emp.shown,
      unit: unitOf(emp.dims, emp.codes),
      total,
      sectors,
      vacancies: vac ? { dataset: this.series.datasetRef(vac.meta), selection: vac.shown } : null,
      flags: this.flags(shownPoints, emp, vac),
      source: dataset.source,
      attribution: dataset.attribution,
    };
  }

  sector(naceCode: string, geo: string): SectorSeries {
    const emp = this.openEmployment(geo);
    if (!emp.nace.labels.has(naceCode)) {
      throw new HttpError(404, `sector ${naceCode} not found in ${emp.meta.code} (codes: ${emp.nace.codes.join(', ')})`);
    }
    const points = this.pointsFor(emp, [naceCode]).get(naceCode) ?? [];
    if (!points.length) throw new HttpError(404, `no employment data for sector ${naceCode} in ${geo} in ${emp.meta.code}`);
    const vac = this.openVacancies(geo);
    const vacancyPoints = (vac && this.vacancyPoints(vac, [naceCode]).get(naceCode)) || [];
    const dataset = this.series.datasetRef(emp.meta);
    return {
      geo: coded(emp.geo, geo),
      sector: coded(emp.nace, naceCode),
      classification: emp.source.classification,
      dataset,
      selection: emp.shown,
      unit: unitOf(emp.dims, emp.codes),
      points,
      vacancyRate:
        vac && vacancyPoints.length ? { dataset: this.series.datasetRef(vac.meta), selection: vac.shown, points: vacancyPoints } : null,
      flags: this.flags([...points, ...vacancyPoints], emp, vac),
      source: dataset.source,
      attribution: dataset.attribution,
    };
  }

  private flags(points: Point[], emp: Opened, vac: Opened | null): Record<string, string | null> {
    const labels = this.series.flagLabels(emp.meta);
    if (vac) for (const [flag, label] of this.series.flagLabels(vac.meta)) if (!labels.has(flag)) labels.set(flag, label);
    return flagsUsed(points, labels);
  }
}

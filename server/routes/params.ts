/**
 * Query parameters as every route reads them. Express's query parser gives an array for a parameter
 * given twice (`?geo=DE&geo=FR`): where one value is expected, that is a 400 "give it once", not a
 * misleading "required" or "expected string". Periods are read in any spelling the ingesters read
 * ('2015Q1', '2015M03') and compared in the store's ('2015-Q1', '2015-03').
 */
import { z } from 'zod';
import { isPeriod, normalisePeriod } from '../../data/periods.js';
import { badRequest } from '../errors.js';

/** Eurostat geo codes: two letters (DE, EL, UK), optionally more for aggregates (EU27_2020, EA20). */
export const GEO_PATTERN = /^[A-Za-z]{2}[A-Za-z0-9_]{0,14}$/;

/** A zod preprocess step: the value as given, or a 400 when the parameter `name` came twice. */
export const givenOnce =
  (name: string) =>
  (value: unknown): unknown => {
    if (Array.isArray(value)) throw badRequest(`${name}: give it once`);
    return value;
  };

/** One parameter's value as a string (undefined when absent; a 400 when given twice). */
export function single(value: unknown, name: string): string | undefined {
  givenOnce(name)(value);
  return value === undefined ? undefined : String(value);
}

/** The query itself, after a 400 for any of `names` given twice. */
export function once(query: Record<string, unknown>, ...names: string[]): Record<string, unknown> {
  for (const name of names) givenOnce(name)(query[name]);
  return query;
}

/** A period parameter, normalised; `message` is the 400's wording for one that is not a period. */
export const periodParam = (message: string) => z.string().trim().refine(isPeriod, message).transform(normalisePeriod);

/**
 * A 400 when `since` is after `until` (both normalised), compared at until's length as the store
 * reads them: since=2016-03&until=2016 is the year 2016.
 */
export function checkPeriodOrder(since: string | undefined, until: string | undefined): void {
  if (since && until && since.slice(0, until.length) > until) throw badRequest(`since (${since}) is after until (${until})`);
}

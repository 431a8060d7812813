/**
 * Attribution texts the upstream licences ask for; shown in API responses, pages and the README.
 * They live in data/, below both ingest/ (which records them with each source) and server/ (which
 * serves them), so neither layer imports the other for them.
 */
export const ESCO_ATTRIBUTION = 'This service uses the ESCO classification of the European Commission.';
export const EUROSTAT_ATTRIBUTION = 'Source: Eurostat';
export const ONET_ATTRIBUTION =
  'O*NET® Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA), CC BY 4.0. O*NET® is a trademark of USDOL/ETA.';

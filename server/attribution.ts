/** Attribution texts the upstream licences ask for; shown in API responses, pages and the README. */
export const ESCO_ATTRIBUTION = 'This service uses the ESCO classification of the European Commission.';
export const EUROSTAT_ATTRIBUTION = 'Source: Eurostat';

/**
 * Every source type the config file can name, listed here once. Each source's source-type.ts exports
 * its ConfiguredSourceType: the entry's schema and plan, light on purpose, since every `lmi` command
 * loads this list; a unit's work imports the source's implementation (HTTP client, parsers) when it runs.
 */
import type { ConfiguredSourceType } from './core/source.js';
import { escoApiSourceType } from './esco-api/source-type.js';
import { escoRdfSourceType } from './esco-rdf/source-type.js';
import { escoSourceType } from './esco/source-type.js';
import { eurostatSourceType } from './eurostat/source-type.js';
import { htmlSourceType } from './html/source-type.js';
import { nomisSourceType } from './nomis/source-type.js';
import { onetSourceType } from './onet/source-type.js';
import { pxwebSourceType } from './pxweb/source-type.js';

export const sourceTypes: ConfiguredSourceType[] = [eurostatSourceType, escoSourceType, escoApiSourceType, escoRdfSourceType, pxwebSourceType, nomisSourceType, htmlSourceType, onetSourceType];

export function sourceType(type: string): ConfiguredSourceType | undefined {
  return sourceTypes.find((t) => t.type === type);
}

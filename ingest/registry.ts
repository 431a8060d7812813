/**
 * Every source type the config file can name. Each source module exports its ConfiguredSourceType
 * and is listed here once.
 */
import type { ConfiguredSourceType } from './core/source.js';
import { escoApiSourceType } from './esco-api/source-type.js';
import { escoRdfSourceType } from './esco-rdf/source-type.js';
import { escoSourceType } from './esco/source-type.js';
import { eurostatSourceType } from './eurostat/source-type.js';
import { htmlSourceType } from './html/source.js';
import { nomisSourceType } from './nomis/source.js';
import { onetSourceType } from './onet/source.js';
import { pxwebSourceType } from './pxweb/source.js';

export const sourceTypes: ConfiguredSourceType[] = [eurostatSourceType, escoSourceType, escoApiSourceType, escoRdfSourceType, pxwebSourceType, nomisSourceType, htmlSourceType, onetSourceType];

export function sourceType(type: string): ConfiguredSourceType | undefined {
  return sourceTypes.find((t) => t.type === type);
}

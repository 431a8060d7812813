import { loadConfig } from '../../ingest/core/config.js';
import { sourceType } from '../../ingest/registry.js';

describe('the shipped config file', () => {
  test('every entry names a registered type and plans into the expected units of work', () => {
    const config = loadConfig('lmi.config.json');
    const units = Object.entries(config.sources)
      .filter(([, entry]) => entry.enabled)
      .flatMap(([id, entry]) => {
        const type = sourceType(entry.type);
        if (!type) throw new Error(`${id}: unknown type ${entry.type}`);
        return type.plan(id, entry).map((u) => u.source);
      });
    // A first `npm start` with internet loads these: the Eurostat default set and ESCO from its web-service API.
    expect(units).toEqual([
      'eurostat:lfsa_egan2',
      'eurostat:lfsa_egai2d',
      'eurostat:une_rt_a',
      'eurostat:une_rt_m',
      'eurostat:jvs_q_nace2',
      'eurostat:earn_ses22_28',
      'eurostat:earn_ses18_28',
      'eurostat:lfst_r_lfe2en2',
      'esco',
    ]);
  });
});

import { loadConfig } from '../../ingest/core/config.js';
import { sourceType } from '../../ingest/registry.js';

describe('national sources in the config file', () => {
  test('the disabled examples in lmi.config.json are valid entries of their registered types', () => {
    const config = loadConfig('lmi.config.json');
    const national = Object.entries(config.sources).filter(([, e]) => ['pxweb', 'nomis', 'html', 'onet'].includes(e.type));
    expect(national.map(([id, e]) => [id, e.type, e.enabled])).toEqual([
      ['ssb-07221', 'pxweb', false],
      ['uk-claimants', 'nomis', false],
      ['onet', 'onet', false],
    ]);
    const units = national.flatMap(([id, e]) => sourceType(e.type)!.plan(id, e).map((u) => u.source));
    expect(units).toEqual(['pxweb:ssb-07221', 'nomis:uk-claimants', 'onet']);
  });

  test('each national type has a daily default schedule', () => {
    for (const type of ['pxweb', 'nomis', 'html', 'onet']) {
      expect(sourceType(type)?.defaultSchedule).toMatch(/^\d+ \d+ \* \* \*$/);
    }
  });
});

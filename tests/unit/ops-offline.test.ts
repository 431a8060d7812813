/** What `lmi start` and `lmi ingest all` tell a maintainer when an upstream cannot be reached. */
import { offlineCommand, unreachableSummary } from '../../ingest/core/offline.js';
import { sourceTypes } from '../../ingest/registry.js';

describe('unreachableSummary', () => {
  test('keeps the host and the reason, drops the path and query of the request', () => {
    expect(unreachableSummary('https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data/une_rt_a?format=JSON&geo=DE&geo=FR: cannot connect (ENOTFOUND)')).toBe(
      'https://ec.europa.eu (cannot connect (ENOTFOUND))',
    );
    expect(unreachableSummary('http://127.0.0.1:9/x: no answer in time (timeout of 100ms exceeded)')).toBe('http://127.0.0.1:9 (no answer in time (timeout of 100ms exceeded))');
  });

  test('a message without a URL is kept whole', () => {
    expect(unreachableSummary('spawn ENOENT')).toBe('spawn ENOENT');
  });
});

describe('offlineCommand', () => {
  test('every registered source type names its own command for a downloaded file', () => {
    const generic = (type: string) => `\`lmi ingest ${type} --help\` shows how to load a downloaded file`;
    for (const { type } of sourceTypes) {
      const advice = offlineCommand(type, 'my-id');
      expect(advice).not.toBe(generic(type));
      expect(advice).toMatch(/`lmi ingest [a-z-]+ .*--from /);
    }
  });

  test('national sources carry their config id; an unknown type falls back to its --help', () => {
    expect(offlineCommand('nomis', 'uk-claimants')).toBe("save the query's .data.csv answer and run `lmi ingest nomis uk-claimants --from FILE.data.csv`");
    expect(offlineCommand('pxweb', 'ssb-07221')).toBe("save the table's JSON-stat 2.0 answer and run `lmi ingest pxweb --from TABLE.json --dataset ssb-07221`");
    expect(offlineCommand('esco-api', 'esco')).toContain('`lmi ingest esco --from "ESCO dataset - v1.2.0 - classification - en - csv.zip"`');
    expect(offlineCommand('ilostat', 'x')).toBe('`lmi ingest ilostat --help` shows how to load a downloaded file');
  });
});

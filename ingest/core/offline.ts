/**
 * What a maintainer reads when an upstream cannot be reached (no network, proxy, firewall): where we
 * tried, in a few words, and the concrete command that loads a downloaded file for that source type
 * instead. Used by `lmi start` (first load), `lmi ingest all` and the "not tried" runs of runners.ts.
 */

/**
 * "https://host/path?query: reason" -> "https://host (reason)": the full request URL stays in the
 * run log; a person needs the host and why. Other messages are returned as they are.
 */
export function unreachableSummary(message: string): string {
  const m = /^(https?:\/\/[^/\s?]+)\S*: (.*)$/s.exec(message);
  return m ? `${m[1]} (${m[2]})` : message;
}

/**
 * The command that loads a downloaded file for a source of this config type (and id), with where to
 * download it; `lmi ingest TYPE --help` for a type without a file reader.
 */
export function offlineCommand(type: string, id: string): string {
  switch (type) {
    case 'eurostat':
      return 'download each dataset (Eurostat data browser, "Download" > TSV) and run `lmi ingest eurostat --from estat_<code>.tsv.gz` (e.g. estat_une_rt_a.tsv.gz)';
    case 'esco':
    case 'esco-api':
    case 'esco-rdf':
      return 'download the ESCO CSV package (https://esco.ec.europa.eu/en/use-esco/download) and run `lmi ingest esco --from "ESCO dataset - v1.2.0 - classification - en - csv.zip"`';
    case 'pxweb':
      return `save the table's JSON-stat 2.0 answer and run \`lmi ingest pxweb --from TABLE.json --dataset ${id}\``;
    case 'nomis':
      return `save the query's .data.csv answer and run \`lmi ingest nomis ${id} --from FILE.data.csv\``;
    case 'html':
      return `save the page and run \`lmi ingest html ${id} --from PAGE.html\``;
    case 'onet':
      return 'unzip the O*NET text download and run `lmi ingest onet --from DIR`';
    default:
      return `\`lmi ingest ${type} --help\` shows how to load a downloaded file`;
  }
}

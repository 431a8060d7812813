/** Chart downloads: CSV of the figures (one row per observation) and a PNG with title, reading and source drawn around the chart. */
import { type ChartSpec, flagList, sourceLine, usedFlags } from './chart-spec.js';
import { toCsv } from './csv.js';
import { h } from './dom.js';
import { t } from './i18n.js';

export function csvFor(spec: ChartSpec): string {
  const { publisher, dataset, updated, loadedAt } = spec.source;
  // As the chart's source line: a file without an update date (TSV) gets the time this tool loaded it.
  const freshness = updated ? t('csv.updated', { date: updated }) : t('csv.notUpdated', { date: loadedAt ?? t('date.unknown') });
  const source = t('csv.source', { publisher, dataset, freshness });
  const rows: (string | number | null)[][] = [];
  for (const line of spec.lines) {
    spec.categories.forEach((category, i) => {
      rows.push([line.name, category, line.values[i] ?? null, line.flags[i] ?? null, spec.unit, source]);
    });
  }
  // The column names are the file's format (English in every language); the cells are as shown.
  return toCsv(['series', spec.category, 'value', 'flag', 'unit', 'source'], rows);
}

export function download(href: string, filename: string): void {
  const a = h('a', { href, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
}

/** Lines of at most `max` characters, broken at spaces. */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The PNG download: the chart with its title and reading above and its source below, so the image
 * carries its attribution wherever it is pasted.
 */
export function pngWithCaption(chartCanvas: HTMLCanvasElement, spec: ChartSpec): string {
  const scale = chartCanvas.width / (chartCanvas.clientWidth || chartCanvas.width);
  const px = (n: number) => Math.round(n * scale);
  const chars = Math.max(40, Math.floor(chartCanvas.clientWidth / 8));
  const head = [...wrap(spec.title, Math.floor(chars * 0.85)).map((t) => ({ t, font: `bold ${px(17)}px sans-serif`, h: px(24) })), ...wrap(spec.reading, chars).map((t) => ({ t, font: `${px(14)}px sans-serif`, h: px(20) }))];
  const flags = flagList(spec, usedFlags(spec));
  const foot = wrap(sourceLine(spec) + (flags ? t('chart.pngFlags', { flags }) : ''), Math.floor(chars * 1.1)).map((t) => ({ t, font: `${px(12)}px sans-serif`, h: px(17) }));
  const pad = px(12);
  const headHeight = head.reduce((n, l) => n + l.h, 0) + pad;
  const out = document.createElement('canvas');
  out.width = chartCanvas.width + 2 * pad;
  out.height = headHeight + chartCanvas.height + foot.reduce((n, l) => n + l.h, 0) + 2 * pad;
  const ctx = out.getContext('2d');
  if (!ctx) return chartCanvas.toDataURL('image/png');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#1a1a1a';
  ctx.textBaseline = 'top';
  let y = pad;
  for (const line of head) {
    ctx.font = line.font;
    ctx.fillText(line.t, pad, y);
    y += line.h;
  }
  ctx.drawImage(chartCanvas, pad, headHeight);
  y = headHeight + chartCanvas.height + pad / 2;
  ctx.fillStyle = '#4d4d4d';
  for (const line of foot) {
    ctx.font = line.font;
    ctx.fillText(line.t, pad, y);
    y += line.h;
  }
  return out.toDataURL('image/png');
}

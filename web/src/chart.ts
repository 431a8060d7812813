/**
 * Every chart on every page goes through here, so each one has the same parts: a <figure> whose
 * <figcaption> holds a plain title, the one-sentence reading, the source with dataset code, period
 * and upstream update, and the flags explained; the Chart.js canvas (gaps for missing values, flagged
 * points marked); PNG / CSV downloads; "Show client"; and a <table> with the exact figures.
 */
import type { Chart as ChartClass, ChartConfiguration, Plugin } from 'chart.js';
import { toCsv } from './csv.js';
import { decimalsOf, formatDate, formatNumber, h } from './dom.js';
import { setParams } from './state.js';

declare global {
  interface Window {
    Chart?: typeof ChartClass;
  }
}

let loading: Promise<typeof ChartClass> | null = null;
/** Charts on the page by figure, so client mode can enlarge their type. */
const drawn = new Map<HTMLElement, ChartClass>();

/** Chart.js (UMD build from the installed package), loaded once and only by pages with charts. */
export function loadChartJs(): Promise<typeof ChartClass> {
  if (window.Chart) return Promise.resolve(window.Chart);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/assets/vendor/chart.umd.js';
    script.onload = () => (window.Chart ? resolve(window.Chart) : reject(new Error('Chart.js did not define Chart')));
    script.onerror = () => reject(new Error('Chart.js could not be loaded from /assets/vendor/chart.umd.js'));
    document.head.append(script);
  });
  return loading;
}

/** Okabe-Ito colours, ordered for contrast on white, each with its own dash so lines differ without colour too. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#000000', '#E69F00'] as const;
const DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 2]];

export interface ChartLine {
  name: string;
  values: (number | null)[];
  flags: (string | null)[];
}

export interface ChartSpec {
  /** Stable id used in the URL (`client=<id>`) and as the figure's id. */
  id: string;
  title: string;
  type: 'line' | 'bar';
  /** x categories: periods for lines, sector labels for bars. */
  categories: string[];
  categoryLabel: string;
  /** y axis title with its unit, e.g. 'Thousands of persons'. */
  unit: string;
  lines: ChartLine[];
  /** Publisher, dataset code and the upstream's last update. */
  source: { publisher: string; dataset: string; updated: string | null; loadedAt?: string | null };
  /** Period covered, e.g. '2011–2023'; for line charts computed from the categories when omitted. */
  period?: string;
  flagLabels: Record<string, string>;
  reading: string;
  decimals?: number;
  /** Bars drawn horizontally (long category labels such as sector names read better). */
  horizontal?: boolean;
  /** Base file name for downloads, without extension. */
  filename: string;
}

export interface DrawnChart {
  figure: HTMLElement;
  destroy(): void;
}

/** As given, else the decimals the figures are published with (at least one, so 5.0 reads as a rate). */
function decimalsFor(spec: ChartSpec): number {
  return spec.decimals ?? Math.max(1, decimalsOf(spec.lines.flatMap((l) => l.values)));
}

function cellText(value: number | null, flag: string | null, decimals: number): string {
  const number = value === null ? 'no value' : formatNumber(value, decimals);
  return flag ? `${number} ${flag}` : number;
}

function periodOf(spec: ChartSpec): string {
  if (spec.period) return spec.period;
  const first = spec.categories[0];
  const last = spec.categories[spec.categories.length - 1];
  return first === undefined ? 'no period' : first === last ? first : `${first}–${last}`;
}

function sourceLine(spec: ChartSpec): string {
  const { publisher, dataset, updated, loadedAt } = spec.source;
  // A TSV download carries no update date: then say when this tool loaded it.
  const freshness = updated ? `updated by ${publisher} ${formatDate(updated)}` : `update date not given by the file; loaded ${formatDate(loadedAt)}`;
  return `Source: ${publisher}, dataset ${dataset} · period ${periodOf(spec)} · ${freshness}`;
}

function usedFlags(spec: ChartSpec): string[] {
  const seen = new Set<string>();
  for (const line of spec.lines) for (const flag of line.flags) if (flag) seen.add(flag);
  return [...seen].sort();
}

function dataTable(spec: ChartSpec): HTMLTableElement {
  const decimals = decimalsFor(spec);
  const head = h('tr', {}, h('th', { scope: 'col' }, spec.categoryLabel), ...spec.lines.map((l) => h('th', { scope: 'col' }, l.name)));
  const rows = spec.categories.map((category, i) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, category),
      ...spec.lines.map((line) => {
        const value = line.values[i] ?? null;
        const flag = line.flags[i] ?? null;
        return h('td', { class: value === null ? 'num missing' : 'num', title: flag ? spec.flagLabels[flag] ?? flag : null }, cellText(value, flag, decimals));
      }),
    ),
  );
  return h('table', { class: 'data' }, h('caption', {}, `${spec.title} (${spec.unit})`), h('thead', {}, head), h('tbody', {}, ...rows));
}

function csvFor(spec: ChartSpec): string {
  const source = `Source: ${spec.source.publisher} (${spec.source.dataset}), updated ${spec.source.updated ?? 'unknown'}`;
  const rows: (string | number | null)[][] = [];
  for (const line of spec.lines) {
    spec.categories.forEach((category, i) => {
      rows.push([line.name, category, line.values[i] ?? null, line.flags[i] ?? null, spec.unit, source]);
    });
  }
  return toCsv(['series', spec.categoryLabel.toLowerCase(), 'value', 'flag', 'unit', 'source'], rows);
}

function download(href: string, filename: string): void {
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
function pngWithCaption(chartCanvas: HTMLCanvasElement, spec: ChartSpec): string {
  const scale = chartCanvas.width / (chartCanvas.clientWidth || chartCanvas.width);
  const px = (n: number) => Math.round(n * scale);
  const chars = Math.max(40, Math.floor(chartCanvas.clientWidth / 8));
  const head = [...wrap(spec.title, Math.floor(chars * 0.85)).map((t) => ({ t, font: `bold ${px(17)}px sans-serif`, h: px(24) })), ...wrap(spec.reading, chars).map((t) => ({ t, font: `${px(14)}px sans-serif`, h: px(20) }))];
  const flags = usedFlags(spec).map((f) => `${f}: ${spec.flagLabels[f] ?? 'see the source'}`).join('; ');
  const foot = wrap(sourceLine(spec) + (flags ? ` · Flags: ${flags}` : ''), Math.floor(chars * 1.1)).map((t) => ({ t, font: `${px(12)}px sans-serif`, h: px(17) }));
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

/** Paints a white background so the PNG download is not transparent. */
const whiteBackground: Plugin = {
  id: 'lmiWhiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** The part of Chart.js's scriptable context used here (it is typed per chart type; this works for both). */
interface PointContext {
  datasetIndex: number;
  dataIndex: number;
}

function shorten(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, max - 1).trimEnd()}…`;
}

/** Options both chart types share; parameters are typed by the fields used so the object fits either type. */
function sharedOptions(spec: ChartSpec) {
  const decimals = decimalsFor(spec);
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    plugins: {
      legend: { display: spec.lines.length > 1, labels: { boxWidth: 36, boxHeight: 10 } },
      title: { display: false },
      tooltip: {
        callbacks: {
          label: (item: { raw: unknown; dataset: { label?: string } }) => {
            const value = typeof item.raw === 'number' ? item.raw : null;
            return `${item.dataset.label ?? ''}: ${value === null ? 'no value' : formatNumber(value, decimals)}`;
          },
          footer: (items: PointContext[]) => {
            const flags = items.map((it) => spec.lines[it.datasetIndex]?.flags[it.dataIndex]).filter((f): f is string => !!f);
            return flags.map((f) => `${f}: ${spec.flagLabels[f] ?? 'flag'}`).join('\n');
          },
        },
      },
    },
    scales: spec.horizontal
      ? {
          x: { title: { display: true, text: spec.unit }, beginAtZero: true },
          // Long sector names are shortened on the axis; the tooltip and the table give them in full.
          y: { title: { display: false, text: spec.categoryLabel }, ticks: { autoSkip: false, callback: (_v: unknown, i: number) => shorten(spec.categories[i] ?? '', 42) } },
        }
      : {
          x: { title: { display: true, text: spec.categoryLabel } },
          y: { title: { display: true, text: spec.unit }, beginAtZero: spec.type === 'bar' },
        },
  };
}

function chartConfig(spec: ChartSpec, figure: HTMLElement): ChartConfiguration<'line'> | ChartConfiguration<'bar'> {
  const flagOf = (ctx: PointContext) => spec.lines[ctx.datasetIndex]?.flags[ctx.dataIndex] ?? null;
  const marksDrawn: Plugin = {
    id: 'lmiDrawn',
    afterRender() {
      // Tests and the benchmark read this to know the chart is on screen.
      figure.dataset.drawn = 'true';
      figure.dataset.drawnAt ??= String(Math.round(performance.now()));
    },
  };
  const colour = (i: number) => PALETTE[i % PALETTE.length]!;
  const options = sharedOptions(spec);
  const plugins = [whiteBackground, marksDrawn];
  if (spec.type === 'bar') {
    return {
      type: 'bar',
      data: {
        labels: spec.categories,
        datasets: spec.lines.map((line, i) => ({
          label: line.name,
          data: line.values,
          backgroundColor: colour(i),
          // Flagged bars get a thick black outline; the caption explains each flag.
          borderColor: '#000000',
          borderWidth: (ctx: PointContext) => (flagOf(ctx) ? 3 : 0),
        })),
      },
      options: { ...options, indexAxis: spec.horizontal ? 'y' : 'x' },
      plugins,
    };
  }
  return {
    type: 'line',
    data: {
      labels: spec.categories,
      datasets: spec.lines.map((line, i) => ({
        label: line.name,
        data: line.values,
        borderColor: colour(i),
        // White fill: the legend box then shows the line's colour and dash as an outline.
        backgroundColor: '#ffffff',
        pointBackgroundColor: colour(i),
        borderDash: DASHES[i % DASHES.length],
        borderWidth: 2.5,
        // Flagged points are drawn as larger triangles; the caption explains each flag.
        pointStyle: (ctx: PointContext) => (flagOf(ctx) ? 'triangle' : 'circle'),
        pointRadius: (ctx: PointContext) => (flagOf(ctx) ? 6 : 3),
        spanGaps: false,
      })),
    },
    options,
    plugins,
  };
}

/** Builds the figure into `container` and draws it; `client` when the URL asks for client mode on this chart. */
export async function drawChart(container: HTMLElement, spec: ChartSpec): Promise<DrawnChart> {
  const ChartJs = await loadChartJs();
  const flags = usedFlags(spec);
  const values = spec.lines.reduce((n, l) => n + l.values.filter((v) => v !== null).length, 0);
  const canvas = h('canvas', { role: 'img', 'aria-label': `${spec.title}. ${spec.reading} Exact figures are in the table below the chart.` });
  const pngButton = h('button', { type: 'button' }, 'Download PNG');
  const csvButton = h('button', { type: 'button' }, 'Download CSV');
  const clientButton = h('button', { type: 'button', class: 'client-toggle', 'aria-pressed': 'false' }, 'Show client');
  const canvasBox = h('div', { class: 'chart-canvas' }, canvas);
  // One bar per row: the height follows the number of categories (set through the CSSOM, which the CSP allows).
  if (spec.horizontal) canvasBox.style.height = `${Math.max(12, spec.categories.length * 2.2 + 5)}rem`;
  const figure = h(
    'figure',
    {
      class: 'chart',
      id: `chart-${spec.id}`,
      'data-chart': spec.id,
      'data-periods': spec.categories.length,
      'data-series': spec.lines.length,
      'data-values': values,
    },
    h(
      'figcaption',
      {},
      h('span', { class: 'chart-title' }, spec.title),
      h('span', { class: 'reading' }, spec.reading),
      h('span', { class: 'chart-source' }, sourceLine(spec)),
      flags.length
        ? h('span', { class: 'chart-flags' }, 'Flags (▲ on the chart): ', flags.map((f) => `${f}: ${spec.flagLabels[f] ?? 'see the source'}`).join('; '), '.')
        : null,
      spec.type === 'line' && values < spec.categories.length * spec.lines.length
        ? h('span', { class: 'chart-gaps' }, 'Gaps in a line are periods with no published figure.')
        : null,
    ),
    canvasBox,
    h('div', { class: 'chart-actions' }, pngButton, csvButton, clientButton),
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Figures: ${spec.title}` }, dataTable(spec)),
  );
  container.append(figure);
  const config = chartConfig(spec, figure);
  const chart = config.type === 'bar' ? new ChartJs(canvas, config) : new ChartJs(canvas, config);

  pngButton.addEventListener('click', () => download(pngWithCaption(canvas, spec), `${spec.filename}.png`));
  csvButton.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([csvFor(spec)], { type: 'text/csv;charset=utf-8' }));
    download(url, `${spec.filename}.csv`);
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  clientButton.addEventListener('click', () => setClientMode(figure.classList.contains('client') ? null : spec.id));
  if (new URLSearchParams(location.search).get('client') === spec.id) setClientMode(spec.id);

  drawn.set(figure, chart);
  return {
    figure,
    destroy() {
      drawn.delete(figure);
      chart.destroy();
      figure.remove();
    },
  };
}

/**
 * "Show client": one chart and its sentence fill the screen in large type; Escape or the button
 * leaves it. The state is in the URL (`client=<chart id>`).
 */
export function setClientMode(chartId: string | null): void {
  document.body.classList.toggle('client-mode', chartId !== null);
  for (const fig of document.querySelectorAll<HTMLElement>('figure.chart')) {
    const on = fig.dataset.chart === chartId;
    fig.classList.toggle('client', on);
    const button = fig.querySelector<HTMLButtonElement>('.client-toggle');
    if (button) {
      button.textContent = on ? 'Exit client view' : 'Show client';
      button.setAttribute('aria-pressed', String(on));
      if (on) button.focus();
    }
  }
  // Chart.js draws its own text on the canvas: enlarge it with the page's type.
  if (window.Chart) {
    window.Chart.defaults.font.size = chartId === null ? 12 : 20;
    for (const chart of drawn.values()) chart.update();
  }
  setParams({ client: chartId });
}

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && document.body.classList.contains('client-mode')) setClientMode(null);
});

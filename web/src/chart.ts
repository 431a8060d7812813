/**
 * Every chart on every page goes through here, so each one has the same parts: a <figure> whose
 * <figcaption> holds a plain title, the one-sentence reading, the source with dataset code, period
 * and upstream update, and the flags explained; the Chart.js canvas (gaps for missing values, flagged
 * points marked); PNG / CSV downloads; "Show client"; and a <table> with the exact figures.
 */
import type { Chart as ChartClass } from 'chart.js';
import { chartConfig } from './chart-config.js';
import { csvFor, download, pngWithCaption } from './chart-export.js';
import { categoryLabel, type ChartSpec, decimalsFor, flagList, sourceLine, usedFlags } from './chart-spec.js';
import { formatNumber, h } from './dom.js';
import { t } from './i18n.js';
import { setParams } from './state.js';

export type { ChartLine, ChartSpec } from './chart-spec.js';
export { sourceOf } from './chart-spec.js';

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

export interface DrawnChart {
  figure: HTMLElement;
  destroy(): void;
}

function cellText(value: number | null, flag: string | null, decimals: number): string {
  const number = value === null ? t('value.none') : formatNumber(value, decimals);
  return flag ? `${number} ${flag}` : number;
}

function dataTable(spec: ChartSpec): HTMLTableElement {
  const decimals = decimalsFor(spec);
  const head = h('tr', {}, h('th', { scope: 'col' }, categoryLabel(spec)), ...spec.lines.map((l) => h('th', { scope: 'col' }, l.name)));
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
  return h('table', { class: 'data' }, h('caption', {}, spec.title.toLowerCase().includes(spec.unit.toLowerCase()) ? spec.title : t('chart.tableCaption', { title: spec.title, unit: spec.unit })), h('thead', {}, head), h('tbody', {}, ...rows));
}

/** Builds the figure into `container` and draws it; `client` when the URL asks for client mode on this chart. */
export async function drawChart(container: HTMLElement, spec: ChartSpec): Promise<DrawnChart> {
  const ChartJs = await loadChartJs();
  const flags = usedFlags(spec);
  const values = spec.lines.reduce((n, l) => n + l.values.filter((v) => v !== null).length, 0);
  const canvas = h('canvas', { role: 'img', 'aria-label': t('chart.ariaLabel', { title: spec.title, reading: spec.reading }) });
  const pngButton = h('button', { type: 'button' }, t('chart.downloadPng'));
  const csvButton = h('button', { type: 'button' }, t('chart.downloadCsv'));
  const clientButton = h('button', { type: 'button', class: 'client-toggle', 'aria-pressed': 'false' }, t('chart.showClient'));
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
        ? h('span', { class: 'chart-flags' }, t('chart.flags', { flags: flagList(spec, flags) }))
        : null,
      spec.type === 'line' && values < spec.categories.length * spec.lines.length
        ? h('span', { class: 'chart-gaps' }, t('chart.gaps'))
        : null,
    ),
    canvasBox,
    h('div', { class: 'chart-actions' }, pngButton, csvButton, clientButton),
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('chart.figures', { title: spec.title }) }, dataTable(spec)),
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
function setClientMode(chartId: string | null): void {
  document.body.classList.toggle('client-mode', chartId !== null);
  for (const fig of document.querySelectorAll<HTMLElement>('figure.chart')) {
    const on = fig.dataset.chart === chartId;
    fig.classList.toggle('client', on);
    const button = fig.querySelector<HTMLButtonElement>('.client-toggle');
    if (button) {
      button.textContent = on ? t('chart.exitClient') : t('chart.showClient');
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

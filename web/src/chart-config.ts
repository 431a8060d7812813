/** The Chart.js configuration of a ChartSpec: colours, dashes, flagged-point markers, axes, tooltips. */
import type { ChartConfiguration, Plugin } from 'chart.js';
import { type ChartSpec, decimalsFor } from './chart-spec.js';
import { formatNumber } from './dom.js';
import { t } from './i18n.js';
import { categoryLabel } from './chart-spec.js';

/** Okabe-Ito colours, ordered for contrast on white, each with its own dash so lines differ without colour too. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#000000', '#E69F00'] as const;
const DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 2]];

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
            return t('chart.tooltip', { series: item.dataset.label ?? '', value: value === null ? t('value.none') : formatNumber(value, decimals) });
          },
          footer: (items: PointContext[]) => {
            const flags = items.map((it) => spec.lines[it.datasetIndex]?.flags[it.dataIndex]).filter((f): f is string => !!f);
            return flags.map((f) => t('chart.flag', { flag: f, label: spec.flagLabels[f] ?? t('chart.flagWord') })).join('\n');
          },
        },
      },
    },
    scales: spec.horizontal
      ? {
          x: { title: { display: true, text: spec.unit }, beginAtZero: true },
          // Long sector names are shortened on the axis; the tooltip and the table give them in full.
          y: { title: { display: false, text: categoryLabel(spec) }, ticks: { autoSkip: false, callback: (_v: unknown, i: number) => shorten(spec.categories[i] ?? '', 42) } },
        }
      : {
          x: { title: { display: true, text: categoryLabel(spec) } },
          y: { title: { display: true, text: spec.unit }, beginAtZero: spec.type === 'bar' },
        },
  };
}

export function chartConfig(spec: ChartSpec, figure: HTMLElement): ChartConfiguration<'line'> | ChartConfiguration<'bar'> {
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

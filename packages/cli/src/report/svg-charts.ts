/**
 * Small, dependency-free SVG charts for the experiment report: scatter plots, grouped bars and
 * line charts. Every chart is a self-contained SVG document (viewable on its own and inline in
 * Markdown renderers).
 */

const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

/** The colour of series `index`. */
export function seriesColor(index: number): string {
  return palette[index % palette.length] as string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function niceTicks(minimum: number, maximum: number, count: number): number[] {
  if (!(maximum > minimum)) return [minimum];
  const raw = (maximum - minimum) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw) ?? raw;
  const ticks: number[] = [];
  for (let tick = Math.ceil(minimum / step) * step; tick <= maximum + step * 1e-9; tick += step) ticks.push(Number(tick.toFixed(10)));
  return ticks;
}

function formatTick(value: number): string {
  return Math.abs(value) >= 100 || Number.isInteger(value) ? String(Math.round(value * 100) / 100) : value.toFixed(2).replace(/0$/, '');
}

interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

const frame: Frame = { width: 560, height: 380, left: 60, right: 20, top: 36, bottom: 50 };

function axes(options: {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
  readonly xTicks?: readonly { readonly value: number; readonly label: string }[];
}): { parts: string[]; x: (value: number) => number; y: (value: number) => number } {
  const { width, height, left, right, top, bottom } = frame;
  const [x0, x1] = options.xRange;
  const [y0, y1] = options.yRange;
  const x = (value: number): number => left + ((value - x0) / (x1 - x0 || 1)) * (width - left - right);
  const y = (value: number): number => height - bottom - ((value - y0) / (y1 - y0 || 1)) * (height - top - bottom);
  const parts = [
    `<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="black"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="black"/>`,
    `<text x="${(left + width - right) / 2}" y="${height - 12}" text-anchor="middle" font-size="12">${escapeXml(options.xLabel)}</text>`,
    `<text x="16" y="${(top + height - bottom) / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 16 ${(top + height - bottom) / 2})">${escapeXml(options.yLabel)}</text>`,
  ];
  const xTicks = options.xTicks ?? niceTicks(x0, x1, 6).map((value) => ({ value, label: formatTick(value) }));
  for (const tick of xTicks) {
    parts.push(
      `<line x1="${x(tick.value)}" y1="${height - bottom}" x2="${x(tick.value)}" y2="${height - bottom + 4}" stroke="black"/>`,
      `<text x="${x(tick.value)}" y="${height - bottom + 17}" text-anchor="middle" font-size="11">${escapeXml(tick.label)}</text>`,
    );
  }
  for (const tick of niceTicks(y0, y1, 6)) {
    parts.push(
      `<line x1="${left - 4}" y1="${y(tick)}" x2="${width - right}" y2="${y(tick)}" stroke="#e5e5e5"/>`,
      `<text x="${left - 7}" y="${y(tick) + 4}" text-anchor="end" font-size="11">${formatTick(tick)}</text>`,
    );
  }
  return { parts, x, y };
}

function document(parts: readonly string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${frame.width}" height="${frame.height}" viewBox="0 0 ${frame.width} ${frame.height}" font-family="sans-serif">\n${parts.join('\n')}\n</svg>\n`;
}

function range(values: readonly number[], padding = 0.05): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  const minimum = Math.min(...finite);
  const maximum = Math.max(...finite);
  const span = maximum - minimum || Math.abs(maximum) || 1;
  return [minimum - span * padding, maximum + span * padding];
}

function legend(names: readonly string[]): string[] {
  return names.map(
    (name, index) =>
      `<rect x="${frame.left + 10}" y="${frame.top + 4 + index * 16}" width="10" height="10" fill="${seriesColor(index)}"/>` +
      `<text x="${frame.left + 25}" y="${frame.top + 13 + index * 16}" font-size="11">${escapeXml(name)}</text>`,
  );
}

/**
 * A scatter plot of estimated (x) against true (y) values, one colour per group.
 *
 * @example
 * ```ts
 * const svg = scatterChart({ title: 'one-shot', xLabel: 'estimate', yLabel: 'truth', points: [{ x: 50, y: 80, group: 0 }], groups: ['none'] });
 * ```
 */
export function scatterChart(options: {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly points: readonly { readonly x: number; readonly y: number; readonly group: number }[];
  readonly groups: readonly string[];
}): string {
  const { parts, x, y } = axes({
    ...options,
    xRange: range(options.points.map((point) => point.x)),
    yRange: range(options.points.map((point) => point.y)),
  });
  for (const point of options.points) {
    if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) continue;
    parts.push(`<circle cx="${x(point.x).toFixed(1)}" cy="${y(point.y).toFixed(1)}" r="3.2" fill="${seriesColor(point.group)}" fill-opacity="0.75"/>`);
  }
  parts.push(...legend(options.groups));
  return document(parts);
}

/**
 * Grouped bars: one group per category, one bar per series.
 *
 * @example
 * ```ts
 * const svg = groupedBarChart({ title: 'per-region tau', yLabel: 'tau', categories: ['none', 'skip'], series: [{ name: 'one-shot', values: [0.1, 0.2] }] });
 * ```
 */
export function groupedBarChart(options: {
  readonly title: string;
  readonly yLabel: string;
  readonly categories: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
}): string {
  const values = options.series.flatMap((series) => series.values.filter((value): value is number => value !== null));
  const [low, high] = range([...values, 0], 0.1);
  const count = options.categories.length;
  const { parts, x, y } = axes({
    title: options.title,
    xLabel: '',
    yLabel: options.yLabel,
    xRange: [0, count],
    yRange: [Math.min(low, 0), Math.max(high, 0)],
    xTicks: options.categories.map((label, index) => ({ value: index + 0.5, label })),
  });
  const barWidth = (x(1) - x(0)) * (0.8 / Math.max(1, options.series.length));
  options.series.forEach((series, seriesIndex) => {
    series.values.forEach((value, category) => {
      if (value === null) return;
      const left = x(category + 0.1) + seriesIndex * barWidth;
      const top = Math.min(y(value), y(0));
      parts.push(
        `<rect x="${left.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.abs(y(value) - y(0)).toFixed(1)}" fill="${seriesColor(seriesIndex)}"/>`,
      );
    });
  });
  parts.push(`<line x1="${x(0)}" y1="${y(0)}" x2="${x(count)}" y2="${y(0)}" stroke="black"/>`);
  parts.push(...legend(options.series.map((series) => series.name)));
  return document(parts);
}

/**
 * Lines over a shared x axis (e.g. training loss per epoch).
 *
 * @example
 * ```ts
 * const svg = lineChart({ title: 'training loss', xLabel: 'epoch', yLabel: 'loss', series: [{ name: 'one-shot', points: [[1, 2.1], [2, 1.7]] }] });
 * ```
 */
export function lineChart(options: {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly { readonly name: string; readonly points: readonly (readonly [number, number])[] }[];
}): string {
  const xs = options.series.flatMap((series) => series.points.map((point) => point[0]));
  const ys = options.series.flatMap((series) => series.points.map((point) => point[1]));
  const { parts, x, y } = axes({ ...options, xRange: range(xs, 0.02), yRange: range(ys) });
  options.series.forEach((series, index) => {
    const path = series.points.map((point, pointIndex) => `${pointIndex === 0 ? 'M' : 'L'}${x(point[0]).toFixed(1)},${y(point[1]).toFixed(1)}`).join(' ');
    if (path !== '') parts.push(`<path d="${path}" fill="none" stroke="${seriesColor(index)}" stroke-width="1.8"/>`);
  });
  parts.push(...legend(options.series.map((series) => series.name)));
  return document(parts);
}

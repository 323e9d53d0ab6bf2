import type { ShareEstimate } from './statistics.ts';

/**
 * Inline SVG charts for the PDF report (no external assets, so the PDF renders offline): shares with their 95%
 * intervals as bars with whiskers, and the target as a dashed line.
 */

export interface ChartRow extends ShareEstimate {
  label: string;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pct = (x: number) => `${(x * 100).toFixed(1).replace('.', ',')}%`;

/** Horizontal bars (one per row), each with its Wilson interval, and a vertical target line. */
export function barChartSvg(
  rows: ChartRow[],
  target: number,
  opts: { width?: number; title?: string } = {},
): string {
  const width = opts.width ?? 680;
  const labelW = 200;
  const rightW = 150;
  const rowH = 26;
  const top = opts.title ? 30 : 10;
  const plotW = width - labelW - rightW;
  const height = top + rows.length * rowH + 30;
  const x = (v: number) => labelW + v * plotW;
  const parts: string[] = [];
  if (opts.title)
    parts.push(`<text x="0" y="18" font-size="14" font-weight="bold">${esc(opts.title)}</text>`);
  for (const t of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    parts.push(
      `<line x1="${x(t)}" y1="${top}" x2="${x(t)}" y2="${top + rows.length * rowH}" stroke="#ddd"/>`,
    );
    parts.push(
      `<text x="${x(t)}" y="${top + rows.length * rowH + 14}" font-size="10" text-anchor="middle">${t * 100}%</text>`,
    );
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    parts.push(
      `<text x="${labelW - 6}" y="${y + 17}" font-size="11" text-anchor="end">${esc(truncate(r.label, 32))}</text>`,
    );
    if (r.p !== null) {
      const colour = r.status === 'met' ? '#2e7d32' : r.status === 'not_met' ? '#c62828' : '#f9a825';
      parts.push(
        `<rect x="${x(0)}" y="${y + 5}" width="${Math.max(0, r.p * plotW)}" height="${rowH - 10}" fill="${colour}" opacity="0.8"/>`,
      );
    }
    if (r.interval) {
      const cy = y + rowH / 2;
      parts.push(
        `<line x1="${x(r.interval.lower)}" y1="${cy}" x2="${x(r.interval.upper)}" y2="${cy}" stroke="#000" stroke-width="1.5"/>`,
      );
      for (const v of [r.interval.lower, r.interval.upper])
        parts.push(
          `<line x1="${x(v)}" y1="${cy - 5}" x2="${x(v)}" y2="${cy + 5}" stroke="#000" stroke-width="1.5"/>`,
        );
    }
    const text = r.p === null ? 'n = 0' : `${pct(r.p)} (n = ${r.n})`;
    parts.push(`<text x="${labelW + plotW + 8}" y="${y + 17}" font-size="11">${text}</text>`);
  });
  parts.push(
    `<line x1="${x(target)}" y1="${top - 4}" x2="${x(target)}" y2="${top + rows.length * rowH}" stroke="#1565c0" stroke-width="2" stroke-dasharray="6 4"/>`,
    `<text x="${x(target) + 4}" y="${top - 6}" font-size="10" fill="#1565c0">Chỉ tiêu ${pct(target)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Noto Sans, DejaVu Sans, sans-serif">${parts.join('')}</svg>`;
}

/** A line of shares over time with the interval as a band, and the target line. */
export function trendChartSvg(
  rows: ChartRow[],
  target: number,
  opts: { width?: number; title?: string } = {},
): string {
  const width = opts.width ?? 680;
  const height = 240;
  const left = 50;
  const top = opts.title ? 34 : 12;
  const bottom = height - 40;
  const plotW = width - left - 20;
  const y = (v: number) => bottom - v * (bottom - top);
  // Inset the points so the first and last period labels are not cut at the edges.
  const inset = 50;
  const step = rows.length > 1 ? (plotW - 2 * inset) / (rows.length - 1) : 0;
  const x = (i: number) => left + (rows.length > 1 ? inset + i * step : plotW / 2);
  const parts: string[] = [];
  if (opts.title)
    parts.push(`<text x="0" y="18" font-size="14" font-weight="bold">${esc(opts.title)}</text>`);
  for (const t of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    parts.push(`<line x1="${left}" y1="${y(t)}" x2="${left + plotW}" y2="${y(t)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${y(t) + 4}" font-size="10" text-anchor="end">${t * 100}%</text>`);
  }
  const withData = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.p !== null && r.interval);
  if (withData.length > 0) {
    const upper = withData.map(({ r, i }) => `${x(i)},${y(r.interval!.upper)}`);
    const lower = withData.map(({ r, i }) => `${x(i)},${y(r.interval!.lower)}`).reverse();
    parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="#90caf9" opacity="0.5"/>`);
    parts.push(
      `<polyline points="${withData.map(({ r, i }) => `${x(i)},${y(r.p!)}`).join(' ')}" fill="none" stroke="#0d47a1" stroke-width="2"/>`,
    );
    for (const { r, i } of withData) {
      parts.push(`<circle cx="${x(i)}" cy="${y(r.p!)}" r="3.5" fill="#0d47a1"/>`);
      parts.push(
        `<text x="${x(i)}" y="${y(r.p!) - 8}" font-size="10" text-anchor="middle">${pct(r.p!)}</text>`,
      );
    }
  }
  rows.forEach((r, i) =>
    parts.push(
      `<text x="${x(i)}" y="${bottom + 16}" font-size="10" text-anchor="middle">${esc(r.label)}</text>`,
    ),
  );
  parts.push(
    `<line x1="${left}" y1="${y(target)}" x2="${left + plotW}" y2="${y(target)}" stroke="#1565c0" stroke-width="2" stroke-dasharray="6 4"/>`,
  );
  parts.push(
    `<text x="${left + plotW}" y="${y(target) - 4}" font-size="10" fill="#1565c0" text-anchor="end">Chỉ tiêu ${pct(target)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Noto Sans, DejaVu Sans, sans-serif">${parts.join('')}</svg>`;
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

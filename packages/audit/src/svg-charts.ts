import type { CategoryScore } from '@run4/scoring';
import { html, type SafeHtml } from './html-escape.js';

/** Fill colour of each status / light in the HTML audit. */
export const STATUS_COLOURS: Record<string, string> = {
  GREEN: '#2e7d32',
  PASS: '#2e7d32',
  YELLOW: '#f9a825',
  WARN: '#f9a825',
  RED: '#c62828',
  FAIL: '#c62828',
  UNTESTED: '#9e9e9e',
  SKIP: '#9e9e9e',
};
const colour = (status: string) => STATUS_COLOURS[status] ?? STATUS_COLOURS.UNTESTED;
const f1 = (x: number) => x.toFixed(1);

/**
 * A traffic light: RED, YELLOW and GREEN lamps, the one of `light` lit;
 * UNTESTED lights none and says so.
 *
 * @example
 * trafficLightSvg('YELLOW', 'Aggregate').value; // '<svg class="light" …'
 */
export function trafficLightSvg(light: string, label: string, scale = 1): SafeHtml {
  const lamps = ['RED', 'YELLOW', 'GREEN'] as const;
  const w = 34 * scale;
  const h = 94 * scale;
  return html`<svg class="light" width="${w}" height="${h}" viewBox="0 0 34 94" role="img" aria-label="${label}: ${light}" data-light="${light}">
<rect x="1" y="1" width="32" height="92" rx="8" fill="#263238"/>
${lamps.map((l, i) => html`<circle cx="17" cy="${17 + i * 30}" r="11" fill="${l === light ? colour(l) : '#455a64'}" stroke="${l === light ? '#fff' : 'none'}" stroke-width="1.5"/>`)}
</svg>`;
}

/** A small filled dot in the colour of a light or status. */
export function dotSvg(status: string): SafeHtml {
  return html`<svg class="dot" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true"><circle cx="7" cy="7" r="6" fill="${colour(status)}"/></svg>`;
}

/**
 * Horizontal score bars: the total out of 100 in the colour of its light,
 * then one bar per rubric category (points out of its weight); an UNTESTED
 * category is an empty grey bar labelled UNTESTED. Each number carries the
 * audit_report.json path it shows (`data-field`).
 *
 * @example
 * scoreBarsSvg('scores.systems.build1', { score: 62.5, light: 'YELLOW', categories }).value;
 */
export function scoreBarsSvg(path: string, part: { score: number | null; light: string; categories: readonly CategoryScore[] }): SafeHtml {
  const labelW = 200;
  const barW = 360;
  const rowH = 24;
  const width = labelW + barW + 130;
  const height = rowH * (part.categories.length + 1) + 8;
  const row = (y: number, label: string, value: number | null, max: number, fill: string, field: string, untestedText: string) => {
    const frac = value === null ? 0 : Math.max(0, Math.min(1, value / max));
    return html`<g transform="translate(0 ${y})">
<text x="0" y="16" class="bar-label">${label}</text>
<rect x="${labelW}" y="3" width="${barW}" height="16" rx="3" fill="#eceff1"/>
${frac === 0 ? '' : html`<rect class="bar-fill" x="${labelW}" y="3" width="${f1(frac * barW)}" height="16" rx="3" fill="${fill}"/>`}
<text x="${labelW + barW + 8}" y="16" class="bar-value">${value === null ? untestedText : html`<tspan data-field="${field}" data-format="num">${value.toFixed(1)}</tspan>`} / ${max}</text>
</g>`;
  };
  return html`<svg class="chart score-bars" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="score bars">
${row(4, 'Total', part.score, 100, colour(part.light), `${path}.score`, 'UNTESTED')}
${part.categories.map((c, i) =>
  row(4 + rowH * (i + 1), `${c.name} (${c.weight})`, c.status === 'UNTESTED' ? null : c.points, c.weight, c.status === 'UNTESTED' ? '#9e9e9e' : '#1565c0', `${path}.categories.${i}.points`, 'UNTESTED'),
)}
</svg>`;
}

/**
 * The fix-pass convergence chart: convergence (0..1) after each pass from
 * pass 0 (0.00), joined by a line, with the dashed 0.85 "converged enough"
 * threshold. A pass without a recorded convergence is marked "not recorded".
 *
 * @example
 * convergenceChartSvg([{ pass_number: 1, convergence: 0.57 }]).value;
 */
export function convergenceChartSvg(passes: readonly { pass_number: number; convergence?: number | undefined }[], threshold = 0.85): SafeHtml {
  const width = 640;
  const height = 280;
  const m = { left: 48, right: 24, top: 20, bottom: 40 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const n = Math.max(1, passes.length);
  const x = (i: number) => m.left + (i / n) * plotW;
  const y = (v: number) => m.top + (1 - Math.max(0, Math.min(1, v))) * plotH;
  const points = [{ i: 0, v: 0, pass: 0, index: -1 }, ...passes.map((p, k) => ({ i: k + 1, v: p.convergence, pass: p.pass_number, index: k }))];
  const recorded = points.filter((p): p is { i: number; v: number; pass: number; index: number } => p.v !== undefined);
  return html`<svg class="chart convergence" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="convergence per fix pass">
${[0, 0.25, 0.5, 0.75, 1].map(
  (v) => html`<line x1="${m.left}" x2="${width - m.right}" y1="${f1(y(v))}" y2="${f1(y(v))}" stroke="#cfd8dc"/><text x="${m.left - 8}" y="${f1(y(v) + 4)}" text-anchor="end" class="axis">${v.toFixed(2)}</text>`,
)}
<line class="threshold" x1="${m.left}" x2="${width - m.right}" y1="${f1(y(threshold))}" y2="${f1(y(threshold))}" stroke="#2e7d32" stroke-dasharray="6 4" stroke-width="1.5"/>
<text x="${width - m.right}" y="${f1(y(threshold) - 6)}" text-anchor="end" class="axis">${threshold.toFixed(2)} converged enough</text>
<polyline fill="none" stroke="#1565c0" stroke-width="2.5" points="${recorded.map((p) => `${f1(x(p.i))},${f1(y(p.v))}`).join(' ')}"/>
${points.map((p) =>
  p.v === undefined
    ? html`<text x="${f1(x(p.i))}" y="${f1(y(0) - 8)}" text-anchor="middle" class="axis">not recorded</text>`
    : html`<circle cx="${f1(x(p.i))}" cy="${f1(y(p.v))}" r="5" fill="${p.v >= threshold ? '#2e7d32' : '#1565c0'}"/><text x="${f1(x(p.i))}" y="${f1(y(p.v) - 10)}" text-anchor="middle" class="point-label"${p.index >= 0 ? html` data-field="fix_passes.${p.index}.convergence" data-format="num2"` : ''}>${p.v.toFixed(2)}</text>`,
)}
${points.map((p) => html`<text x="${f1(x(p.i))}" y="${height - m.bottom + 18}" text-anchor="middle" class="axis">pass ${p.pass}</text>`)}
<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + plotH}" stroke="#607d8b"/>
<line x1="${m.left}" x2="${width - m.right}" y1="${m.top + plotH}" y2="${m.top + plotH}" stroke="#607d8b"/>
</svg>`;
}

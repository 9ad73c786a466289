/**
 * A text chart of convergence per fix pass (0..1), one bar per pass, with
 * the 0.85 "converged enough" line marked `|`.
 *
 * @example
 * console.log(convergenceChart([{ pass_number: 1, convergence: 0.5 }], 10));
 * // pass 0 │        | │ 0.00
 * // pass 1 │█████   | │ 0.50
 */
export function convergenceChart(passes: readonly { pass_number: number; convergence?: number | undefined }[], width = 40, threshold = 0.85): string {
  const mark = Math.floor(threshold * width);
  const bar = (value: number) => {
    const filled = Math.round(Math.max(0, Math.min(1, value)) * width);
    return Array.from({ length: width }, (_, i) => (i < filled ? '█' : i === mark ? '|' : ' ')).join('');
  };
  const lines = [`pass 0 │${bar(0)}│ 0.00`];
  for (const p of passes) {
    lines.push(p.convergence === undefined ? `pass ${p.pass_number} │${' '.repeat(width)}│ not recorded` : `pass ${p.pass_number} │${bar(p.convergence)}│ ${p.convergence.toFixed(2)}`);
  }
  return lines.join('\n');
}

/** Escape a table cell: pipes and newlines would break the row. */
export function cell(value: unknown): string {
  return String(value ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** A Markdown table. */
export function table(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const out = [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`];
  for (const row of rows) out.push(`| ${row.map(cell).join(' | ')} |`);
  return out.join('\n');
}

export const pct = (x: number | null | undefined): string => (x === null || x === undefined ? 'UNTESTED' : `${(x * 100).toFixed(1)}%`);
export const num = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined ? 'UNTESTED' : x.toFixed(digits));
export const yesNo = (b: boolean): string => (b ? 'YES' : 'NO');
export const money = (x: number | null): string => (x === null ? 'not recorded' : `$${x.toFixed(2)}`);
export const clip = (text: string, max = 160): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

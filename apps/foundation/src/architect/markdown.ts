/** A heading and the lines up to the next heading of the same or higher level. */
export interface Section {
  level: number;
  title: string;
  start: number;
  end: number;
  /** Lines of the section body including nested sub-sections. */
  body: string[];
  parents: string[];
}

/** A Markdown table: lower-cased header cells and rows of cells. */
export interface Table {
  headers: string[];
  rows: string[][];
  line: number;
}

/**
 * Strip Markdown emphasis/code markers from inline text.
 *
 * @example
 * plain('**`user_id`**'); // 'user_id'
 */
export function plain(text: string): string {
  return text.replace(/`/g, '').replace(/\*{1,3}/g, '').replace(/(^|\s)_{1,2}(?=\S)|(?<=\S)_{1,2}(?=\s|$|[.,;:])/g, '$1').replace(/\s+/g, ' ').trim();
}

/**
 * Split Markdown into heading sections (fenced code blocks are not headings).
 *
 * @example
 * sections('# A\ntext\n## B\nmore').map((s) => s.title); // ['A', 'B']
 */
export function sections(lines: string[]): Section[] {
  const heads: { level: number; title: string; line: number }[] = [];
  let fenced = false;
  lines.forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) return;
    const m = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (m) heads.push({ level: m[1]!.length, title: plain(m[2]!), line: i });
  });
  const out: Section[] = [];
  heads.forEach((h, idx) => {
    let end = lines.length;
    for (let j = idx + 1; j < heads.length; j += 1) {
      if (heads[j]!.level <= h.level) {
        end = heads[j]!.line;
        break;
      }
    }
    const parents: string[] = [];
    let lvl = h.level;
    for (let j = idx - 1; j >= 0; j -= 1) {
      if (heads[j]!.level < lvl) {
        parents.unshift(heads[j]!.title);
        lvl = heads[j]!.level;
      }
    }
    out.push({ level: h.level, title: h.title, start: h.line, end, body: lines.slice(h.line + 1, end), parents });
  });
  return out;
}

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => plain(c));
}

/**
 * Find every pipe table in `lines` (header row + separator row + rows).
 *
 * @example
 * tables(['| A | B |', '|---|---|', '| 1 | 2 |'])[0].rows; // [['1','2']]
 */
export function tables(lines: string[], offset = 0): Table[] {
  const out: Table[] = [];
  for (let i = 0; i + 1 < lines.length; i += 1) {
    if (!/^\s*\|/.test(lines[i]!) || !/^\s*\|?\s*:?-{2,}/.test(lines[i + 1]!)) continue;
    const headers = cells(lines[i]!).map((h) => h.toLowerCase());
    const rows: string[][] = [];
    let j = i + 2;
    while (j < lines.length && /^\s*\|/.test(lines[j]!)) {
      rows.push(cells(lines[j]!));
      j += 1;
    }
    out.push({ headers, rows, line: offset + i });
    i = j - 1;
  }
  return out;
}

/**
 * Split on commas that are not inside (), [], {} or <>.
 *
 * @example
 * splitTopLevel('a (x, y), b'); // ['a (x, y)', 'b']
 */
export function splitTopLevel(text: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if ('([{<'.includes(ch)) depth += 1;
    if (')]}>'.includes(ch)) depth = Math.max(0, depth - 1);
    if (ch === sep && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/**
 * kebab-case of free text.
 *
 * @example
 * kebab('Order Service'); // 'order-service'
 */
export function kebab(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Naive English singular of a lower-case word.
 *
 * @example
 * singular('categories'); // 'category'
 */
export function singular(word: string): string {
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word) && !/ss$/.test(word)) return word.slice(0, -1);
  return word;
}

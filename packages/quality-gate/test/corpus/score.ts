import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parse } from 'yaml';

/** One labelled place: a true finding or a decoy. `line: 0` without `lines` means anywhere in the file or directory. */
export const LabelSchema = z
  .object({
    code: z.string().regex(/^[A-Z]+(-[A-Z]+)?-\d{3}$/),
    file: z.string().min(1),
    line: z.number().int().nonnegative().optional(),
    lines: z.tuple([z.number().int().positive(), z.number().int().positive()]).optional(),
    at: z.string().optional(),
    why: z.string().optional(),
  })
  .refine((l) => (l.line === undefined) !== (l.lines === undefined), 'give either line or lines');
export type Label = z.infer<typeof LabelSchema>;

/** A project's `labels.yaml`. */
export const LabelsFileSchema = z.object({ findings: z.array(LabelSchema), decoys: z.array(LabelSchema).default([]) });
export type LabelsFile = z.infer<typeof LabelsFileSchema>;

/** What the scorer needs of a reported violation. */
export interface Reported {
  readonly code: string;
  readonly file_path: string;
  readonly line: number;
}

/** The families the acceptance bar applies to (SEC-SECRET before SEC). */
export const FAMILIES = ['SEC', 'CORS', 'LOG', 'TRACE', 'SEC-SECRET', 'DOCKER', 'HEALTH', 'ADV'] as const;
export type Family = (typeof FAMILIES)[number];

export function familyOf(code: string): Family {
  if (code.startsWith('SEC-SECRET-')) return 'SEC-SECRET';
  const prefix = code.slice(0, code.lastIndexOf('-'));
  if (!(FAMILIES as readonly string[]).includes(prefix)) throw new Error(`scan code ${code} belongs to no family`);
  return prefix as Family;
}

/** Whether a reported violation falls on a label: same code, same file (or under a labelled directory), line in range. */
export function matches(label: Label, v: Reported): boolean {
  if (label.code !== v.code) return false;
  const sameFile = v.file_path === label.file || v.file_path.startsWith(`${label.file}/`);
  if (!sameFile) return false;
  if (label.lines) return v.line >= label.lines[0] && v.line <= label.lines[1];
  return label.line === 0 || v.line === label.line;
}

/** Counts of one code or family. */
export interface Tally {
  labels: number;
  found: number;
  reported: number;
  correct: number;
  decoyHits: number;
}

export interface ProjectScore {
  readonly perCode: Map<string, Tally>;
  /** Labels no violation matched. */
  readonly missed: Label[];
  /** Violations on no true label (decoy hits included). */
  readonly falsePositives: (Reported & { decoy: boolean })[];
}

function tally(map: Map<string, Tally>, code: string): Tally {
  let t = map.get(code);
  if (!t) map.set(code, (t = { labels: 0, found: 0, reported: 0, correct: 0, decoyHits: 0 }));
  return t;
}

/**
 * Score reported violations against labels. Every violation that matches no true finding counts
 * against precision, whether or not a decoy names its place: the corpus is labelled exhaustively.
 *
 * @example
 * scoreProject({ findings: [{ code: 'LOG-001', file: 'a.py', line: 3 }], decoys: [] }, [{ code: 'LOG-001', file_path: 'a.py', line: 3 }]);
 */
export function scoreProject(labels: LabelsFile, reported: readonly Reported[]): ProjectScore {
  const perCode = new Map<string, Tally>();
  const missed: Label[] = [];
  const falsePositives: (Reported & { decoy: boolean })[] = [];
  for (const label of labels.findings) {
    const t = tally(perCode, label.code);
    t.labels++;
    if (reported.some((v) => matches(label, v))) t.found++;
    else missed.push(label);
  }
  for (const v of reported) {
    const t = tally(perCode, v.code);
    t.reported++;
    if (labels.findings.some((l) => matches(l, v))) t.correct++;
    else {
      const decoy = labels.decoys.some((l) => matches(l, v));
      if (decoy) t.decoyHits++;
      falsePositives.push({ code: v.code, file_path: v.file_path, line: v.line, decoy });
    }
  }
  return { perCode, missed, falsePositives };
}

/** Sum tallies of several projects per code. */
export function mergeTallies(scores: readonly ProjectScore[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const s of scores) {
    for (const [code, t] of s.perCode) {
      const m = tally(out, code);
      m.labels += t.labels;
      m.found += t.found;
      m.reported += t.reported;
      m.correct += t.correct;
      m.decoyHits += t.decoyHits;
    }
  }
  return out;
}

/** Per-family sums of per-code tallies. */
export function byFamily(perCode: Map<string, Tally>): Map<Family, Tally> {
  const out = new Map<Family, Tally>();
  for (const f of FAMILIES) out.set(f, { labels: 0, found: 0, reported: 0, correct: 0, decoyHits: 0 });
  for (const [code, t] of perCode) {
    const m = out.get(familyOf(code)) as Tally;
    m.labels += t.labels;
    m.found += t.found;
    m.reported += t.reported;
    m.correct += t.correct;
    m.decoyHits += t.decoyHits;
  }
  return out;
}

/** Recall (found / labels) and precision (correct / reported); 1 when there is nothing to count. */
export function rates(t: Tally): { recall: number; precision: number } {
  return { recall: t.labels === 0 ? 1 : t.found / t.labels, precision: t.reported === 0 ? 1 : t.correct / t.reported };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** A fixed-width table of tallies with recall and precision. */
export function renderTable(title: string, rows: Iterable<[string, Tally]>): string {
  const lines = [title, `${'code'.padEnd(16)}${'labels'.padStart(7)}${'found'.padStart(7)}${'reported'.padStart(10)}${'correct'.padStart(9)}${'decoy hits'.padStart(12)}${'recall'.padStart(9)}${'precision'.padStart(11)}`];
  for (const [name, t] of rows) {
    const r = rates(t);
    lines.push(`${name.padEnd(16)}${String(t.labels).padStart(7)}${String(t.found).padStart(7)}${String(t.reported).padStart(10)}${String(t.correct).padStart(9)}${String(t.decoyHits).padStart(12)}${pct(r.recall).padStart(9)}${pct(r.precision).padStart(11)}`);
  }
  return lines.join('\n');
}

/**
 * The corpus projects: directories under `root` holding a `labels.yaml`.
 *
 * @example
 * corpusProjects(join(__dirname)).map((p) => p.name); // ['bookings', 'clinic', 'market']
 */
export function corpusProjects(root: string): { name: string; dir: string; labels: LabelsFile }[] {
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort()
    .map((name) => ({ name, dir: join(root, name), labels: LabelsFileSchema.parse(parse(readFileSync(join(root, name, 'labels.yaml'), 'utf8'))) }));
}

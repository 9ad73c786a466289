import type { ScanViolation } from '../models/scan-violation.js';
import type { FileNotAnalysed } from './report-schema.js';

/** What a scanner may say about its coverage, besides violations. */
export interface ScannerCoverage {
  /** Files it could not analyse (fully), and why. */
  notAnalysed?: readonly FileNotAnalysed[];
  /** Files it read and judged. */
  filesAnalysed?: number;
  /** Files skipped by policy, counted per reason. */
  skipped?: Readonly<Record<string, number>>;
}

/** The Layer 3 scanner the engine calls: `scanLayer3(rootDir, { scanners })`. */
export type Layer3Scanner = (
  rootDir: string,
  options: { scanners?: readonly string[] },
) => Promise<({ violations: ScanViolation[]; codes?: string[]; truncated?: Partial<Record<string, number>> } & ScannerCoverage) | ScanViolation[]>;

/** A service as Layer 4 sees it. */
export interface Layer4ServiceInput {
  name: string;
  dir: string;
}

/** The Layer 4 scanner the engine calls: `scanLayer4(services, { rootDir })`. */
export type Layer4Scanner = (
  services: Layer4ServiceInput[],
  options?: { rootDir?: string },
) => Promise<({ violations: ScanViolation[]; codes?: string[] } & ScannerCoverage) | ScanViolation[]>;

/** Normalized scanner output. */
export interface ScannerOutput {
  violations: ScanViolation[];
  codes?: string[];
  truncated: Record<string, number>;
  notAnalysed: FileNotAnalysed[];
  filesAnalysed?: number;
  skipped: Record<string, number>;
}

/**
 * Accept either a bare violation list or a result object from a scanner.
 *
 * @example
 * normalizeScannerOutput([]).violations; // []
 */
export function normalizeScannerOutput(out: Awaited<ReturnType<Layer3Scanner>> | Awaited<ReturnType<Layer4Scanner>>): ScannerOutput {
  if (Array.isArray(out)) return { violations: out, truncated: {}, notAnalysed: [], skipped: {} };
  const truncated: Record<string, number> = {};
  for (const [k, v] of Object.entries((out as { truncated?: Record<string, number | undefined> }).truncated ?? {})) if (v) truncated[k] = v;
  const skipped: Record<string, number> = {};
  for (const [k, v] of Object.entries(out.skipped ?? {})) if (v) skipped[k] = v;
  return {
    violations: out.violations,
    ...(out.codes ? { codes: out.codes } : {}),
    truncated,
    notAnalysed: [...(out.notAnalysed ?? [])],
    ...(out.filesAnalysed !== undefined ? { filesAnalysed: out.filesAnalysed } : {}),
    skipped,
  };
}

import { access, constants, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ExitCode } from '@run4/checks';
import { renderReport, writeReports, type ReportFormat } from '../reports/write-reports.js';
import { GateInputError, runQualityGate, type RunQualityGateOptions } from './engine.js';
import type { QualityGateReport } from './report-schema.js';

/**
 * Parse a `--layers` value: `1,2,3,4`, `3-4`, `l3,l4` or `L1..L3`.
 *
 * @example
 * parseLayers('3,4'); // [3, 4]
 * parseLayers('1-3'); // [1, 2, 3]
 */
export function parseLayers(spec: string): Array<1 | 2 | 3 | 4> {
  const out = new Set<1 | 2 | 3 | 4>();
  for (const raw of spec.split(',').map((s) => s.trim().toLowerCase().replace(/l/g, '')).filter(Boolean)) {
    const range = /^([1-4])\s*(?:-|\.\.)\s*([1-4])$/.exec(raw);
    const nums = range ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i) : [Number(raw)];
    for (const n of nums) {
      if (![1, 2, 3, 4].includes(n)) throw new GateInputError(`--layers: "${spec}" is not a layer list; use numbers 1-4, e.g. "3,4" or "1-4".`);
      out.add(n as 1 | 2 | 3 | 4);
    }
  }
  if (out.size === 0) throw new GateInputError(`--layers: "${spec}" names no layer; use e.g. "3,4".`);
  return [...out].sort();
}

/**
 * The CLI exit code for a report: 1 when the verdict blocks (`failed`), else 0.
 *
 * @example
 * gateExitCode(report); // 0 | 1
 */
export function gateExitCode(report: QualityGateReport): 0 | 1 {
  return report.overall_verdict === 'failed' ? ExitCode.VERIFICATION_FAILED : ExitCode.OK;
}

/** Input of {@link runGateCommand}, the body of `run4 gate <dir>`. */
export interface GateCommandOptions extends Omit<RunQualityGateOptions, 'rootDir' | 'layers'> {
  dir: string;
  /** `--layers` as given on the command line. Default: all. */
  layers?: string;
  /** `--format`: what `output` holds. Default `md`. */
  format?: ReportFormat;
  /** When set, all three report files are written here as well. */
  outDir?: string;
  /**
   * `--promotion`: chain the layers with seed 004's promotion gating (a
   * layer with blocking findings stops the later ones). Default false:
   * every layer in `--layers` runs. An explicit `gating` wins.
   */
  promotion?: boolean;
}

/** Fail early, in one line, when `--out-dir` cannot hold the reports (a file, or under one). */
async function checkOutDir(outDir: string): Promise<void> {
  const abs = resolve(outDir);
  for (let p = abs; ; p = dirname(p)) {
    const info = await stat(p).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' || e.code === 'ENOTDIR' ? undefined : e));
    if (info instanceof Error) throw new GateInputError(`--out-dir: cannot use ${abs}: ${info.code ?? info.message} at ${p}.`);
    if (info && !info.isDirectory()) {
      throw new GateInputError(p === abs ? `--out-dir: ${abs} is a file, not a directory; pass a directory for the reports.` : `--out-dir: ${abs} cannot be created because ${p} is a file.`);
    }
    if (info) {
      const writable = await access(p, constants.W_OK).then(() => true, () => false);
      if (!writable) throw new GateInputError(`--out-dir: ${p} is not writable; pass a directory for the reports you can write to.`);
      return;
    }
    if (dirname(p) === p) return;
  }
}

/**
 * Scan a directory with the gate and render the report: what `run4 gate
 * <dir> --layers 3,4 --format sarif` does. Every layer in `--layers` runs
 * (`gating: 'all_layers'`) unless `promotion` asks for seed 004's
 * promotion gating. Throws a GateInputError (exit code 2) for a missing
 * directory, a bad `--layers` or `--format`, or an `--out-dir` that is a
 * file or cannot be written.
 *
 * @example
 * const { output, exitCode } = await runGateCommand({ dir: '.', layers: '3,4', format: 'sarif' });
 * process.stdout.write(output); process.exitCode = exitCode;
 */
export async function runGateCommand(options: GateCommandOptions): Promise<{ report: QualityGateReport; output: string; exitCode: 0 | 1; written: Partial<Record<ReportFormat, string>> }> {
  const format = options.format ?? 'md';
  if (!['md', 'json', 'sarif'].includes(format)) throw new GateInputError(`--format: "${String(format)}" is not one of md, json, sarif.`);
  const layers = options.layers ? parseLayers(options.layers) : undefined;
  const dir = resolve(options.dir);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new GateInputError(`gate: ${dir} is not a directory; pass the repository or service directory to scan.`);
  if (options.outDir !== undefined) await checkOutDir(options.outDir);
  const { dir: _dir, layers: _layers, format: _format, outDir, promotion, ...rest } = options;
  const gating = rest.gating ?? (promotion ? 'promotion' : 'all_layers');
  const report = await runQualityGate({ ...rest, gating, rootDir: dir, ...(layers ? { layers } : {}) });
  const written = outDir
    ? await writeReports(report, outDir).catch((e: NodeJS.ErrnoException) => {
        throw new GateInputError(`--out-dir: cannot write the reports to ${resolve(outDir)}: ${e.code ?? e.message}.`);
      })
    : {};
  return { report, output: renderReport(report, format), exitCode: gateExitCode(report), written };
}

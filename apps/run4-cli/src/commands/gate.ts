import { Run4Error } from '@run4/checks';
import { runGateCommand, type ReportFormat } from '@run4/quality-gate';
import { prepareOutputDir } from '../state/output-dir.js';
import { isSmallSourceTree, keepWasmAtBaselineTier } from './wasm-tier.js';

export interface GateCommandCliOptions {
  layers?: string;
  format?: string;
  outDir?: string;
  /** `--promotion`: seed 004 promotion gating (a blocking layer stops the later ones). */
  promotion?: boolean;
}

/**
 * `run4 gate <dir>`: scan any repository with the quality gate (static
 * layers; L1 when STATE.json files are found is the package's business),
 * print the report in the chosen format, exit 1 when the verdict blocks.
 * Every layer in `--layers` runs; `--promotion` applies seed 004's
 * promotion gating instead. Bad input (missing dir, an `--out-dir` that is
 * a file) is one line on stderr and exit 2.
 *
 * @example
 * const code = await gateCommand('services/', { layers: '3,4', format: 'sarif' });
 */
export async function gateCommand(dir: string, options: GateCommandCliOptions): Promise<number> {
  const format = (options.format ?? 'md') as ReportFormat;
  if (!['md', 'json', 'sarif'].includes(format)) throw new Run4Error(`--format: "${options.format}" is not one of md, json, sarif`, { code: 'USAGE', exitCode: 2 });
  // before the scan: an --out-dir that is a file, unwritable or on procfs (where a recursive mkdir never returns) is one line, exit 2
  if (options.outDir) prepareOutputDir(options.outDir, '--out-dir');
  // before tree-sitter's WebAssembly is compiled: a small project is scanned faster without V8's optimising tier
  if (isSmallSourceTree(dir)) keepWasmAtBaselineTier();
  const result = await runGateCommand({
    dir,
    format,
    ...(options.layers ? { layers: options.layers } : {}),
    ...(options.outDir ? { outDir: options.outDir } : {}),
    ...(options.promotion ? { promotion: true } : {}),
  });
  process.stdout.write(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
  for (const [f, p] of Object.entries(result.written)) process.stderr.write(`wrote ${f}: ${p}\n`);
  return result.exitCode;
}

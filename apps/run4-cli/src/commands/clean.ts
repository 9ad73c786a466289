import { loadConfig } from '../config/index.js';
import { checkOutputDir, OwnedProcesses } from '../state/index.js';
import type { GlobalOptions } from './context.js';

/**
 * `run4 clean`: stop what a killed run left behind in its output directory
 * (owned.json): process groups of the process backend and compose projects
 * of the docker backend. Only processes whose recorded identity (pid, start
 * time, boot) or environment token matches are signalled; a run that is
 * still alive keeps its entries. Exit 0; exit 2 when a live run owns them.
 *
 * @example
 * process.exitCode = await cleanCommand({ outputDir: '.run4' });
 */
export async function cleanCommand(global: GlobalOptions): Promise<number> {
  const { config } = loadConfig({ configPath: global.config, outputDir: global.outputDir });
  if (!checkOutputDir(config.output_dir, '--output-dir')) {
    process.stdout.write(`nothing to clean: ${config.output_dir} does not exist\n`);
    return 0;
  }
  const report = await new OwnedProcesses(config.output_dir).reap({ onProgress: (line) => process.stderr.write(`${line}\n`) });
  for (const k of report.kept) process.stderr.write(`left ${k.entry}: ${k.reason}\n`);
  const projects = report.composeProjects.length ? `, compose project(s) ${report.composeProjects.join(', ')}` : '';
  process.stdout.write(`reaped ${report.killed.length} process(es)${projects}; ${report.gone} record(s) had nothing left\n`);
  return report.kept.some((k) => k.reason.includes('still running')) ? 2 : 0;
}

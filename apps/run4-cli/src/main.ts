import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, Run4Error, summarizeChecks, formatSummaryLine } from '@run4/checks';
import { DEFAULT_CONFIG_FILE, findInstallRoot, renderDefaultConfig } from './config/index.js';
import { adoptOwnership, createContext, type GlobalOptions } from './commands/context.js';
import { cleanCommand } from './commands/clean.js';
import { installSignalHandlers } from './commands/signals.js';
import { renderScoreTable, statusCommand } from './commands/status.js';
import { runProbe, type ProbeCommandOptions } from './commands/probe.js';
import { gateCommand } from './commands/gate.js';
import { interposeCommand, type InterposeCommandOptions } from './commands/interpose.js';
import { executeMilestone, runAll, writeJUnit } from './milestones/runner.js';
import type { MilestoneResult, RunOptions } from './milestones/types.js';
import { StateStore, writeUserFile } from './state/index.js';

const program = new Command();
program
  .name('run4')
  .description('Run 4: verify a multi-service, MCP-based pipeline end to end, with evidence.')
  .option('-c, --config <file>', `config file (default: ./${DEFAULT_CONFIG_FILE} if present, else the embedded reference stack)`)
  .option('-o, --output-dir <dir>', 'output directory for RUN4_STATE.json and reports (default: .run4)')
  .option('-v, --verbose', 'print every check as it completes')
  .option('--no-tty', 'plain progress lines instead of the live view on a terminal (also when stderr is not a terminal or CI is set)')
  .showHelpAfterError('(run "run4 --help" for usage)')
  .exitOverride();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();
const backendOption = () => new Option('--backend <backend>', 'deploy backend').choices(['auto', 'docker', 'process']);
const plantOption = () => new Option('--plant <codes>', 'plant violations in the reference builds, e.g. HEALTH-001,SCHEMA-001,LOG-001');

function runOptions(opts: { backend?: RunOptions['backend']; plant?: string }): RunOptions {
  return { backend: opts.backend, plant: opts.plant ? opts.plant.split(',').map((s) => s.trim()).filter(Boolean) : undefined };
}

async function withContext<T>(run: RunOptions, fn: (ctx: ReturnType<typeof createContext>) => Promise<T>, mode: { resume?: boolean } = {}): Promise<T> {
  const controller = new AbortController();
  const ctx = createContext(globals(), run, controller.signal, mode);
  const dispose = installSignalHandlers(ctx, controller);
  try {
    ctx.cleanup.add('stop recording owned processes', await adoptOwnership(ctx));
    return await fn(ctx);
  } finally {
    const errors = await ctx.cleanup.runAll();
    for (const e of errors) ctx.progress.info(`teardown: ${e}`);
    dispose();
  }
}

function finish(results: MilestoneResult[], outputDir: string): number {
  const all = results.flatMap((r) => r.checks);
  const summary = summarizeChecks(all);
  const junit = writeJUnit(outputDir);
  const state = new StateStore(outputDir).load();
  const table = state ? renderScoreTable(state) : '';
  if (table) process.stdout.write(`${table}\n`);
  for (const r of results) for (const [name, file] of Object.entries(r.artifacts)) process.stdout.write(`M${r.milestone} ${name}: ${file}\n`);
  process.stdout.write(`${formatSummaryLine(summary)}\n`);
  process.stdout.write(`state: ${path.join(outputDir, 'RUN4_STATE.json')}\njunit: ${junit}\n`);
  return results.every((r) => r.status === 'PASS') ? ExitCode.OK : ExitCode.VERIFICATION_FAILED;
}

program
  .command('init')
  .description(`write ${DEFAULT_CONFIG_FILE} with every setting at its default`)
  .option('--force', 'overwrite an existing file')
  .option('--print', 'print the config to stdout instead of writing it')
  .action((opts: { force?: boolean; print?: boolean }) => {
    const text = renderDefaultConfig(findInstallRoot(), process.cwd());
    if (opts.print) {
      process.stdout.write(text);
      return;
    }
    const file = path.resolve(globals().config ?? DEFAULT_CONFIG_FILE);
    if (existsSync(file) && !statSync(file).isDirectory() && !opts.force) {
      throw new Run4Error(`${file} already exists (fix: pass --force to overwrite it)`, { code: 'INIT_EXISTS', exitCode: 2 });
    }
    writeUserFile(file, text, 'config file');
    process.stdout.write(`wrote ${file}\n`);
  });

program
  .command('status')
  .description('show RUN4_STATE.json as a table')
  .option('--json', 'print the raw state as JSON')
  .action((opts: { json?: boolean }) => {
    process.exitCode = statusCommand(globals(), opts);
  });

program
  .command('clean')
  .description('stop the processes and compose projects a killed run left behind (recorded in <output-dir>/owned.json)')
  .action(async () => {
    process.exitCode = await cleanCommand(globals());
  });

program
  .command('milestone')
  .description('run one milestone (m1..m6); its DAG prerequisites must be complete')
  .argument('<milestone>', 'm1, m2, m3, m4, m5 or m6')
  .addOption(backendOption())
  .addOption(plantOption())
  .action(async (name: string, opts: { backend?: RunOptions['backend']; plant?: string }) => {
    const m = /^m?([1-6])$/i.exec(name);
    if (!m) throw new Run4Error(`unknown milestone "${name}" (fix: use one of m1, m2, m3, m4, m5, m6)`, { code: 'USAGE', exitCode: 2 });
    const n = Number(m[1]);
    process.exitCode = await withContext(runOptions(opts), async (ctx) => {
      if (n === 1) {
        // M1 starts a run: keep the run id when resuming an interrupted one.
        const existing = ctx.store.load();
        if (!existing) await ctx.store.update((s) => s);
      }
      const result = await executeMilestone(n, ctx);
      return finish([result], ctx.outputDir);
    });
  });

program
  .command('run')
  .description('run the whole chain M1 → (M2 ∥ M3) → M4 → M5 → M6 on the configured (default: embedded) stack')
  .option('--resume', 'continue from the last completed milestone instead of starting fresh')
  .addOption(backendOption())
  .addOption(plantOption())
  .action(async (opts: { resume?: boolean; backend?: RunOptions['backend']; plant?: string }) => {
    const resume = Boolean(opts.resume);
    process.exitCode = await withContext(runOptions(opts), async (ctx) => finish(await runAll(ctx, { resume }), ctx.outputDir), { resume });
  });

program
  .command('resume')
  .description('continue an interrupted or failed run from the last completed milestone (same as "run --resume")')
  .addOption(backendOption())
  .addOption(plantOption())
  .action(async (opts: { backend?: RunOptions['backend']; plant?: string }) => {
    process.exitCode = await withContext(runOptions(opts), async (ctx) => finish(await runAll(ctx, { resume: true }), ctx.outputDir), { resume: true });
  });

program
  .command('probe')
  .description('verify the MCP servers of a standard .mcp.json: handshake, inventory, round trips, lifecycle, latency')
  .option('--mcp-config <file>', 'the .mcp.json to probe (default: mcp_config_path of the config, i.e. the reference Build 1)')
  .option('--server <name...>', 'only these servers')
  .addOption(new Option('--profile <profile>', 'expected inventory: build1 (the 4/9/7 tools of the seeds) or auto (whatever is listed)').choices(['build1', 'auto']))
  .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'junit']).default('text'))
  .option('--call-tools <tools>', 'also call tools that may write (not annotated readOnlyHint: true, not in the profile): all, or tool / server/tool names, comma-separated (default: safe)')
  .action(async (opts: ProbeCommandOptions) => {
    process.exitCode = await runProbe(globals(), opts);
  });

program
  .command('gate')
  .description('run the quality gate on any directory and print the report (exit 1 when the verdict is failed)')
  .argument('<dir>', 'repository or service directory to scan')
  .option('--layers <layers>', 'layers to run, e.g. "3,4" or "1-4" (default: all)')
  .addOption(new Option('--format <format>', 'report format on stdout').choices(['md', 'json', 'sarif']).default('md'))
  .option('--out-dir <dir>', 'also write QUALITY_GATE_REPORT.md, quality_gate_report.json and quality_gate.sarif here')
  .option('--promotion', "seed 004 promotion gating: a layer with blocking findings stops the later ones (default: every --layers layer runs)")
  .action(async (dir: string, opts: { layers?: string; format?: string; outDir?: string; promotion?: boolean }) => {
    process.exitCode = await gateCommand(dir, opts);
  });

program
  .command('interpose')
  .description('stand in for an MCP server (stdio, or streamable HTTP with --http-target): forward every message unchanged, record a JSONL trace, inject faults (exits with the server\'s code)')
  .argument('[command...]', 'the stdio server command and its arguments, after --')
  .option('--http-target <url>', 'proxy this streamable-HTTP server instead (listens on 127.0.0.1, prints its URL; Ctrl+C stops)')
  .option('--port <port>', 'with --http-target: port to listen on (default: a free one)')
  .option('--trace <file>', 'append every message (timestamps, direction, method, tool) to this JSONL trace')
  .option('--faults <file>', 'fault schedule (.json or .yaml) to inject')
  .option('--state <file>', 'counter file shared by every start (default: <trace>.state.json)')
  .option('--no-bodies', 'leave message bodies out of the trace')
  .action(async (command: string[], opts: InterposeCommandOptions) => {
    process.exitCode = await interposeCommand(command, opts);
  });

async function main(argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        process.exitCode = ExitCode.OK;
      } else {
        process.exitCode = ExitCode.USAGE;
      }
      return;
    }
    if (error instanceof Run4Error) {
      process.stderr.write(`run4: ${error.message}\n`);
      if (globals().verbose && error.stack) process.stderr.write(`${error.stack}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const verbose = Boolean(globals().verbose);
    const errno = error as NodeJS.ErrnoException;
    if (typeof errno?.code === 'string' && typeof errno.syscall === 'string') {
      // a file-system refusal that no command turned into its own message: still one line, exit 2
      process.stderr.write(`run4: ${errno.message} (fix: check that path and its permissions, or choose another --output-dir)\n`);
      if (verbose && errno.stack) process.stderr.write(`${errno.stack}\n`);
      process.exitCode = ExitCode.USAGE;
      return;
    }
    process.stderr.write(`run4: unexpected error: ${verbose ? ((error as Error)?.stack ?? String(error)) : `${(error as Error)?.message ?? String(error)} (run with --verbose for the stack trace)`}\n`);
    process.exitCode = ExitCode.VERIFICATION_FAILED;
  }
}

await main(process.argv);
// Every milestone closes what it opened and the cleanup registry has run; do not let a
// stray handle (a child's pipe, a socket) keep a finished run alive.
process.exit(process.exitCode ?? 0);

// The command-line definitions only: each command's implementation (and the
// milestone runner) is imported inside the action that runs it, so `--help`,
// a usage error or `run4 gate` load only what they use.
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_CONFIG_FILE } from './config/default-config-file.js';
import type { GlobalOptions } from './commands/context.js';
import type { MilestoneCommandOptions } from './commands/run-milestones.js';
import type { ProbeCommandOptions } from './commands/probe.js';
import type { InterposeCommandOptions } from './commands/interpose.js';

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

program
  .command('init')
  .description(`write ${DEFAULT_CONFIG_FILE} with every setting at its default`)
  .option('--force', 'overwrite an existing file')
  .option('--print', 'print the config to stdout instead of writing it')
  .action(async (opts: { force?: boolean; print?: boolean }) => {
    const { initCommand } = await import('./commands/init.js');
    initCommand(globals(), opts);
  });

program
  .command('status')
  .description('show RUN4_STATE.json as a table')
  .option('--json', 'print the raw state as JSON')
  .action(async (opts: { json?: boolean }) => {
    const { statusCommand } = await import('./commands/status.js');
    process.exitCode = statusCommand(globals(), opts);
  });

program
  .command('clean')
  .description('stop the processes and compose projects a killed run left behind (recorded in <output-dir>/owned.json)')
  .action(async () => {
    const { cleanCommand } = await import('./commands/clean.js');
    process.exitCode = await cleanCommand(globals());
  });

program
  .command('milestone')
  .description('run one milestone (m1..m6); its DAG prerequisites must be complete')
  .argument('<milestone>', 'm1, m2, m3, m4, m5 or m6')
  .addOption(backendOption())
  .addOption(plantOption())
  .action(async (name: string, opts: MilestoneCommandOptions) => {
    const { milestoneCommand } = await import('./commands/run-milestones.js');
    process.exitCode = await milestoneCommand(globals(), name, opts);
  });

program
  .command('run')
  .description('run the whole chain M1 → (M2 ∥ M3) → M4 → M5 → M6 on the configured (default: embedded) stack')
  .option('--resume', 'continue from the last completed milestone instead of starting fresh')
  .addOption(backendOption())
  .addOption(plantOption())
  .action(async (opts: MilestoneCommandOptions & { resume?: boolean }) => {
    const { runCommand } = await import('./commands/run-milestones.js');
    process.exitCode = await runCommand(globals(), opts, { resume: Boolean(opts.resume) });
  });

program
  .command('resume')
  .description('continue an interrupted or failed run from the last completed milestone (same as "run --resume")')
  .addOption(backendOption())
  .addOption(plantOption())
  .action(async (opts: MilestoneCommandOptions) => {
    const { runCommand } = await import('./commands/run-milestones.js');
    process.exitCode = await runCommand(globals(), opts, { resume: true });
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
    const { runProbe } = await import('./commands/probe.js');
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
    const { gateCommand } = await import('./commands/gate.js');
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
  .option('--env <KEY=VALUE>', "set in the server's environment (repeatable; the rest is inherited)", (v: string, prev: string[] = []) => [...prev, v])
  .option('--env-default <KEY=VALUE>', "set in the server's environment unless the client already set it (repeatable)", (v: string, prev: string[] = []) => [...prev, v])
  .option('--cwd <dir>', "the server's working directory (default: the current one)")
  .action(async (command: string[], opts: InterposeCommandOptions) => {
    const { interposeCommand } = await import('./commands/interpose.js');
    process.exitCode = await interposeCommand(command, opts);
  });

// Commander has already printed its help or its one-line usage error. These are
// ExitCode.OK and ExitCode.USAGE of @run4/checks, written out so that `--help`
// and a mistyped option do not load that package (and zod behind it).
const HELP_EXIT = 0;
const USAGE_EXIT = 2;

async function main(argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const help = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
      process.exitCode = help ? HELP_EXIT : USAGE_EXIT;
      return;
    }
    const { reportError } = await import('./commands/report-error.js');
    process.exitCode = reportError(error, Boolean(globals().verbose));
  }
}

await main(process.argv);
// Every milestone closes what it opened and the cleanup registry has run; do not let a
// stray handle (a child's pipe, a socket) keep a finished run alive.
process.exit(process.exitCode ?? 0);

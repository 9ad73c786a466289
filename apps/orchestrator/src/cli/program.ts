import { Command, InvalidArgumentError, Option } from 'commander';
import type { GlobalOptions } from './session.js';

// The command bodies (and the packages behind them) load on first use, so
// `--help` and `status` start fast.
const commands = () => import('./commands.js');

/** The eight commands of seed 004 section 9.1, in the seed's order. */
export const COMMANDS = ['init', 'plan', 'build', 'integrate', 'verify', 'run', 'status', 'resume'] as const;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').filter(Boolean)];
}

/**
 * The `super-orchestrator` command line (commander). `onExit` receives each
 * command's exit code.
 *
 * @example
 * await createProgram((code) => process.exit(code)).parseAsync(process.argv);
 */
export function createProgram(onExit: (code: number) => void): Command {
  const program = new Command('super-orchestrator')
    .description('Build 3 super orchestrator: PRD -> architect (Build 1) -> contracts -> builders (Build 2) -> integration -> quality gate -> fix passes')
    .option('-c, --config <path>', 'path to config.yaml (default: <output-dir>/config.yaml, else built-in defaults)')
    .option('-v, --verbose', 'verbose output (every deployment detail line)')
    .addOption(new Option('--depth <depth>', 'override depth').choices(['quick', 'standard', 'thorough', 'exhaustive']))
    .option('-o, --output-dir <path>', 'output directory; state and artifacts go to <output-dir>/.super-orchestrator', '.')
    .showHelpAfterError()
    .exitOverride();
  const run = (body: (globals: GlobalOptions, args: string[]) => Promise<number>) => async (...actionArgs: unknown[]) => {
    const cmd = actionArgs[actionArgs.length - 1] as Command;
    const { guarded } = await import('./guarded.js');
    onExit(await guarded(() => body(cmd.optsWithGlobals() as GlobalOptions, cmd.args)));
  };

  program
    .command('init')
    .description('Initialize a new build from a PRD file')
    .argument('<prd_path>', 'path to the PRD (Markdown, > 100 characters)')
    .option('--force', 'replace a pipeline that is in progress')
    .action(run(async (o, args) => (await commands()).initCommand(args[0] ?? '', o as GlobalOptions & { force?: boolean })));
  program
    .command('plan')
    .description('Run the Architect to produce service decomposition')
    .option('--system <name>', 'which system to plan (repeatable or comma-separated; default all)', collect)
    .action(run(async (o) => (await commands()).planCommand(o as GlobalOptions & { system?: string[] })));
  program
    .command('build')
    .description('Run Builders to produce service code')
    .option('--parallel', 'run builders in parallel (default)')
    .option('--sequential', 'run one builder at a time')
    .option('-s, --system <name>', 'build specific systems only (repeatable)', collect)
    .option('--max-concurrent <n>', 'max concurrent builders (default: builder.max_concurrent)', positiveInt)
    .action(run(async (o) => (await commands()).buildCommand({ ...(o as GlobalOptions & { system?: string[]; maxConcurrent?: number }), parallel: !(o as { sequential?: boolean }).sequential })));
  program
    .command('integrate')
    .description('Run the Integrator to deploy and test services')
    .option('--compose-file <path>', 'deploy this compose file instead of the generated one')
    .action(run(async (o) => (await commands()).integrateCommand(o as GlobalOptions & { composeFile?: string })));
  program
    .command('verify')
    .description('Run the Quality Gate verification')
    .option('--fix', 'auto-fix failures with fix passes (default)')
    .option('--no-fix', 'do not run fix passes')
    .option('--layer <n>', 'run one layer only (1-4)', (v) => Number(v))
    .action(run(async (o) => (await commands()).verifyCommand(o as GlobalOptions & { fix?: boolean; layer?: number })));
  program
    .command('run')
    .description('Run full pipeline: plan -> build -> integrate -> verify')
    .argument('[prd_path]', 'path to the PRD (or --prd)')
    .option('--prd <path>', 'path to the PRD')
    .option('--resume', 'resume from saved state')
    .option('--fresh', 'start from a fresh state (default)')
    .action(run(async (o, args) => (await commands()).runCommand((o as { prd?: string }).prd ?? args[0], o as GlobalOptions & { resume?: boolean })));
  program
    .command('status')
    .description('Show current pipeline state and progress')
    .option('--json', 'print PIPELINE_STATE.json')
    .action(run(async (o) => (await commands()).statusCommand(o as GlobalOptions & { json?: boolean })));
  program
    .command('resume')
    .description('Resume an interrupted pipeline from saved state')
    .action(run(async (o) => (await commands()).resumeCommand(o)));
  return program;
}

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { DEPTHS, loadBuilderConfig, type Depth } from './config.js';
import { BUILDER_VERSION } from './version.js';
import { BuilderError } from './errors.js';
import { PLANTABLE, type PlantCode } from './generate/plant.js';

function parsePlant(value: string): PlantCode[] {
  const codes = value.split(',').map((c) => c.trim()).filter(Boolean);
  const unknown = codes.filter((c) => !(PLANTABLE as readonly string[]).includes(c));
  if (codes.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(`unknown violation code(s) ${unknown.join(', ') || '(none given)'}; choose from ${PLANTABLE.join(', ')}`);
  }
  return [...new Set(codes)] as PlantCode[];
}

/**
 * The agent_team-compatible command line:
 * `cli.js --cwd DIR --depth quick|standard|thorough|exhaustive [--plant CODES] [--validate-config]`.
 * Resolves to the process exit code (0 built, 1 build failed, 2 bad input).
 *
 * @example
 * process.exitCode = await main(['node', 'cli.js', '--cwd', '/tmp/b/order-service', '--depth', 'standard']);
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('run4-reference-builder')
    .description('Run 4 reference Build 2: generate a runnable Node service from config.yaml and its OpenAPI/AsyncAPI contracts')
    .version(BUILDER_VERSION)
    .requiredOption('--cwd <dir>', 'builder directory holding config.yaml (receives the service and .agent-team/STATE.json)')
    .addOption(new Option('--depth <depth>', 'build depth; quick runs a fix pass when FIX_INSTRUCTIONS.md is present').choices(DEPTHS).makeOptionMandatory())
    .option('--plant <codes>', `plant seed violations (comma-separated: ${PLANTABLE.join(',')})`, parsePlant)
    .option('--validate-config', 'only parse and validate config.yaml, print a one-line summary')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    .showSuggestionAfterError(true);
  try {
    program.parse(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      return 2;
    }
    throw error;
  }
  const opts = program.opts<{ cwd: string; depth: Depth; plant?: PlantCode[]; validateConfig?: boolean }>();
  const dir = resolve(opts.cwd);
  try {
    if (opts.validateConfig) {
      const config = await loadBuilderConfig(dir);
      process.stdout.write(
        `config.yaml OK: service ${config.service.name} port ${config.service.port}, depth ${config.depth ?? opts.depth}, openapi ${config.contracts.openapi}${config.contracts.asyncapi ? `, asyncapi ${config.contracts.asyncapi}` : ''}\n`,
      );
      return 0;
    }
    // Loaded on demand so argument and config errors answer without loading the contract parsers.
    const { build } = await import('./build.js');
    const outcome = await build({ dir, depth: opts.depth, plant: opts.plant ?? [] });
    const s = outcome.state.summary;
    process.stdout.write(
      `${outcome.mode === 'fix' ? 'fix pass' : 'build'} ${outcome.state.service}: health ${outcome.state.health}, tests ${s.test_passed}/${s.test_total}, state ${outcome.statePath}\n`,
    );
    return s.success ? 0 : 1;
  } catch (error) {
    if (error instanceof BuilderError) {
      process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`error: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /cli\.(js|ts)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}

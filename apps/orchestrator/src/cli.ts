import { CommanderError } from 'commander';
import { createProgram } from './cli/program.js';

// super-orchestrator: exit 0 success, 1 pipeline failed, 2 bad input, 130/143 interrupted.
const program = createProgram((code) => {
  process.exitCode = code;
  // Children are stopped and the state saved by now; do not wait on stray handles.
  setImmediate(() => process.exit(code));
});
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    const code = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? 0 : 2;
    process.exit(code);
  }
  process.stderr.write(`super-orchestrator: ${(error as Error).message}\n`);
  process.exit(1);
}

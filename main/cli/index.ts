import { Command, CommanderError } from 'commander';
import { CliError } from './errors.js';
import { HEADROOM_VERSION } from '../version.js';
import { registerPlanning } from './commands/plan.js';
import { registerSimulate } from './commands/simulate.js';
import { registerValidate } from './commands/validate.js';
import { registerReport } from './commands/report.js';
import { registerDiff } from './commands/diff.js';
import { tuneEngineVm } from '../services/engine-vm.js';

/** Builds the `headroom` command line; each subcommand lives in its own file under commands/. */
export function buildCli(): Command {
  const program = new Command('headroom')
    .description('Headroom: API traffic simulator and capacity planner')
    .version(HEADROOM_VERSION)
    .exitOverride()
    .showHelpAfterError();
  registerValidate(program);
  registerSimulate(program);
  registerPlanning(program);
  registerReport(program);
  registerDiff(program);
  return program;
}

/** Runs the CLI; user errors print one clear message and exit 1, never a stack trace. */
export async function runCli(argv: string[]): Promise<number> {
  tuneEngineVm();
  const program = buildCli();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`headroom: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`headroom: internal error: ${message}\n`);
    return 70;
  }
}

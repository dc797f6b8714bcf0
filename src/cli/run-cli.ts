import { type Command, CommanderError } from "commander";
import { CliError } from "./cli-errors.js";
import type { CliIo } from "./command-context.js";
import { ExitCode } from "./exit-codes.js";
import { buildProgram } from "./program.js";

/** Runs one `coprsim` command line; resolves to the process's exit status (see exit-codes.ts). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  exitOverrideEverywhere(program);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return ExitCode.SUCCESS;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.SUCCESS : ExitCode.USAGE;
    }
    if (error instanceof CliError) {
      if (program.opts().json === true && error.answer !== undefined) {
        io.stdout.write(`${JSON.stringify(error.answer, null, 2)}\n`);
      }
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`coprsim: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.UNEXPECTED;
  }
}

/** Commander exits the process on a usage error by default; every command throws instead. */
function exitOverrideEverywhere(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) exitOverrideEverywhere(sub);
}

import { readFileSync } from "node:fs";
import { Command } from "commander";
import { type CliIo, CommandContext, type GlobalOptions } from "./command-context.js";
import { registerAuthCommands } from "./commands/auth.commands.js";
import { registerSessionCommands } from "./commands/session.commands.js";
import { registerSimCommands } from "./commands/sim.commands.js";
import { registerSnapshotCommands } from "./commands/snapshot.commands.js";
import { registerTaskCommands } from "./commands/task.commands.js";
import { registerVolumeCommands } from "./commands/volume.commands.js";
import { DEFAULT_URL } from "./config/cli-config.js";
import { exitCodesHelp } from "./exit-codes.js";

const ENVIRONMENT_HELP = [
  "Environment:",
  `  COPRSIM_URL       the service URL when --url is not given (then the last login's, then ${DEFAULT_URL})`,
  "  COPRSIM_USER, COPRSIM_PASSWORD   login credentials when the options are not given",
  "  XDG_CONFIG_HOME   where the login is kept: $XDG_CONFIG_HOME/coprsim/config.json (else ~/.config/coprsim)",
].join("\n");

/** The package's version: package.json is two levels up from both src/cli and dist/cli. */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string })
      .version;
  } catch {
    return "unknown";
  }
}

/** The `coprsim` command line: every command talks to the service over its HTTP API only. */
export function buildProgram(io: CliIo): Command {
  const program = new Command("coprsim")
    .description("Command-line client of coprsim, the ViPR Controller (CoprHD) compatible storage simulator.")
    .version(packageVersion(), "-V, --version", "print the version")
    .option("--url <url>", "service URL, http:// or https://")
    .option("--insecure", "accept the service's self-signed HTTPS certificate (kept for that URL by login)")
    .option("--json", "print the API's JSON answer (for scripts; no progress bars)")
    .showHelpAfterError()
    .addHelpText("after", `\n${exitCodesHelp()}\n\n${ENVIRONMENT_HELP}\n`)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const open = (command: Command) => CommandContext.open(io, command.optsWithGlobals<GlobalOptions>());
  registerAuthCommands(program, open);
  registerVolumeCommands(program, open);
  registerSessionCommands(program, open);
  registerSnapshotCommands(program, open);
  registerTaskCommands(program, open);
  registerSimCommands(program, open);
  return program;
}

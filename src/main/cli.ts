#!/usr/bin/env node
import { runCli } from "../cli/run-cli.js";

/** `coprsim`, the command-line client (the package's `coprsim` bin, bin/coprsim.js, runs it). */

// A reader that stops early (`coprsim --help | head`) is not a failure of the command.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});

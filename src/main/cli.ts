#!/usr/bin/env node
import { runCli } from "../cli/run-cli.js";

/** `coprsim`, the command-line client (`npx tsx src/main/cli.ts`, or the `coprsim` bin once built). */
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});

#!/usr/bin/env node
// `coprsim`, the command-line client, as the package's bin. In a checkout it runs the
// TypeScript sources through tsx, so it works straight after `npm ci` and never runs a
// build older than the sources; where only the build is (the image), it runs dist/.
import { existsSync } from "node:fs";

const sources = new URL("../src/main/cli.ts", import.meta.url);
const build = new URL("../dist/main/cli.js", import.meta.url);

if (existsSync(sources)) {
  const { tsImport } = await import("tsx/esm/api");
  await tsImport(sources.href, import.meta.url);
} else {
  await import(build.href);
}

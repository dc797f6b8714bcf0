import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { describe, it } from "vitest";

/** Debian's `chromium` package; `.ci/run` installs it when missing. */
const CHROMIUM = "/usr/bin/chromium";
/** Without the background-networking flags Chromium hangs or retries endlessly on a closed network. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const chromiumMissing = !existsSync(CHROMIUM);

/**
 * A browser test suite: skipped with a message when Chromium is absent on a developer's machine,
 * but run (and failing at launch) when CI is set, so CI never passes it by skipping.
 */
export function describeInChromium(title: string, suite: () => void): void {
  if (chromiumMissing && !process.env.CI) {
    const reason = `skipped: ${CHROMIUM} is absent (apt-get install chromium); with CI set this test fails instead`;
    console.warn(`${title}: ${reason}`);
    describe(title, () => it.skip(reason, () => {}));
    return;
  }
  describe(title, suite);
}

export function launchHeadlessChromium(): Promise<Browser> {
  if (chromiumMissing) throw new Error(`CI is set and ${CHROMIUM} is missing: install Debian's chromium package`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
